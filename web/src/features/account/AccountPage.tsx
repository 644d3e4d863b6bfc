// 我的账号 (everyone, auth.self): who I am, change password, two-factor sign-in, and phone device tokens
// for the roles that use the phone app (device.enroll).
import { Card, Descriptions, Tag } from 'antd';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { roleName } from '../auth/roles';
import { ChangePassword } from '../auth/ChangePassword';
import { TotpCard } from './TotpCard';
import { DeviceTokens } from './DeviceTokens';

export default function AccountPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const assignments = user.assignments ?? [];
  return (
    <div className="fq-account">
      <Card title={t('menu.account')} size="small" className="fq-account-wide">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'u', label: t('users.username'), children: user.username },
            { key: 'n', label: t('users.displayName'), children: user.displayName },
            {
              key: 'r',
              label: t('users.roles'),
              span: 'filled',
              children: assignments.map((a) => (
                <Tag key={a.id} color={a.id === user.roleId ? 'blue' : undefined}>
                  {[roleName(a.role, lang), a.unitName ?? a.regionName].filter(Boolean).join(' · ')}
                </Tag>
              )),
            },
          ]}
        />
      </Card>
      <ChangePassword forced={false} />
      <TotpCard />
      {can('device.enroll') && <DeviceTokens />}
    </div>
  );
}
