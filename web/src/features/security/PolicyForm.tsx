// The security policy form: every field a number within the server's limits; the change is audited.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, InputNumber, Spin } from 'antd';
import { errorMessage } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { applyFieldErrors } from '../../shell/formErrors';
import { POLICY_LIMITS, securityApi, type SecurityPolicy } from './api';

const FIELDS: { name: keyof SecurityPolicy; label: MessageKey; unit?: MessageKey }[] = [
  { name: 'passwordMinLength', label: 'policy.passwordMinLength', unit: 'policy.unit.chars' },
  { name: 'passwordMinClasses', label: 'policy.passwordMinClasses', unit: 'policy.unit.classes' },
  { name: 'lockoutThreshold', label: 'policy.lockoutThreshold', unit: 'policy.unit.times' },
  { name: 'lockoutMinutes', label: 'policy.lockoutMinutes', unit: 'policy.unit.minutes' },
  { name: 'idleMinutes', label: 'policy.idleMinutes', unit: 'policy.unit.minutes' },
  { name: 'absoluteHours', label: 'policy.absoluteHours', unit: 'policy.unit.hours' },
  { name: 'deviceTokenDays', label: 'policy.deviceTokenDays', unit: 'policy.unit.days' },
];

export function PolicyForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SecurityPolicy>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    securityApi.policy().then(
      (p) => {
        form.setFieldsValue(p);
        setLoaded(true);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [form]);

  const save = async (v: SecurityPolicy) => {
    setBusy(true);
    setError(null);
    try {
      form.setFieldsValue(await securityApi.savePolicy(v));
      message.success(t('common.saved'));
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS.map((f) => f.name)).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Spin spinning={!loaded && !error}>
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" />}
      <Form form={form} layout="vertical" name="security-policy" onFinish={save} className="fq-policy-form">
        <div className="fq-policy-grid">
          {FIELDS.map(({ name, label, unit }) => {
            const [min, max] = POLICY_LIMITS[name];
            return (
              <Form.Item
                key={name}
                name={name}
                label={t(label)}
                extra={t('policy.range', { min, max })}
                rules={[
                  { required: true, message: t('form.required') },
                  { type: 'integer', min, max, message: t('policy.range', { min, max }) },
                ]}
              >
                <InputNumber min={min} max={max} precision={0} className="fq-number" suffix={unit ? t(unit) : undefined} />
              </Form.Item>
            );
          })}
        </div>
        <Button type="primary" htmlType="submit" loading={busy} disabled={!loaded}>
          {t('common.save')}
        </Button>
      </Form>
    </Spin>
  );
}
