// 研判预警: the warnings in my scope — acknowledge, close with what was done, open the cases behind each.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Drawer, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { warningsApi, type Warning, type WarningDetail } from './api';

const STATUS_COLOR = { open: 'red', acknowledged: 'gold', closed: 'default' } as const;

export default function WarningsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<'active' | 'closed' | 'all'>('active');
  const [rows, setRows] = useState<Warning[] | null>(null);
  const [detail, setDetail] = useState<WarningDetail | null>(null);
  const [closing, setClosing] = useState<Warning | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const openId = Number(params.get('id')) || null;

  const load = useCallback(() => {
    warningsApi.list(status).then((r) => setRows(r.items), (e) => message.error(errorMessage(e)));
  }, [status, message]);
  useEffect(load, [load]);
  useEffect(() => {
    if (openId) warningsApi.one(openId).then(setDetail, (e) => message.error(errorMessage(e)));
    else setDetail(null);
  }, [openId, message]);

  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      message.success(t('warn.done'));
      load();
      if (openId) setDetail(await warningsApi.one(openId));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const actions = (w: Warning) => can('warning.handle') && w.status !== 'closed' && (
    <Space size={4}>
      {w.status === 'open' && <Button size="small" onClick={(e) => { e.stopPropagation(); act(warningsApi.acknowledge(w.id)); }} data-testid={`warn-ack-${w.id}`}>{t('warn.acknowledge')}</Button>}
      <Button size="small" onClick={(e) => { e.stopPropagation(); form.resetFields(); setClosing(w); }} data-testid={`warn-close-${w.id}`}>{t('warn.close')}</Button>
    </Space>
  );

  return (
    <div className="fq-page" data-testid="warnings-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('warn.title')}</Typography.Title>
        <Segmented value={status} onChange={(v) => setStatus(v as typeof status)} options={[
          { value: 'active', label: t('warn.filter.active') }, { value: 'closed', label: t('warn.filter.closed') }, { value: 'all', label: t('warn.filter.all') },
        ]} />
      </Space>
      <Table<Warning>
        rowKey="id"
        size="middle"
        loading={rows === null}
        dataSource={rows ?? []}
        locale={{ emptyText: t('warn.empty') }}
        scroll={{ x: 760 }}
        onRow={(w) => ({ onClick: () => setParams({ id: String(w.id) }), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('warn.firedAt'), dataIndex: 'firedAt', width: 140, render: (v: string) => formatTime(v) },
          { title: t('warn.rule'), dataIndex: 'ruleName', width: 170, render: (v: string, w) => <Tag color={w.severity === 'red' ? 'red' : 'gold'}>{v}</Tag> },
          { title: t('warn.detail'), dataIndex: 'title' },
          { title: t('warn.cases'), dataIndex: 'caseCount', width: 80 },
          { title: t('warn.status'), dataIndex: 'status', width: 150, render: (s: Warning['status'], w) => (
            <Space size={4} wrap>
              <Tag color={STATUS_COLOR[s]}>{t(`warn.status.${s}`)}</Tag>
              {w.clearedAt && <Tag>{t('warn.cleared')}</Tag>}
            </Space>
          ) },
          { title: '', key: 'act', width: 140, render: (_: unknown, w) => actions(w) },
        ]}
      />
      <Drawer open={Boolean(detail)} onClose={() => setParams({})} title={t('warn.detail')} size="large" destroyOnHidden>
        {detail && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="warning-detail">
            <Typography.Title level={5}>{detail.title}</Typography.Title>
            <div><Tag color={detail.severity === 'red' ? 'red' : 'gold'}>{detail.ruleName}</Tag><Tag color={STATUS_COLOR[detail.status]}>{t(`warn.status.${detail.status}`)}</Tag>{detail.clearedAt ? <Tag>{t('warn.cleared')}</Tag> : <Tag color="processing">{t('warn.ongoing')}</Tag>}</div>
            <div>{t('warn.region')}：{detail.regionName}（{detail.regionCode}） · {t('warn.firedAt')}：{formatTime(detail.firedAt)}</div>
            {typeof detail.details.persons === 'number' && <div>{t('warn.persons')}：{detail.details.persons}</div>}
            {detail.note && <div>{t('warn.closeNote')}：{detail.note}</div>}
            {actions(detail)}
            <Typography.Title level={5}>{t('warn.cases')}</Typography.Title>
            <ul className="fq-plain-list">
              {detail.cases.map((c) => (
                <li key={c.id}><Link to={`/cases/${c.id}`}>{c.caseNumber}</Link> {c.title} <Tag>{c.statusName}</Tag> {formatTime(c.createdAt)}</li>
              ))}
            </ul>
          </Space>
        )}
      </Drawer>
      <Modal open={Boolean(closing)} title={t('warn.close')} onCancel={() => setClosing(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={async (v) => { const w = closing!; setClosing(null); await act(warningsApi.close(w.id, v.note)); }}>
          <Form.Item name="note" label={t('warn.closeNote')} rules={[{ required: true, min: 2, message: t('warn.closeNote.required') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="warn-close-note" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
