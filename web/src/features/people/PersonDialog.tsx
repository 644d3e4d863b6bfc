// 登记 (person.write): name, ID document, phone, grid, registered/floating. The server checks every field
// (ID checksum, phone format, grid in my area) and its problems show on the fields.
import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useUser } from '../auth/session';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { RegionSelect } from '../regions/RegionSelect';
import { ID_TYPES, ID_TYPE_KEYS, peopleApi, type NewPerson, type Person } from './api';

const FIELDS = ['name', 'idType', 'idNumber', 'phone', 'gridCode', 'registration'];
const isGrid = (level: string) => level.startsWith('grid_');

export function PersonDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (p: Person) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<NewPerson>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const p = await peopleApi.create({ ...v, name: v.name.trim(), idNumber: v.idNumber.trim(), phone: v.phone?.trim() || undefined });
      message.success(t('people.created'));
      form.resetFields();
      onCreated(p);
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t('people.create')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      forceRender
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="person-create" initialValues={{ idType: 'resident_id', registration: 'registered' }}>
        <Form.Item name="name" label={t('people.name')} rules={[...required, { max: 40 }]}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <div className="fq-form-pair">
          <Form.Item name="idType" label={t('people.idType')} rules={required}>
            <Select options={ID_TYPES.map((k) => ({ value: k, label: t(ID_TYPE_KEYS[k]) }))} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('people.idNumber')} rules={[...required, { max: 40 }]}>
            <Input maxLength={40} autoComplete="off" className="fq-mono" />
          </Form.Item>
        </div>
        <Form.Item name="phone" label={t('people.phone.optional')} rules={[{ max: 30 }]}>
          <Input maxLength={30} inputMode="tel" autoComplete="off" className="fq-mono" placeholder="13912345678 / 0478-8123456" />
        </Form.Item>
        <Form.Item name="gridCode" label={t('people.grid')} rules={[{ required: true, message: t('people.grid.required') }]} extra={t('people.grid.hint')}>
          <RegionSelect root={user.regionCode} selectable={isGrid} />
        </Form.Item>
        <Form.Item name="registration" label={t('people.registration')} rules={required}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'registered', label: t('people.registration.registered') },
              { value: 'floating', label: t('people.registration.floating') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
