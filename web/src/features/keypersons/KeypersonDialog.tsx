// 登记重点人员: the person by ID number (already in the population register), the category — whose own fields
// appear below it — and the risk level. The server validates the category's fields and names the bad one.
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Switch, Typography } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { keypersonsApi, type Category, type FieldDef, type KeypersonDetail, type Risk } from './api';

const RISKS: Risk[] = ['green', 'yellow', 'red'];

/** One category field's input; Form.Item passes id, value and onChange through `rest`. */
export function FieldInput({ def, ...rest }: { def: FieldDef } & Record<string, unknown>) {
  switch (def.type) {
    case 'enum':
      return <Select {...rest} allowClear options={def.options?.map((o) => ({ value: o, label: o }))} />;
    case 'int':
      return <InputNumber {...rest} min={def.min} max={def.max} precision={0} style={{ width: '100%' }} />;
    case 'date':
      return <Input {...rest} type="date" />;
    case 'bool':
      return <Switch {...rest} />;
    default:
      return <Input {...rest} maxLength={500} />;
  }
}

export function KeypersonDialog({ open, categories, onClose, onCreated }: { open: boolean; categories: Category[]; onClose: () => void; onCreated: (k: KeypersonDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const code = Form.useWatch('categoryCode', form) as string | undefined;
  const cat = categories.find((c) => c.code === code);

  useEffect(() => {
    if (open) setError(null);
  }, [open]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const { idNumber, categoryCode, risk, fields = {} } = v as { idNumber: string; categoryCode: string; risk: Risk; fields?: Record<string, unknown> };
      const clean = Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined && x !== null && x !== ''));
      const k = await keypersonsApi.create({ idNumber: idNumber.trim(), categoryCode, risk, fields: clean });
      message.success(t('kp.added'));
      form.resetFields();
      onCreated(k);
    } catch (e) {
      const known = ['idNumber', 'categoryCode', 'risk', 'fields'];
      if (!applyFieldErrors(form, e, known).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('kp.add')} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender okButtonProps={{ 'data-testid': 'kp-submit' } as Record<string, string>}>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="keyperson-create" initialValues={{ risk: 'yellow' }}>
        <Form.Item name="idNumber" label={t('kp.idNumber')} extra={t('kp.idNumber.hint')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={40} autoComplete="off" className="fq-mono" data-testid="kp-id-number" />
        </Form.Item>
        <Form.Item name="categoryCode" label={t('kp.category')} rules={[{ required: true, message: t('form.required') }]}>
          <Select data-testid="kp-category" showSearch={{ optionFilterProp: "label" }} virtual={false} options={categories.filter((c) => c.active).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item name="risk" label={t('kp.risk')} rules={[{ required: true, message: t('form.required') }]}>
          <Radio.Group optionType="button" options={RISKS.map((r) => ({ value: r, label: t(`kp.risk.${r}`) }))} />
        </Form.Item>
        {cat && <Typography.Paragraph type="secondary">{t('kp.frequency', cat.visitDays)}</Typography.Paragraph>}
        {cat?.fields.map((f) => (
          <Form.Item key={`${cat.code}.${f.key}`} name={['fields', f.key]} label={f.sensitive ? `${f.label} 🔒` : f.label} rules={f.required ? [{ required: true, message: t('form.required') }] : []} valuePropName={f.type === 'bool' ? 'checked' : 'value'}>
            <FieldInput def={f} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
