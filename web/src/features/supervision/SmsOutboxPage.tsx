// 短信发送记录 (/system/sms, sms.read): the outbox's delivery state, newest first (no text, no case: 三权分立).
import { Alert, Card, Table, Tag } from 'antd';
import { formatTime, useI18n } from '../../i18n';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { outboxApi, type OutboxItem } from './api';

export default function SmsOutboxPage() {
  const { t } = useI18n();
  const list = useKeyset(outboxApi.list, 'outbox');
  const columns = [
    { title: t('sms.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span className="fq-nowrap">{formatTime(v)}</span> },
    { title: t('sms.kind'), dataIndex: 'kind', render: (v: string) => <Tag>{v}</Tag> },
    { title: t('sms.recipient'), dataIndex: 'recipient', render: (v: string, r: OutboxItem) => <span className="fq-nowrap">{v} <span className="fq-mono">*{r.phoneLast4}</span></span> },
    { title: t('sms.length'), dataIndex: 'length' },
    { title: t('sms.sentAt'), dataIndex: 'sentAt', render: (v: string | null) => (v ? formatTime(v) : <Tag color="processing">{t('sms.unsent')}</Tag>) },
  ];
  return (
    <Card size="small" title={t('sms.title')} className="fq-page-card">
      <Alert type="info" showIcon title={t('sms.hint')} className="fq-gap-bottom" />
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} data-testid="sms-table" />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </Card>
  );
}
