// Two-factor sign-in: a new secret (QR code, the secret and the otpauth URL as text), then a code to confirm.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, QRCode, Result, Space, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { errorMessage, post } from '../../api';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { applyFieldErrors } from '../../shell/formErrors';
import './account.css';

interface Setup {
  secret: string;
  otpauthUrl: string;
}

/** The secret in groups of four, easier to type into an authenticator app. */
const grouped = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

export function TotpCard() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setSetup(await post<Setup>('/api/auth/totp/setup'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const enable = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/totp/enable', { code: code.trim() });
      message.success(t('totp.enabled'));
      setSetup(null);
      await refresh();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['code']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('totp.title')} size="small" className="fq-narrow-card" data-testid="totp-card">
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      {user.totpEnabled ? (
        <Result status="success" icon={<SafetyOutlined />} title={t('totp.on')} subTitle={t('totp.on.hint')} className="fq-compact-result" />
      ) : !setup ? (
        <>
          <Typography.Paragraph type="secondary">{t('totp.intro')}</Typography.Paragraph>
          <Button type="primary" icon={<SafetyOutlined />} onClick={start} loading={busy} data-testid="totp-start">
            {t('totp.start')}
          </Button>
        </>
      ) : (
        <>
          <Typography.Paragraph>{t('totp.scan')}</Typography.Paragraph>
          <div className="fq-totp">
            <QRCode value={setup.otpauthUrl} size={168} bordered />
            <div className="fq-totp-text">
              <div>
                <Typography.Text type="secondary">{t('totp.secret')}</Typography.Text>
                <Typography.Paragraph copyable={{ text: setup.secret }} className="fq-mono fq-totp-secret" data-testid="totp-secret">
                  {grouped(setup.secret)}
                </Typography.Paragraph>
              </div>
              <div>
                <Typography.Text type="secondary">{t('totp.url')}</Typography.Text>
                <Typography.Paragraph copyable className="fq-mono fq-break fq-totp-url">
                  {setup.otpauthUrl}
                </Typography.Paragraph>
              </div>
            </div>
          </div>
          <Form form={form} layout="vertical" name="totp-enable" onFinish={enable}>
            <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totp.code.rule') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="fq-mono fq-otp-input" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('totp.enable')}
              </Button>
              <Button onClick={() => setSetup(null)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        </>
      )}
    </Card>
  );
}
