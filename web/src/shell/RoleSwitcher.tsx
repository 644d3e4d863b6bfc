// The active role as a tag; accounts with several role assignments pick another one here.
import { App, Dropdown, Tag, Tooltip } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api';
import { useSession, useUser } from '../features/auth/session';
import { useI18n } from '../i18n';

export function RoleSwitcher() {
  const { t } = useI18n();
  const { switchRole } = useSession();
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const assignments = user.assignments ?? [];
  const tag = (
    <Tag color="blue" className="fq-role" data-testid="current-role">
      {user.roleName}
      {assignments.length > 1 && <DownOutlined className="fq-role-caret" />}
    </Tag>
  );
  if (assignments.length <= 1) return <Tooltip title={t('user.role')}>{tag}</Tooltip>;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: user.roleId !== undefined ? [String(user.roleId)] : [],
        items: [
          { type: 'group', key: 'g', label: t('user.switchRole') },
          ...assignments.map((a) => ({
            key: String(a.id),
            label: [a.roleName, a.regionName ?? a.unitName].filter(Boolean).join(' · '),
          })),
        ],
        onClick: async ({ key }) => {
          if (Number(key) === user.roleId) return;
          try {
            const u = await switchRole(Number(key));
            message.success(`${t('user.role')}: ${u.roleName}`);
            navigate('/'); // the new role's start page
          } catch (e) {
            message.error(errorMessage(e));
          }
        },
      }}
    >
      <a onClick={(e) => e.preventDefault()} className="fq-role-switch" aria-label={t('user.switchRole')}>
        {tag}
      </a>
    </Dropdown>
  );
}
