// Phone device tokens (device.enroll): enrol a phone (the token shows once), list, revoke.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { MobileOutlined, PlusOutlined } from '@ant-design/icons';
import { api, errorMessage, get, post } from '../../api';
import { formatTime, useI18n } from '../../i18n';

interface DeviceToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  revokedAt: string | null;
}

export function DeviceTokens() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [tokens, setTokens] = useState<DeviceToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);

  const load = useCallback(() => {
    get<DeviceToken[]>('/api/auth/device-tokens').then(setTokens, (e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const enrol = async ({ name }: { name: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await post<DeviceToken & { token: string }>('/api/auth/device-tokens', { name: name.trim() });
      setIssued({ name: r.name, token: r.token });
      form.resetFields();
      load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = (d: DeviceToken) =>
    modal.confirm({
      title: t('device.revoke.confirm', { name: d.name }),
      content: t('device.revoke.hint'),
      okText: t('device.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api(`/api/auth/device-tokens/${d.id}`, { method: 'DELETE' });
          message.success(t('action.done'));
          load();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  const state = (d: DeviceToken) =>
    d.revokedAt ? <Tag>{t('device.revoked')}</Tag> : new Date(d.expiresAt) <= new Date() ? <Tag color="red">{t('device.expired')}</Tag> : <Tag color="green">{t('device.valid')}</Tag>;

  const columns = [
    { title: t('device.name'), dataIndex: 'name' },
    { title: t('device.state'), key: 'state', render: (_: unknown, d: DeviceToken) => state(d) },
    { title: t('device.lastUsed'), dataIndex: 'lastUsedAt', responsive: ['sm' as const], render: (v: string | null) => formatTime(v) || '—' },
    { title: t('device.expires'), dataIndex: 'expiresAt', responsive: ['md' as const], render: (v: string) => formatTime(v) },
    {
      title: '',
      key: 'a',
      render: (_: unknown, d: DeviceToken) =>
        !d.revokedAt && (
          <Button size="small" danger onClick={() => revoke(d)}>
            {t('device.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('device.title')} size="small" className="fq-account-wide" data-testid="device-tokens">
      <Typography.Paragraph type="secondary">{t('device.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} />}
      <Form form={form} layout="inline" name="device-enrol" onFinish={enrol} className="fq-filters">
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 60 }]}>
          <Input prefix={<MobileOutlined />} placeholder={t('device.name.placeholder')} maxLength={60} className="fq-filter-text" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy}>
            {t('device.enrol')}
          </Button>
        </Form.Item>
      </Form>
      <Table rowKey="id" size="small" columns={columns} dataSource={tokens ?? []} loading={tokens === null && !error} pagination={false} scroll={{ x: 'max-content' }} />
      <Modal open={issued !== null} title={t('device.issued', { name: issued?.name ?? '' })} onCancel={() => setIssued(null)} footer={<Button type="primary" onClick={() => setIssued(null)}>{t('device.issued.done')}</Button>}>
        <Alert type="warning" showIcon className="fq-gap-bottom" title={t('device.issued.once')} />
        <Typography.Paragraph copyable className="fq-mono fq-break" data-testid="device-token">
          {issued?.token}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
