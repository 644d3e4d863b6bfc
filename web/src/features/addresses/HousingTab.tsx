import { useCallback, useState } from 'react';
import { Alert, App, Button, Form, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { registersApi, type House } from './api';
import { HistoryDialog } from './HistoryDialog';
import { ListTools } from './ListTools';

const USES = [['residential', '自住'], ['commercial', '商用'], ['mixed', '商住两用'], ['office', '办公'], ['vacant', '空置'], ['other', '其他']];

export function HousingTab() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  const [adding, setAdding] = useState(false);
  const [history, setHistory] = useState<number | null>(null);
  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => registersApi.housing(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));
  const columns = [
    { title: t('reg.address'), dataIndex: 'address' },
    { title: t('reg.house.use'), dataIndex: 'useName' },
    { title: t('reg.house.rented'), dataIndex: 'rented', render: (v: boolean) => (v ? <Tag color="gold">{t('reg.yes')}</Tag> : t('reg.no')) },
    { title: t('reg.house.tenants'), dataIndex: 'tenantCount', responsive: ['md' as const] },
    { title: t('reg.house.owner'), dataIndex: 'ownerName', responsive: ['md' as const], render: (v: string | null) => v ?? '—' },
    { title: t('reg.grid'), dataIndex: 'gridName', responsive: ['lg' as const] },
    { title: '', key: 'h', render: (_: unknown, h: House) => <Button type="link" size="small" onClick={() => setHistory(h.id)}>{t('reg.history')}</Button> },
  ];
  const extra = (
    <Form.Item name="rented"><Select allowClear placeholder={t('reg.house.rented')} className="fq-filter-small" options={[{ value: 'true', label: t('reg.yes') }, { value: 'false', label: t('reg.no') }]} /></Form.Item>
  );
  return (
    <>
      <ListTools name="housing" onSearch={setFilter} extra={extra} exportUrl={registersApi.exportUrl('housing', filter)} onAdd={() => setAdding(true)} />
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <HouseDialog open={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); list.reload(); }} />
      <HistoryDialog target={history === null ? null : { kind: 'housing', id: history }} onClose={() => setHistory(null)} />
    </>
  );
}

function HouseDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ addressId: number; use: string; rented: boolean; area?: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await registersApi.createHouse({ ...v, area: v.area || undefined });
      message.success(t('reg.added'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['addressId', 'use', 'rented', 'area']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('reg.tab.housing')} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="house-create" initialValues={{ use: 'residential', rented: false }}>
        <Form.Item name="addressId" label={t('reg.address.id')} rules={[{ required: true, message: t('form.required') }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="use" label={t('reg.house.use')}><Select options={USES.map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="rented" label={t('reg.house.rented')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="area" label={t('reg.house.area')}><InputNumber min={1} max={99999} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
