// 重点人员 (keyperson.read): the key persons in my area, masked, with risk and visit state; filters by category,
// risk, overdue visits and region; 台账 export; add one (keyperson.write) and open one to log a visit.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { keypersonsApi, type Category, type Keyperson, type KeypersonFilter, type Risk } from './api';
import { KeypersonDialog } from './KeypersonDialog';
import { KeypersonDrawer } from './KeypersonDrawer';
import { DueTag, RiskTag } from './tags';

export default function KeypersonsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const [form] = Form.useForm<KeypersonFilter>();
  const [filter, setFilter] = useState<KeypersonFilter>({});
  const [categories, setCategories] = useState<Category[]>([]);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    keypersonsApi.categories().then((r) => setCategories(r.items), () => setCategories([]));
  }, []);
  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => keypersonsApi.list(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));

  const columns = [
    { title: t('kp.person'), dataIndex: 'personName', render: (v: string, k: Keyperson) => <a onClick={() => setOpen(k.id)} data-testid="kp-open">{v}</a> },
    { title: t('kp.category'), dataIndex: 'categoryName' },
    { title: t('kp.risk'), dataIndex: 'risk', render: (v: Risk) => <RiskTag risk={v} /> },
    { title: t('kp.nextDue'), dataIndex: 'nextDueOn', render: (v: string, k: Keyperson) => <span className="fq-nowrap">{v} <DueTag state={k.dueState} /></span> },
    { title: t('kp.idNumber'), dataIndex: 'idNumber', responsive: ['md' as const], render: (v: string) => <span className="fq-mono fq-nowrap">{v}</span> },
    { title: t('kp.grid'), dataIndex: 'gridName', responsive: ['lg' as const] },
    { title: t('kp.lastVisit'), dataIndex: 'lastVisitOn', responsive: ['lg' as const], render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card title={t('kp.title')} className="fq-page-card" size="small" extra={
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={keypersonsApi.ledgerUrl(filter)} data-testid="kp-ledger">{t('kp.ledger')}</Button>
        {can('keyperson.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="kp-add">{t('kp.add')}</Button>}
      </Space>
    }>
      <Alert type="info" showIcon title={t('kp.audited')} className="fq-gap-bottom" />
      <Form form={form} layout="inline" name="kp-filter" className="fq-filters fq-filter-form" onFinish={(v) => setFilter({
        gridCode: v.gridCode || undefined, categoryCode: v.categoryCode || undefined, risk: v.risk || undefined, due: v.due || undefined, q: v.q?.trim() || undefined,
      })}>
        <Form.Item name="gridCode"><RegionSelect root={user.regionCode} placeholder={t('people.filter.grid')} className="fq-filter-region" /></Form.Item>
        <Form.Item name="categoryCode"><Select allowClear showSearch={{ optionFilterProp: 'label' }} virtual={false} placeholder={t('kp.category')} className="fq-filter-small" popupMatchSelectWidth={false} options={categories.map((c) => ({ value: c.code, label: c.name }))} /></Form.Item>
        <Form.Item name="risk"><Select allowClear placeholder={t('kp.risk')} className="fq-filter-small" options={(['green', 'yellow', 'red'] as const).map((r) => ({ value: r, label: t(`kp.risk.${r}`) }))} /></Form.Item>
        <Form.Item name="due"><Select allowClear placeholder={t('kp.filter.due')} className="fq-filter-small" options={[{ value: 'overdue', label: t('kp.filter.overdue') }, { value: 'soon', label: t('kp.filter.soon') }]} /></Form.Item>
        <Form.Item name="q"><Input allowClear placeholder={t('kp.filter.name')} className="fq-filter-small" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button></Form.Item>
      </Form>
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} data-testid="kp-table" />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      {can('keyperson.write') && (
        <KeypersonDialog open={creating} categories={categories} onClose={() => setCreating(false)} onCreated={(k) => {
          setCreating(false);
          list.reload();
          setOpen(k.id);
        }} />
      )}
      <KeypersonDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
    </Card>
  );
}
