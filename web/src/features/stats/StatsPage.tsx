// 统计分析 (/stats, stats.view): a region and a period; the headline figures as "95.2% (120/126)"; a trend
// chart (ECharts); breakdown tables by region (click a row to drill down), category, type, channel, level and
// unit; the monthly/quarterly report as Excel or PDF. Every number comes from GET /api/stats/* (docs/METRICS.md).
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import { ArrowUpOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { errorMessage } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { frac, pct, statsApi, type By, type Figures, type Group, type Overview, type Rate } from './api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Mode = 'month' | 'quarter' | 'custom';
const RATES = ['closureRate', 'onTimeClosureRate', 'resolutionRate', 'satisfactionRate', 'reworkRate', 'villageRetentionRate', 'townRetentionRate', 'countyRetentionRate'] as const;
const COUNTS = ['received', 'filed', 'closed', 'inProgress', 'overdueOpen'] as const;
const BYS: By[] = ['region', 'category', 'type', 'channel', 'level', 'unit'];

function RateValue({ r, testId }: { r: Rate; testId?: string }) {
  return (
    <Tooltip title={frac(r)}>
      <span data-testid={testId}>
        {pct(r)} <Typography.Text type="secondary">({frac(r)})</Typography.Text>
      </span>
    </Tooltip>
  );
}

function Trend({ items, t }: { items: ({ period: string } & Figures)[]; t: (k: MessageKey) => string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('stats.received'), t('stats.closed')] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: items.map((i) => i.period) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('stats.received'), type: 'bar', data: items.map((i) => i.received), itemStyle: { color: '#1677ff' } },
          { name: t('stats.closed'), type: 'line', data: items.map((i) => i.closed), itemStyle: { color: '#52c41a' } },
        ],
      },
      true,
    );
  }, [items, t]);
  return <div ref={el} style={{ width: '100%', height: 280 }} data-testid="stats-trend" />;
}

/** Every day or month of the period on the axis, zero where nothing happened. */
function fill(items: ({ period: string } & Figures)[], from: Dayjs, to: Dayjs, unit: 'day' | 'month') {
  const byKey = new Map(items.map((i) => [i.period, i]));
  const out: ({ period: string } & Figures)[] = [];
  const fmt = unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  for (let d = from.startOf(unit); !d.isAfter(to, unit); d = d.add(1, unit)) {
    const k = d.format(fmt);
    out.push(byKey.get(k) ?? ({ period: k, received: 0, closed: 0 } as { period: string } & Figures));
  }
  return out;
}

export default function StatsPage() {
  const { t } = useI18n();
  const user = useUser();
  const [region, setRegion] = useState<string | undefined>(user.regionCode ?? undefined);
  const [trail, setTrail] = useState<string[]>([]);
  const [mode, setMode] = useState<Mode>('month');
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [by, setBy] = useState<By>('region');
  const [overview, setOverview] = useState<Overview | null>(null);
  const [groups, setGroups] = useState<Group[]>([]);
  const [trend, setTrend] = useState<({ period: string } & Figures)[]>([]);
  const [error, setError] = useState<string | null>(null);

  const period = useMemo(() => {
    if (mode === 'month') return { from: month.startOf('month'), to: month.endOf('month'), key: month.format('YYYY-MM'), series: 'day' as const };
    if (mode === 'quarter') {
      const q = Math.floor(month.month() / 3);
      const start = month.month(q * 3).startOf('month');
      return { from: start, to: start.add(2, 'month').endOf('month'), key: `${month.year()}-Q${q + 1}`, series: 'month' as const };
    }
    return { from: range[0], to: range[1], key: null, series: range[1].diff(range[0], 'day') > 62 ? ('month' as const) : ('day' as const) };
  }, [mode, month, range]);
  const r = useMemo(() => ({ region, from: period.from.format('YYYY-MM-DD'), to: period.to.format('YYYY-MM-DD') }), [region, period]);

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([statsApi.overview(r), statsApi.series(r, period.series)])
      .then(([o, s]) => live && (setOverview(o), setTrend(fill(s.items, period.from, period.to, period.series))))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [r, period]);
  useEffect(() => {
    let live = true;
    statsApi.breakdown(r, by).then((b) => live && setGroups(b.items)).catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [r, by]);

  const drill = (g: Group) => {
    if (by !== 'region' || !g.code) return;
    setTrail((x) => [...x, overview?.region.code ?? region ?? '']);
    setRegion(g.code);
  };
  const up = () => {
    setRegion(trail[trail.length - 1] || undefined);
    setTrail((x) => x.slice(0, -1));
  };

  const columns = [
    { title: t(`stats.by.${by}` as MessageKey), dataIndex: 'name', render: (n: string, g: Group) => (by === 'region' && g.code ? <a data-testid="stats-drill">{n}</a> : n) },
    ...(['received', 'closed', 'inProgress'] as const).map((k) => ({ title: t(`stats.${k}` as MessageKey), dataIndex: k, align: 'right' as const, render: (n: number) => n.toLocaleString() })),
    ...(['onTimeClosureRate', 'satisfactionRate', 'resolutionRate', 'townRetentionRate'] as const).map((k) => ({ title: t(`stats.${k}` as MessageKey), dataIndex: k, render: (v: Rate) => <RateValue r={v} /> })),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('stats.title')}{overview ? ` · ${overview.region.name}` : ''}</Typography.Title>
      <Card size="small">
        <Space wrap>
          <span>{t('stats.region')}</span>
          <RegionSelect value={region} root={user.regionCode} onChange={(c) => (setRegion(c), setTrail([]))} data-testid="stats-region" className="fq-stats-region" />
          {trail.length > 0 && <Button icon={<ArrowUpOutlined />} onClick={up} data-testid="stats-up">{t('stats.up')}</Button>}
          <span>{t('stats.period')}</span>
          <Segmented<Mode> value={mode} onChange={setMode} options={(['month', 'quarter', 'custom'] as const).map((m) => ({ value: m, label: t(`stats.${m}` as MessageKey) }))} />
          {mode === 'custom' ? (
            <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          ) : (
            <DatePicker picker={mode} value={month} allowClear={false} onChange={(v) => v && setMonth(v)} data-testid="stats-month" />
          )}
          {period.key && (
            <>
              <Button icon={<FileExcelOutlined />} href={statsApi.reportUrl(region, period.key, 'xlsx')} data-testid="stats-xlsx">{t('stats.export.xlsx')}</Button>
              <Button icon={<FilePdfOutlined />} href={statsApi.reportUrl(region, period.key, 'pdf')} target="_blank" data-testid="stats-pdf">{t('stats.export.pdf')}</Button>
            </>
          )}
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      {overview && (
        <>
          <Row gutter={[12, 12]}>
            {COUNTS.map((k) => (
              <Col key={k} xs={12} sm={8} md={4}>
                <Card size="small"><Statistic title={t(`stats.${k}` as MessageKey)} value={overview[k]} /></Card>
              </Col>
            ))}
            <Col xs={12} sm={8} md={4}>
              <Card size="small">
                <Statistic title={t('stats.handling')} value={overview.handlingDays.count ? `${overview.handlingDays.average} / ${overview.handlingDays.median}` : '—'} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            {RATES.map((k) => (
              <Col key={k} xs={12} sm={8} md={6}>
                <Card size="small" data-testid={`stats-${k}`}>
                  <Typography.Text type="secondary">{t(`stats.${k}` as MessageKey)}</Typography.Text>
                  <div style={{ fontSize: 20 }}><RateValue r={overview[k]} /></div>
                  {k === 'satisfactionRate' && <Typography.Text type="secondary">{t('stats.unrated')} {overview.unrated}</Typography.Text>}
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">{t('stats.cohort')}</Typography.Text>
        </>
      )}
      <Card size="small" title={t('stats.trend')}>
        <Trend items={trend} t={t} />
      </Card>
      <Card size="small">
        <Tabs activeKey={by} onChange={(k) => setBy(k as By)} items={BYS.map((b) => ({ key: b, label: t(`stats.by.${b}` as MessageKey) }))} />
        {by === 'region' && <Typography.Text type="secondary">{t('stats.drill')}</Typography.Text>}
        <Table<Group>
          size="small"
          rowKey="key"
          dataSource={groups}
          columns={columns}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(g) => ({ onClick: () => drill(g), style: by === 'region' && g.code ? { cursor: 'pointer' } : undefined })}
          data-testid="stats-table"
        />
      </Card>
    </Space>
  );
}
