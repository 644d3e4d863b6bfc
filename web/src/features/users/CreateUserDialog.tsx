// 新建账号 (sys_admin): the account must change the temporary password at its first login.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useUser } from '../auth/session';
import { generatePassword, usePasswordRules } from '../auth/passwordPolicy';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { RegionSelect } from '../regions/RegionSelect';
import { RoleRows } from './RoleRows';
import { usersApi, type RoleIn } from './api';

interface Values {
  username: string;
  displayName: string;
  password: string;
  homeRegionCode: string;
  roles?: RoleIn[];
}

const FIELDS = ['username', 'displayName', 'password', 'homeRegionCode', 'roles'];

export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const rules = usePasswordRules();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const roles = (v.roles ?? []).map((r) => ({ role: r.role, ...(r.unitId ? { unitId: r.unitId } : { regionCode: r.regionCode }) }));
      const { id } = await usersApi.create({ username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, homeRegionCode: v.homeRegionCode, roles });
      message.success(t('users.created', { name: v.username.trim() }));
      form.resetFields();
      onCreated(id);
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
      title={t('users.create')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      width={640}
      forceRender
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="user-create" initialValues={{ homeRegionCode: user.regionCode ?? undefined, roles: [] }}>
        <div className="fq-form-pair">
          <Form.Item name="username" label={t('users.username')} rules={[...required, { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: t('users.username.rule') }]}>
            <Input autoComplete="off" maxLength={32} />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[...required, { max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </div>
        <Form.Item
          label={t('users.tempPassword')}
          required
          extra={t('password.rules', { n: rules.passwordMinLength, k: rules.passwordMinClasses }) + t('users.tempPassword.hint')}
        >
          <Space.Compact block>
            <Form.Item name="password" noStyle rules={[{ required: true, message: t('form.required') }, { min: rules.passwordMinLength, message: t('password.rules.length', { n: rules.passwordMinLength }) }]}>
              <Input autoComplete="new-password" className="fq-mono" />
            </Form.Item>
            <Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldsValue({ password: generatePassword(rules) })}>
              {t('users.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="homeRegionCode" label={t('users.homeRegion')} rules={[{ required: true, message: t('form.required') }]}>
          <RegionSelect root={user.regionCode} allowClear={false} />
        </Form.Item>
        <Form.Item label={t('users.roles')} className="fq-gap-bottom">
          <RoleRows />
        </Form.Item>
      </Form>
    </Modal>
  );
}
