import { useCallback, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { registersApi, type Establishment } from './api';
import { HistoryDialog } from './HistoryDialog';
import { ListTools } from './ListTools';

const KINDS = [['shop', '商铺'], ['company', '企业'], ['organisation', '社会组织'], ['institution', '机关事业单位'], ['other', '其他']];

export function EstablishmentsTab() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  const [adding, setAdding] = useState(false);
  const [history, setHistory] = useState<number | null>(null);
  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => registersApi.establishments(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));
  const columns = [
    { title: t('reg.est.name'), dataIndex: 'name' },
    { title: t('reg.est.kind'), dataIndex: 'kindName' },
    { title: t('reg.est.contact'), dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
    { title: t('reg.est.phone'), dataIndex: 'contactPhone', responsive: ['sm' as const], render: (v: string | null) => <span className="fq-mono">{v ?? '—'}</span> },
    { title: t('reg.address'), dataIndex: 'address', responsive: ['lg' as const], render: (v: string | null) => v ?? '—' },
    { title: t('reg.grid'), dataIndex: 'gridName', responsive: ['md' as const] },
    { title: '', key: 'h', render: (_: unknown, e: Establishment) => <Button type="link" size="small" onClick={() => setHistory(e.id)}>{t('reg.history')}</Button> },
  ];
  const extra = <Form.Item name="kind"><Select allowClear placeholder={t('reg.est.kind')} className="fq-filter-small" options={KINDS.map(([value, label]) => ({ value, label }))} /></Form.Item>;
  return (
    <>
      <ListTools name="establishments" onSearch={setFilter} extra={extra} exportUrl={registersApi.exportUrl('establishments', filter)} onAdd={() => setAdding(true)} />
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      <EstablishmentDialog open={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); list.reload(); }} />
      <HistoryDialog target={history === null ? null : { kind: 'establishments', id: history }} onClose={() => setHistory(null)} />
    </>
  );
}

function EstablishmentDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Record<string, string | number | undefined>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = ['name', 'kind', 'gridCode', 'addressId', 'contactName', 'contactPhone', 'employees'];
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await registersApi.createEstablishment(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== '')));
      message.success(t('reg.added'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, fields).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('reg.tab.establishments')} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="establishment-create" initialValues={{ kind: 'shop' }}>
        <Form.Item name="name" label={t('reg.est.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 100 }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="kind" label={t('reg.est.kind')}><Select options={KINDS.map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="gridCode" label={t('reg.grid')}><RegionSelect root={user.regionCode} selectable={(l) => l.startsWith('grid_')} /></Form.Item>
        <Form.Item name="addressId" label={t('reg.address.id')}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="contactName" label={t('reg.est.contact')}><Input maxLength={60} /></Form.Item>
        <Form.Item name="contactPhone" label={t('reg.est.phone')}><Input maxLength={30} inputMode="tel" className="fq-mono" /></Form.Item>
        <Form.Item name="employees" label={t('reg.est.employees')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
