// Shown instead of the pages while the account must change its password (user.restricted).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { errorMessage, fieldProblems, post } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from './session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePassword() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const problems = fieldProblems(error);
  return (
    <Card title={t('password.title')} className="fq-narrow-card">
      <Alert type="warning" showIcon title={t('password.hint')} className="fq-gap-bottom" />
      {error !== null && (
        <Alert type="error" showIcon className="fq-gap-bottom" title={errorMessage(error)} description={problems.length ? problems.join('; ') : undefined} />
      )}
      <Form layout="vertical" onFinish={submit} name="change-password" requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('form.required') }]}>
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
