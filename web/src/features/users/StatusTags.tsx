import { Space, Tag } from 'antd';
import { useI18n } from '../../i18n';

/** 正常/已停用, plus "must change password" and "two-factor on" when they apply. */
export function StatusTags({ user }: { user: { status: string; mustChangePassword: boolean; totpEnabled: boolean } }) {
  const { t } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {user.status === 'active' ? <Tag color="green">{t('users.status.active')}</Tag> : <Tag>{t('users.status.disabled')}</Tag>}
      {user.mustChangePassword && <Tag color="gold">{t('users.mustChange')}</Tag>}
      {user.totpEnabled && <Tag color="geekblue">{t('users.totp')}</Tag>}
    </Space>
  );
}
