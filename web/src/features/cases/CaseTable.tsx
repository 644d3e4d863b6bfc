// A keyset-paged case table for a filter; a row click opens the case.
import { useCallback } from 'react';
import { Alert, Table, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatTime, useI18n } from '../../i18n';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { StatusTag } from './StatusTag';
import { DueBadge } from './DueBadge';
import { CLOSED } from './codes';
import { casesApi, type CaseFilter, type CaseSummary } from './api';

export function CaseTable({ filter }: { filter: CaseFilter }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => casesApi.list(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));

  const columns = [
    { title: t('cases.number'), dataIndex: 'caseNumber', render: (v: string) => <span className="fq-mono fq-nowrap">{v}</span> },
    {
      title: t('cases.title'),
      dataIndex: 'title',
      render: (v: string, c: CaseSummary) => (
        <span>
          {v}
          {c.urgency !== 'normal' && (
            <Tag color="red" className="fq-case-urgent">
              {c.urgency === 'critical' ? '特急' : '紧急'}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('cases.status'),
      dataIndex: 'status',
      render: (v: string, c: CaseSummary) => (
        <span className="fq-nowrap">
          <StatusTag status={v} name={c.statusName} />
          <DueBadge state={c.dueState} due={c.stageDueAt} />
        </span>
      ),
    },
    {
      title: t('cases.category'),
      dataIndex: 'categoryName',
      responsive: ['md' as const],
      render: (v: string, c: CaseSummary) => <span className="fq-nowrap">{c.disputeTypeName ? `${v} · ${c.disputeTypeName}` : v}</span>,
    },
    {
      title: t('cases.dueAt'),
      dataIndex: 'stageDueAt',
      responsive: ['md' as const],
      render: (v: string | null, c: CaseSummary) => (v && !CLOSED.includes(c.status) ? <span className="fq-nowrap" data-testid="case-due">{formatTime(v)}{c.stageDueProvisional ? t('pet.provisional') : ''}</span> : '—'),
    },
    { title: t('cases.channel'), dataIndex: 'channelName', responsive: ['lg' as const] },
    { title: t('cases.level'), dataIndex: 'levelName', responsive: ['xxl' as const] },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', responsive: ['sm' as const], render: (v: string) => <span className="fq-nowrap">{formatTime(v)}</span> },
  ];

  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={() => 'fq-clickable'}
        onRow={(c) => ({ onClick: () => navigate(`/cases/${c.id}`) })}
        data-testid="cases-table"
      />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </>
  );
}
