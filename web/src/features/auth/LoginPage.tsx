// Username + password → POST /api/auth/login (the session cookie is httpOnly). Demo servers list their accounts.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Tag, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from './session';
import { LangSwitch } from '../../shell/LangSwitch';

const DEMO_ACCOUNTS = ['admin', 'dispatcher', 'leader', 'town', 'village', 'grid', 'grid2', 'volunteer', 'dept', 'mediator', 'judge', 'police', 'secadmin', 'auditor'];
const DEMO_PASSWORD = 'Fq@demo2026';

interface Values {
  username: string;
  password: string;
  otp?: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  const { user, meta, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needOtp, setNeedOtp] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from.startsWith('/') && !from.startsWith('/login') ? from : '/'; // "/" picks the role's start page

  if (user) return <Navigate to={target} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password, v.otp?.trim() || undefined);
      navigate(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.details as { otpRequired?: boolean } | undefined)?.otpRequired) setNeedOtp(true);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fq-login">
      <div className="fq-login-lang">
        <LangSwitch />
      </div>
      <Card className="fq-login-card" variant="borderless">
        <div className="fq-login-brand">
          <span className="fq-logo">枫</span>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.title')}</Typography.Text>
          </div>
        </div>
        {meta?.demo && (
          <Alert
            className="fq-demo-banner"
            type="info"
            showIcon
            title={t('login.demo')}
            description={
              <div>
                <div>
                  {t('login.demo.accounts')}
                  {DEMO_ACCOUNTS.map((a) => (
                    <Tag key={a} className="fq-demo-account" onClick={() => form.setFieldsValue({ username: a, password: DEMO_PASSWORD })}>
                      {a}
                    </Tag>
                  ))}
                </div>
                <div>
                  {t('login.demo.password')}
                  <Typography.Text code copyable>
                    {DEMO_PASSWORD}
                  </Typography.Text>
                  <Typography.Text type="secondary"> {t('login.demo.fill')}</Typography.Text>
                </div>
              </div>
            }
          />
        )}
        {error && <Alert type="error" showIcon title={error} className="fq-login-error" role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" name="login">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required.password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needOtp && (
            <Form.Item name="otp" label={t('login.otp')} rules={[{ required: true, message: t('login.otp') }]}>
              <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={10} autoFocus />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div className="fq-login-public">
          <Link to="/report" data-testid="public-report-link">
            {t('pub.entry.report')}
          </Link>
          <span aria-hidden>/</span>
          <Link to="/track">{t('pub.entry.track')}</Link>
        </div>
        {meta && (
          <Typography.Text type="secondary" className="fq-login-version">
            v{meta.version}
          </Typography.Text>
        )}
      </Card>
    </div>
  );
}
