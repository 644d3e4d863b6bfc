import { useCallback, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { registersApi, type Address, type AddressKind } from './api';
import { HistoryDialog } from './HistoryDialog';
import { ListTools } from './ListTools';

const KINDS: AddressKind[] = ['place', 'building', 'unit', 'room'];

export function AddressesTab() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  const [adding, setAdding] = useState(false);
  const [history, setHistory] = useState<number | null>(null);
  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => registersApi.addresses(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));
  const columns = [
    { title: t('reg.address.id'), dataIndex: 'id', width: 80 },
    { title: t('reg.address'), dataIndex: 'fullName' },
    { title: t('reg.address.kind'), dataIndex: 'kind', render: (k: AddressKind) => t(`reg.address.kind.${k}`) },
    { title: t('reg.grid'), dataIndex: 'gridName', responsive: ['md' as const] },
    { title: '', key: 'h', render: (_: unknown, a: Address) => <Button type="link" size="small" onClick={() => setHistory(a.id)}>{t('reg.history')}</Button> },
  ];
  return (
    <>
      <ListTools name="addresses" onSearch={setFilter} onAdd={() => setAdding(true)} />
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <AddressDialog open={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); list.reload(); }} />
      <HistoryDialog target={history === null ? null : { kind: 'addresses', id: history }} onClose={() => setHistory(null)} />
    </>
  );
}

function AddressDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<{ parentId?: number; kind: AddressKind; name: string; gridCode?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await registersApi.createAddress({ ...v, parentId: v.parentId || undefined, gridCode: v.gridCode || undefined, name: v.name.trim() });
      message.success(t('reg.added'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['parentId', 'kind', 'name', 'gridCode']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('reg.tab.addresses')} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="address-create" initialValues={{ kind: 'place' }}>
        <Form.Item name="parentId" label={t('reg.address.parent')}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="kind" label={t('reg.address.kind')} rules={[{ required: true }]}><Select options={KINDS.map((k) => ({ value: k, label: t(`reg.address.kind.${k}`) }))} /></Form.Item>
        <Form.Item name="name" label={t('reg.address.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 60 }]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="gridCode" label={t('reg.grid')}><RegionSelect root={user.regionCode} selectable={(l) => l.startsWith('grid_')} /></Form.Item>
      </Form>
    </Modal>
  );
}
