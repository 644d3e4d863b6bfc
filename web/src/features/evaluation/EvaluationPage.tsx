// 季季评: the quarter's ranking of the towns (areas below the caller's region) or the departments, each
// score opening to its parts: the rate with its fraction, the weight and the points it gave.
import { useEffect, useState } from 'react';
import { Alert, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { currentQuarter, evaluationApi, recentQuarters, type EvalRow, type Evaluation, type ScorePart } from './api';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export default function EvaluationPage() {
  const { t, lang } = useI18n();
  const [quarter, setQuarter] = useState(currentQuarter());
  const [kind, setKind] = useState<'region' | 'unit'>('region');
  const [data, setData] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    evaluationApi.ranking(quarter, kind).then((d) => { setData(d); setError(null); }, (e) => setError(errorMessage(e)));
  }, [quarter, kind]);

  const partsTable = (r: EvalRow) => (
    <Table<ScorePart>
      rowKey="part"
      size="small"
      pagination={false}
      dataSource={r.parts}
      data-testid={`eval-parts-${r.id}`}
      columns={[
        { title: t('eval.part'), dataIndex: 'part', render: (p: string) => (lang === 'en' ? data?.partNames[p]?.en : data?.partNames[p]?.zh) ?? p },
        { title: t('eval.rate'), key: 'rate', render: (_: unknown, p) => <Tooltip title={`${p.rate.numerator}/${p.rate.denominator}`}>{pct(p.rate.value)} <Typography.Text type="secondary">({p.rate.numerator}/{p.rate.denominator})</Typography.Text></Tooltip> },
        { title: t('eval.weight'), dataIndex: 'weight' },
        { title: t('eval.points'), dataIndex: 'points', render: (v: number | null) => (v === null ? <Tag>{t('eval.notMeasured')}</Tag> : v) },
      ]}
    />
  );

  return (
    <div className="fq-page" data-testid="evaluation-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('eval.title')}{data ? ` · ${data.region.name}` : ''}</Typography.Title>
        <Space wrap>
          <Select value={quarter} onChange={setQuarter} options={recentQuarters().map((q) => ({ value: q, label: q }))} style={{ width: 120 }} aria-label={t('eval.quarter')} />
          <Segmented value={kind} onChange={(v) => setKind(v as typeof kind)} options={[{ value: 'region', label: t('eval.kind.region') }, { value: 'unit', label: t('eval.kind.unit') }]} />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('eval.rule')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<EvalRow>
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        expandable={{ expandedRowRender: partsTable, expandRowByClick: true }}
        columns={[
          { title: t('eval.rank'), dataIndex: 'rank', width: 70, render: (v: number | null) => v ?? '—' },
          { title: t('eval.name'), dataIndex: 'name' },
          { title: t('eval.score'), dataIndex: 'score', width: 110, render: (v: number | null) => (v === null ? <Tag>{t('eval.noScore')}</Tag> : <b data-testid="eval-score">{v.toFixed(2)}</b>) },
          { title: t('eval.received'), dataIndex: 'received', width: 100 },
        ]}
      />
    </div>
  );
}
