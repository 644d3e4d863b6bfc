// Change password: shown instead of the pages while the account must change it (user.restricted), and as a
// card on 我的账号. The server checks the policy; its problem shows on the field it concerns.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { errorMessage, post } from '../../api';
import { useI18n } from '../../i18n';
import { applyFieldErrors } from '../../shell/formErrors';
import { useSession } from './session';
import { usePasswordRules } from './passwordPolicy';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePassword({ forced = true }: { forced?: boolean }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { message } = App.useApp();
  const rules = usePasswordRules();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      await refresh();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['currentPassword', 'newPassword']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={forced ? t('password.title') : t('password.submit')} className="fq-narrow-card" size={forced ? undefined : 'small'}>
      {forced && <Alert type="warning" showIcon title={t('password.hint')} className="fq-gap-bottom" />}
      {error !== null && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" onFinish={submit} name={forced ? 'change-password' : 'account-password'} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rules', { n: rules.passwordMinLength, k: rules.passwordMinClasses })}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('form.required') },
            ({ getFieldValue }) => ({
              validator: async (_, v) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
