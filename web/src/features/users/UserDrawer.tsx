// One account: its details and role assignments, with the actions the administrator may take.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Table, Tag } from 'antd';
import { KeyOutlined, StopOutlined, CheckCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { roleName } from '../auth/roles';
import { useIsMobile } from '../../shell/useIsMobile';
import { EditRolesDialog, ResetPasswordDialog } from './UserDialogs';
import { usersApi, type UserAssignment, type UserDetail } from './api';
import { StatusTags } from './StatusTags';

interface Props {
  id: number | null;
  onClose: () => void;
  /** the account changed: the list updates its row */
  onChanged: (u: UserDetail) => void;
}

export function UserDrawer({ id, onClose, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const me = useUser();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const [user, setUser] = useState<UserDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'roles' | 'reset' | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (id === null) return;
    let live = true;
    setError(null);
    usersApi.get(id).then(
      (u) => live && setUser(u),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id, generation]);

  const shown = user && user.id === id ? user : null;
  const changed = (u?: UserDetail) => {
    setDialog(null);
    if (u) {
      setUser(u);
      onChanged(u);
    } else setGeneration((g) => g + 1);
  };

  const toggleStatus = (u: UserDetail) => {
    const disable = u.status === 'active';
    modal.confirm({
      title: disable ? t('users.disable.confirm', { name: u.displayName }) : t('users.enable.confirm', { name: u.displayName }),
      content: disable ? t('users.disable.hint') : undefined,
      okText: disable ? t('users.disable') : t('users.enable'),
      okButtonProps: { danger: disable },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await usersApi.setStatus(u.id, disable ? 'disabled' : 'active');
          message.success(t('action.done'));
          const next = { ...u, status: disable ? ('disabled' as const) : ('active' as const) };
          setUser(next);
          onChanged(next);
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  };

  const columns = [
    { title: t('users.role'), dataIndex: 'role', render: (r: string) => <Tag color="blue">{roleName(r, lang)}</Tag> },
    {
      title: t('users.scope'),
      key: 'scope',
      render: (_: unknown, a: UserAssignment) => (a.unitName ? `${a.unitName}（${a.regionName ?? ''}）` : `${a.regionName ?? ''} ${a.regionCode ?? ''}`),
    },
  ];

  const self = shown?.id === me.id;
  return (
    <Drawer open={id !== null} onClose={onClose} size={mobile ? '100%' : 560} title={shown ? `${shown.displayName}（${shown.username}）` : t('common.loading')} className="fq-user-drawer" destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} />}
      {!shown && !error && <Spin />}
      {shown && (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'u', label: t('users.username'), children: shown.username },
              { key: 'n', label: t('users.displayName'), children: shown.displayName },
              { key: 'h', label: t('users.homeRegion'), children: `${shown.homeRegionName} ${shown.homeRegionCode}` },
              { key: 's', label: t('users.status'), children: <StatusTags user={shown} /> },
              { key: 'c', label: t('regions.createdAt'), children: formatTime(shown.createdAt) },
            ]}
          />
          <h4 className="fq-section-title">{t('users.assignments')}</h4>
          <Table size="small" rowKey="id" columns={columns} dataSource={shown.assignments} pagination={false} locale={{ emptyText: t('users.roles.none') }} data-testid="user-assignments" />
          <Space wrap className="fq-details-actions">
            <Button icon={<TeamOutlined />} type="primary" onClick={() => setDialog('roles')} disabled={self}>
              {t('users.roles.edit')}
            </Button>
            {can('user.manage') && (
              <>
                <Button icon={shown.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />} danger={shown.status === 'active'} onClick={() => toggleStatus(shown)} disabled={self}>
                  {shown.status === 'active' ? t('users.disable') : t('users.enable')}
                </Button>
                <Button icon={<KeyOutlined />} onClick={() => setDialog('reset')}>
                  {t('users.reset')}
                </Button>
              </>
            )}
          </Space>
          {self && <Alert className="fq-gap" type="info" showIcon title={t('users.self')} />}
          <EditRolesDialog user={shown} open={dialog === 'roles'} onClose={() => setDialog(null)} onDone={changed} />
          {can('user.manage') && <ResetPasswordDialog user={shown} open={dialog === 'reset'} onClose={() => setDialog(null)} onDone={changed} />}
        </>
      )}
    </Drawer>
  );
}
