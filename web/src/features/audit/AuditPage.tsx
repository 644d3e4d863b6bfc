// 系统 › 审计日志 (auditor, audit.read): the chain status on top, then the log, newest first.
import { useCallback, useState } from 'react';
import { Alert, AutoComplete, Button, Card, DatePicker, Form, Input, Table, Tag, Tooltip, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { formatTime, useI18n } from '../../i18n';
import { roleName } from '../auth/roles';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { ChainCard } from './ChainCard';
import { actionName, OUTCOME_COLOR } from './actions';
import { ACTION_PRESETS, auditApi, type AuditFilter, type AuditRow } from './api';
import './audit.css';

interface Values {
  actor?: string;
  action?: string;
  objectId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const trimmed = (s?: string) => (s && s.trim() ? s.trim() : undefined);

export default function AuditPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [filter, setFilter] = useState<AuditFilter>({});

  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => auditApi.list(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));

  const apply = (v: Values) => {
    const [from, to] = v.range ?? [];
    setFilter({
      actor: trimmed(v.actor),
      action: trimmed(v.action),
      objectId: trimmed(v.objectId),
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.startOf('day').add(1, 'day').toISOString() : undefined, // the whole last day
    });
  };

  const columns = [
    { title: t('audit.at'), dataIndex: 'at', width: 140, render: (v: string) => <span className="fq-nowrap">{formatTime(v)}</span> },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_: unknown, r: AuditRow) => (
        <span className="fq-nowrap">
          {r.actorName ?? '—'}
          {r.role && <Typography.Text type="secondary"> · {roleName(r.role, lang)}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <Tooltip title={a}>
          <Tag color={a === 'person.unmask' ? 'orange' : 'blue'} data-action={a}>
            {actionName(a, lang) ?? a}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('audit.object'), key: 'object', render: (_: unknown, r: AuditRow) => (r.objectType ? `${r.objectType} #${r.objectId ?? ''}` : '—') },
    { title: t('audit.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={OUTCOME_COLOR[o]}>{t(`audit.outcome.${o}` as 'audit.outcome.success')}</Tag> },
    { title: 'IP', dataIndex: 'ip', responsive: ['lg' as const] },
    {
      title: t('audit.seq'),
      dataIndex: 'seq',
      responsive: ['md' as const],
      render: (s: number | null) => (s === null ? <Tag>{t('audit.unsealed')}</Tag> : <span className="fq-mono">#{s}</span>),
    },
  ];

  return (
    <div className="fq-stack">
      <ChainCard />
      <Card title={t('menu.audit')} className="fq-page-card" size="small">
        <Form form={form} layout="inline" name="audit-filter" onFinish={apply} className="fq-filters fq-filter-form">
          <Form.Item name="actor">
            <Input allowClear placeholder={t('audit.filter.actor')} className="fq-filter-small" />
          </Form.Item>
          <Form.Item name="action">
            <AutoComplete
              allowClear
              placeholder={t('audit.filter.action')}
              options={ACTION_PRESETS.map((a) => ({ value: a, label: a.endsWith('*') ? a : `${a}（${actionName(a, lang) ?? a}）` }))}
              className="fq-filter-small"
              data-testid="filter-action"
            />
          </Form.Item>
          <Form.Item name="objectId">
            <Input allowClear placeholder={t('audit.filter.objectId')} className="fq-filter-small" />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} className="fq-filter-range" />
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
          expandable={{
            expandedRowRender: (r: AuditRow) => (
              <pre className="fq-json" data-testid="audit-details">
                {JSON.stringify({ id: r.id, at: r.at, requestId: r.requestId, regionId: r.regionId, details: r.details }, null, 2)}
              </pre>
            ),
          }}
          data-testid="audit-table"
        />
        <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      </Card>
    </div>
  );
}
