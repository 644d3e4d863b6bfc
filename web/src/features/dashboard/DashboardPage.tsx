// 指挥大屏: full screen, dark. Headline figures across the top, the map of the shown region in the centre
// (children shaded by open cases; click to drill down, the breadcrumb to go back up), trend and breakdowns
// at the sides, latest events and warnings — refreshed from the live stream when a case changes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useUser } from '../auth/session';
import { formatTime, useI18n } from '../../i18n';
import { beijingDay, dashApi, frac, pct, type CaseItem, type Features, type Figures, type Group, type RegionInfo, type WarningItem } from './api';
import { EChart } from './EChart';
import { DashMap } from './DashMap';
import { useLive, type LiveCase, type LiveWarning } from './useLive';
import './dashboard.css';

const AXIS = { axisLine: { lineStyle: { color: '#3a5a80' } }, splitLine: { lineStyle: { color: '#1d3350' } }, axisLabel: { color: '#9fc3e8' } };

export default function DashboardPage() {
  const { t } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const [code, setCode] = useState(user.regionCode ?? '');
  const [region, setRegion] = useState<RegionInfo | null>(null);
  const [features, setFeatures] = useState<Features | null>(null);
  const [ov, setOv] = useState<Figures | null>(null);
  const [statsDown, setStatsDown] = useState(false);
  const [trend, setTrend] = useState<({ period: string } & Figures)[]>([]);
  const [types, setTypes] = useState<Group[]>([]);
  const [channels, setChannels] = useState<Group[]>([]);
  const [areas, setAreas] = useState<Group[]>([]);
  const [recent, setRecent] = useState<CaseItem[]>([]);
  const [warnings, setWarnings] = useState<WarningItem[]>([]);
  const [tick, setTick] = useState(0);
  const [now, setNow] = useState(() => new Date());
  const period = useMemo(() => ({ region: code, from: beijingDay(29), to: beijingDay(0) }), [code]);

  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(id);
  }, []);

  useEffect(() => {
    if (!code) return;
    setAreas([]); // another region: its own areas, not the last one's
    dashApi.region(code).then(setRegion, () => setRegion(null));
    dashApi.geojson(code).then(setFeatures, () => setFeatures(null));
    dashApi.recent(code).then((r) => setRecent(r.items), () => setRecent([]));
    if (user.permissions.includes('warning.read')) dashApi.warnings().then((r) => setWarnings(r.items), () => setWarnings([]));
  }, [code, user.permissions]);

  useEffect(() => {
    if (!code) return;
    let stale = false;
    const keep = <T,>(set: (v: T) => void) => (v: T) => !stale && set(v);
    dashApi.overview(period).then((v) => {
      if (stale) return;
      setOv(v);
      setStatsDown(false);
    }, () => !stale && setStatsDown(true));
    dashApi.series(period).then((r) => keep(setTrend)(r.items), () => {});
    dashApi.breakdown(period, 'type').then((r) => keep(setTypes)(r.items.filter((g) => g.key)), () => {});
    dashApi.breakdown(period, 'channel').then((r) => keep(setChannels)(r.items), () => {});
    dashApi.breakdown(period, 'region').then((r) => keep(setAreas)(r.items.filter((g) => g.key)), () => {});
    return () => {
      stale = true;
    };
  }, [period, tick]);

  // a burst of events refreshes the figures once
  const timer = useRef<number | undefined>(undefined);
  const refreshSoon = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setTick((x) => x + 1), 600);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const inView = (path: string) => !region || path.includes(`/${region.id}/`);
  const live = useLive(
    (c: LiveCase) => {
      if (!inView(c.placePath)) return;
      setRecent((list) => [{ ...c, createdAt: c.at }, ...list.filter((x) => x.id !== c.id)].slice(0, 12));
      refreshSoon();
    },
    (w: LiveWarning) => {
      if (!inView(w.regionPath)) return;
      setWarnings((list) => [w, ...list.filter((x) => x.id !== w.id)].slice(0, 8));
    },
  );

  const open = useMemo(() => new Map(areas.filter((a) => a.code).map((a) => [a.code!, a.inProgress])), [areas]);
  // the way back up, from the caller's own region (nothing above it)
  const chain = region ? [...region.ancestors.filter((a) => a.code !== region.code), region] : [];
  const trail = chain.slice(Math.max(0, chain.findIndex((a) => a.code === user.regionCode)));
  const village = region?.level === 'village' || region?.level.startsWith('grid');

  const headline: [string, string, string, string?][] = [
    ['received', t('dash.received'), ov ? ov.received.toLocaleString('zh-CN') : '—'],
    ['inprogress', t('dash.inProgress'), ov ? ov.inProgress.toLocaleString('zh-CN') : '—'],
    ['overdue', t('dash.overdue'), ov ? ov.overdueOpen.toLocaleString('zh-CN') : '—'],
    ['closed', t('dash.closed'), ov ? ov.closed.toLocaleString('zh-CN') : '—'],
    ['ontime', t('dash.onTime'), pct(ov?.onTimeClosureRate), frac(ov?.onTimeClosureRate)],
    ['satisfaction', t('dash.satisfaction'), pct(ov?.satisfactionRate), frac(ov?.satisfactionRate)],
    village
      ? ['retention', t('dash.villageRetention'), pct(ov?.villageRetentionRate), frac(ov?.villageRetentionRate)]
      : ['retention', t('dash.retention'), pct(ov?.townRetentionRate), frac(ov?.townRetentionRate)],
  ];

  const trendOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { textStyle: { color: '#cfe3ff' }, top: 0 },
    grid: { left: 36, right: 12, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: trend.map((d) => d.period.slice(5)), ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: t('dash.received'), type: 'line', smooth: true, data: trend.map((d) => d.received), itemStyle: { color: '#38bdf8' }, areaStyle: { opacity: 0.15 } },
      { name: t('dash.closed'), type: 'line', smooth: true, data: trend.map((d) => d.closed), itemStyle: { color: '#34d399' } },
    ],
  }), [trend, t]);
  const typeOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 90, right: 16, top: 8, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1, ...AXIS },
    yAxis: { type: 'category', data: types.slice(0, 8).map((g) => g.name).reverse(), ...AXIS },
    series: [{ type: 'bar', data: types.slice(0, 8).map((g) => g.received).reverse(), itemStyle: { color: '#60a5fa' }, barMaxWidth: 14 }],
  }), [types]);
  const channelOption = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { color: '#cfe3ff' } },
    series: [{ type: 'pie', radius: ['45%', '72%'], center: ['35%', '50%'], label: { show: false }, data: channels.map((g) => ({ name: g.name, value: g.received })) }],
  }), [channels]);

  const maxArea = Math.max(1, ...areas.map((a) => a.received));
  return (
    <div className="fq-dash" data-testid="dashboard">
      <header className="fq-dash-head">
        <div className="fq-dash-trail">
          {trail.map((a, i) => (
            <button key={a.code} type="button" className={i === trail.length - 1 ? 'current' : ''} onClick={() => setCode(a.code)} data-testid={`dash-trail-${a.code}`}>
              {a.name}
            </button>
          ))}
        </div>
        <h1>{region?.name ?? ''}{t('dash.title')}</h1>
        <div className="fq-dash-status">
          <span className={`fq-dash-dot ${live ? 'on' : ''}`} data-testid="dash-live" data-live={live ? 'on' : 'off'} />
          {live ? t('dash.live') : t('dash.offline')} · {formatTime(now)}
          <button type="button" onClick={() => navigate('/')}>{t('dash.exit')}</button>
        </div>
      </header>
      <section className="fq-dash-cards">
        {headline.map(([k, label, value, title]) => (
          <div key={k} className={`fq-dash-card fq-dash-card-${k}`} title={title}>
            <div className="fq-dash-card-label">{label}<small>{k === 'received' || k === 'closed' ? ` · ${t('dash.last30')}` : ''}</small></div>
            <div className="fq-dash-card-value" data-testid={`dash-${k}`}>{value}</div>
            {title && <div className="fq-dash-card-frac">{title}</div>}
          </div>
        ))}
        {statsDown && <div className="fq-dash-nostats">{t('dash.noStats')}</div>}
      </section>
      <main className="fq-dash-main">
        <div className="fq-dash-col">
          <Panel title={t('dash.trend')}><EChart option={trendOption} testId="dash-trend" /></Panel>
          <Panel title={t('dash.types')}><EChart option={typeOption} testId="dash-types" /></Panel>
          <Panel title={t('dash.channels')}><EChart option={channelOption} testId="dash-channels" /></Panel>
        </div>
        <div className="fq-dash-center">
          <DashMap features={features} parentId={region?.id ?? null} open={open} onSelect={setCode} />
          <Panel title={t('dash.warnings')} testId="dash-warnings">
            {warnings.length === 0 ? <div className="fq-dash-empty">{t('dash.none')}</div> : (
              <ul className="fq-dash-ticker">
                {warnings.map((w) => (
                  <li key={w.id} className={`sev-${w.severity}`} onClick={() => navigate(`/warnings?id=${w.id}`)}>{w.title}</li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
        <div className="fq-dash-col">
          <Panel title={t('dash.ranking')} testId="dash-ranking">
            <ol className="fq-dash-rank">
              {areas.slice(0, 10).map((a) => (
                <li key={a.key} onClick={() => a.code && setCode(a.code)}>
                  <span className="name">{a.name}</span>
                  <span className="bar"><i style={{ width: `${(a.received / maxArea) * 100}%` }} /></span>
                  <span className="num">{a.received} / {a.inProgress}</span>
                </li>
              ))}
            </ol>
          </Panel>
          <Panel title={t('dash.recent')} testId="dash-recent" grow>
            {recent.length === 0 ? <div className="fq-dash-empty">{t('dash.none')}</div> : (
              <ul className="fq-dash-events">
                {recent.map((c) => (
                  <li key={c.id} data-case={c.id} onClick={() => navigate(`/cases/${c.id}`)}>
                    <span className="time">{shortTime(c.at ?? c.createdAt)}</span>
                    <span className="title">{c.title}</span>
                    <span className="status">{c.actionName ?? c.statusName}</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </main>
    </div>
  );
}

function Panel({ title, children, testId, grow }: { title: string; children: React.ReactNode; testId?: string; grow?: boolean }) {
  return (
    <section className={`fq-dash-panel${grow ? ' grow' : ''}`} data-testid={testId}>
      <h2>{title}</h2>
      <div className="fq-dash-panel-body">{children}</div>
    </section>
  );
}

/** A moment on the ticker: the time alone today (Beijing), with the month and day before that. */
function shortTime(at: string | undefined) {
  const full = formatTime(at);
  return full.slice(0, 10) === beijingDay() ? full.slice(11) : full.slice(5);
}
