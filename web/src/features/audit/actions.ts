// Readable names for the audit actions the server writes; unknown ones show their code.
import type { Lang } from '../../i18n';

const NAMES: Record<string, [string, string]> = {
  'login.success': ['登录成功', 'Login'],
  'login.failure': ['登录失败', 'Login failed'],
  'login.lockout': ['账号锁定', 'Account locked out'],
  'login.locked': ['锁定期间登录', 'Login while locked'],
  logout: ['退出登录', 'Logout'],
  'role.switch': ['切换角色', 'Role switch'],
  'password.change': ['修改密码', 'Password change'],
  'totp.enable': ['启用两步验证', 'Two-factor on'],
  'device_token.create': ['登记设备', 'Device enrolled'],
  'device_token.revoke': ['吊销设备令牌', 'Device token revoked'],
  'user.create': ['建立账号', 'Account created'],
  'user.update': ['修改账号', 'Account edited'],
  'user.disable': ['停用账号', 'Account disabled'],
  'user.roles': ['设置角色', 'Roles set'],
  'user.password_reset': ['重置密码', 'Password reset'],
  'policy.update': ['修改安全策略', 'Security policy changed'],
  'region.create': ['新建区划', 'Region created'],
  'region.update': ['修改区划', 'Region changed'],
  'region.move': ['调整隶属', 'Region moved'],
  'region.retire': ['撤并区划', 'Region retired'],
  'region.import': ['批量导入区划', 'Regions imported'],
  'person.create': ['登记人口', 'Person registered'],
  'person.unmask': ['查看完整个人信息', 'Personal data unmasked'],
};

export function actionName(action: string, lang: Lang): string | null {
  const n = NAMES[action];
  return n ? n[lang === 'en' ? 1 : 0] : null;
}

export const OUTCOME_COLOR: Record<string, string> = { success: 'green', failure: 'red', denied: 'volcano' };
