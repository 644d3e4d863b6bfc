// The two dialogs of the account drawer: edit roles (PUT /api/users/:id/roles) and reset the password.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { isAdminRole, roleName, SCOPE_KIND, type Role } from '../auth/roles';
import { generatePassword, usePasswordRules } from '../auth/passwordPolicy';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { RoleRows } from './RoleRows';
import { usersApi, type RoleIn, type UserDetail } from './api';

interface DialogProps {
  user: UserDetail;
  open: boolean;
  onClose: () => void;
  onDone: (u?: UserDetail) => void;
}

export function EditRolesDialog({ user, open, onClose, onDone }: DialogProps) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roles: RoleIn[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const adminKind = can('role.grant_admin');
  const mine = user.assignments.filter((a) => isAdminRole(a.role) === adminKind);
  const others = user.assignments.filter((a) => isAdminRole(a.role) !== adminKind);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue({
      roles: mine.map((a) => (SCOPE_KIND[a.role as Role] === 'unit' ? { role: a.role, unitId: a.unitId ?? undefined } : { role: a.role, regionCode: a.regionCode ?? undefined })),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, user]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const roles = (v.roles ?? []).map((r) => (SCOPE_KIND[r.role as Role] === 'unit' ? { role: r.role, unitId: r.unitId } : { role: r.role, regionCode: r.regionCode }));
      const updated = await usersApi.setRoles(user.id, roles);
      message.success(t('users.roles.saved'));
      onDone(updated);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['roles']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={`${t('users.roles.edit')} · ${user.displayName}`} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} width={640} forceRender>
      <Alert type="info" showIcon className="fq-gap-bottom" title={adminKind ? t('users.roles.adminOnly') : t('users.roles.operationalOnly')} />
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" data-testid="roles-error" />}
      {others.length > 0 && (
        <div className="fq-gap-bottom">
          {t('users.roles.kept')}
          {others.map((a) => (
            <Tag key={a.id}>{roleName(a.role, lang)}</Tag>
          ))}
        </div>
      )}
      <Form form={form} layout="vertical" name="user-roles">
        <RoleRows />
      </Form>
    </Modal>
  );
}

export function ResetPasswordDialog({ user, open, onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const rules = usePasswordRules();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
    }
  }, [open, form]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await usersApi.resetPassword(user.id, v.password);
      message.success(t('users.reset.done'));
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['password']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={`${t('users.reset')} · ${user.displayName}`} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="user-reset">
        <Form.Item label={t('users.tempPassword')} required extra={t('password.rules', { n: rules.passwordMinLength, k: rules.passwordMinClasses }) + t('users.reset.hint')}>
          <Space.Compact block>
            <Form.Item name="password" noStyle rules={[{ required: true, message: t('form.required') }]}>
              <Input autoComplete="new-password" className="fq-mono" />
            </Form.Item>
            <Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldsValue({ password: generatePassword(rules) })}>
              {t('users.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
