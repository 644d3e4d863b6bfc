// 人口 › 实有人口 (person.read): the people in my area, masked as the server sends them. With
// personal.unmask an eye button shows the full values for a stated reason; person.write may register.
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Form, Input, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, EyeOutlined, HistoryOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { formatTime, useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { UnmaskDialog } from './UnmaskDialog';
import { PersonDialog } from './PersonDialog';
import { ID_TYPE_KEYS, peopleApi, type PeopleFilter, type Person } from './api';
import { HistoryDialog } from './HistoryDialog';

const trimmed = (s?: string) => (s && s.trim() ? s.trim() : undefined);

export default function PeoplePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const [form] = Form.useForm<PeopleFilter>();
  const [filter, setFilter] = useState<PeopleFilter>({});
  const [unmasking, setUnmasking] = useState<Person | null>(null);
  const [creating, setCreating] = useState(false);
  const [history, setHistory] = useState<number | null>(null);

  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => peopleApi.list(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));

  const apply = (v: PeopleFilter) => setFilter({ gridCode: v.gridCode || undefined, q: trimmed(v.q), idNumber: trimmed(v.idNumber), phone: trimmed(v.phone) });

  const columns = [
    { title: t('people.name'), dataIndex: 'name', render: (v: string) => <span className="fq-nowrap">{v}</span> },
    { title: t('people.idType'), dataIndex: 'idType', responsive: ['lg' as const], render: (v: Person['idType']) => t(ID_TYPE_KEYS[v]) },
    { title: t('people.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="fq-mono fq-nowrap" data-testid="id-number">{v}</span> },
    { title: t('people.phone'), dataIndex: 'phone', responsive: ['sm' as const], render: (v: string | null) => <span className="fq-mono fq-nowrap">{v ?? '—'}</span> },
    { title: t('people.grid'), dataIndex: 'gridName', responsive: ['md' as const] },
    {
      title: t('people.registration'),
      dataIndex: 'registration',
      responsive: ['md' as const],
      render: (v: Person['registration']) =>
        v === 'registered' ? <Tag color="blue">{t('people.registration.registered')}</Tag> : <Tag color="gold">{t('people.registration.floating')}</Tag>,
    },
    { title: t('people.address'), dataIndex: 'address', responsive: ['lg' as const], render: (v: string | null) => v ?? '—' },
    { title: t('people.householdNo'), dataIndex: 'householdNo', responsive: ['xl' as const], render: (v: string | null) => v ?? '—' },
    { title: t('people.createdAt'), dataIndex: 'createdAt', responsive: ['xl' as const], render: (v: string) => formatTime(v) },
    {
      title: '',
      key: 'history',
      width: 48,
      render: (_: unknown, p: Person) => (
        <Tooltip title={t('people.history')}>
          <Button type="text" icon={<HistoryOutlined />} onClick={() => setHistory(p.id)} aria-label={t('people.history')} />
        </Tooltip>
      ),
    },
    ...(can('personal.unmask')
      ? [
          {
            title: '',
            key: 'eye',
            width: 56,
            render: (_: unknown, p: Person) => (
              <Tooltip title={t('people.unmask')}>
                <Button type="text" icon={<EyeOutlined />} onClick={() => setUnmasking(p)} aria-label={t('people.unmask')} data-testid="unmask" />
              </Tooltip>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('menu.people')}
      className="fq-page-card"
      size="small"
      extra={
        <span className="fq-nowrap">
          <Button icon={<DownloadOutlined />} href={peopleApi.exportUrl(filter)} data-testid="export-people">
            {t('people.export')}
          </Button>{' '}
          {can('person.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-person">
              {t('people.create')}
            </Button>
          )}
        </span>
      }
    >
      <Form form={form} layout="inline" name="people-filter" onFinish={apply} className="fq-filters fq-filter-form">
        <Form.Item name="gridCode">
          <RegionSelect root={user.regionCode} placeholder={t('people.filter.grid')} className="fq-filter-region" />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('people.filter.name')} className="fq-filter-small" />
        </Form.Item>
        <Form.Item name="idNumber">
          <Input allowClear placeholder={t('people.filter.idNumber')} className="fq-filter-text fq-mono" />
        </Form.Item>
        <Form.Item name="phone">
          <Input allowClear placeholder={t('people.filter.phone')} inputMode="tel" className="fq-filter-small fq-mono" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="people-table"
      />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <UnmaskDialog person={unmasking} onClose={() => setUnmasking(null)} />
      <HistoryDialog id={history} onClose={() => setHistory(null)} />
      {can('person.write') && (
        <PersonDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
