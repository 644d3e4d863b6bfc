// Chinese by default, English on request. antd brings its own locale; this dictionary covers our strings.
// The choice is kept in localStorage and sent to the API as Accept-Language (error messages follow it).
// Each feature keeps its strings next to it (features/<domain>/messages.ts); they are merged here.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as shellMessages from './shell/messages';
import * as accountMessages from './features/account/messages';
import * as auditMessages from './features/audit/messages';
import * as casesMessages from './features/cases/messages';
import * as publicMessages from './features/public/messages';
import * as peopleMessages from './features/people/messages';
import * as keypersonsMessages from './features/keypersons/messages';
import * as registersMessages from './features/addresses/messages';
import * as securityMessages from './features/security/messages';
import * as usersMessages from './features/users/messages';
import * as inboxMessages from './features/inbox/messages';
import * as deadlinesMessages from './features/deadlines/messages';
import * as dashboardMessages from './features/dashboard/messages';
import * as warningsMessages from './features/warnings/messages';
import * as evaluationMessages from './features/evaluation/messages';
import * as supervisionMessages from './features/supervision/messages';
import * as mobileMessages from './features/mobile/messages';
import * as patrolMessages from './features/patrol/messages';
import * as importsMessages from './features/imports/messages';
import * as statsMessages from './features/stats/messages';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'fq.lang';

export function currentLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const baseZh = {
  'app.name': '枫桥',
  'app.title': '县域社会治理平台',
  'lang.switch': 'English',
  'menu.open': '打开菜单',
  'menu.group.regions': '区划网格',
  'menu.regions': '区划网格树',
  'menu.import': '批量导入',
  'user.logout': '退出登录',
  'user.role': '当前角色',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.otp': '动态验证码',
  'password.title': '请先修改密码',
  'password.hint': '管理员要求您在继续使用前修改密码。',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.confirm': '确认新密码',
  'password.mismatch': '两次输入的新密码不一致',
  'password.submit': '修改密码',
  'totp.required': '您的角色要求启用动态验证码（两步验证）后才能继续使用，请在下方完成设置。',
  'user.switchRole': '切换角色',
  'login.required.username': '请输入用户名',
  'login.required.password': '请输入密码',
  'login.demo': '演示环境',
  'login.demo.accounts': '可用演示账号：',
  'login.demo.password': '统一密码：',
  'login.demo.fill': '点击账号名可自动填入。',
  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.cancel': '取消',
  'common.ok': '确定',
  'common.none': '无',
  'common.forbidden': '当前角色无权访问此页面',
  'common.notFound': '页面不存在',
  'common.back': '返回首页',
  'regions.search': '按名称或代码搜索',
  'regions.tree': '区划网格',
  'regions.map': '地图',
  'regions.noGeometry': '该区划及其下级暂无边界数据',
  'regions.pick': '请在左侧选择区划或网格',
  'regions.details': '详情',
  'regions.code': '代码',
  'regions.name': '名称',
  'regions.level': '级别',
  'regions.status': '状态',
  'regions.status.active': '正常',
  'regions.status.retired': '已撤并',
  'regions.children': '下级数量',
  'regions.version': '版本',
  'regions.createdAt': '创建时间',
  'regions.updatedAt': '更新时间',
  'regions.retiredAt': '撤并时间',
  'regions.successor': '承继区划',
  'regions.resolvedFrom': '代码 {old} 已变更，现为 {code}',
  'regions.history': '代码变更记录',
  'regions.history.code': '原代码',
  'regions.history.replacedBy': '新代码',
  'regions.history.changedAt': '变更时间',
  'regions.history.reason': '原因',
  'regions.legend': '图例',
  'action.create': '新建下级',
  'action.rename': '更名',
  'action.recode': '变更代码',
  'action.move': '调整隶属',
  'action.retire': '撤并',
  'action.done': '操作成功',
  'form.name': '名称',
  'form.code': '代码',
  'form.code.optional': '代码（留空自动分配）',
  'form.newCode': '新代码',
  'form.reason': '原因',
  'form.parentCode': '新上级代码',
  'form.successorCode': '承继区划代码',
  'form.geometry': '边界 GeoJSON（可选）',
  'form.geometry.invalid': '边界不是有效的 JSON',
  'form.required': '必填',
  'form.retire.hint': '撤并后，其下级将转入承继区划，原代码仍可查询。',
  'import.title': '批量导入区划网格',
  'import.hint': '上传 Excel (.xlsx) 或 GeoJSON (.geojson) 文件。整个文件校验通过后才会写入；有任何错误则不写入任何数据。',
  'import.template': '下载 Excel 模板',
  'import.choose': '点击或拖拽文件到此处',
  'import.submit': '开始导入',
  'import.ok': '导入成功，共新建 {n} 条',
  'import.failed': '导入失败，未写入任何数据',
  'import.row': '行',
  'import.column': '列',
  'import.message': '问题',
  'import.count': '数量',
} as const;

const features = [shellMessages, accountMessages, auditMessages, casesMessages, publicMessages, peopleMessages, keypersonsMessages, registersMessages, securityMessages, usersMessages, inboxMessages, deadlinesMessages, dashboardMessages, warningsMessages, supervisionMessages, mobileMessages, patrolMessages, importsMessages, statsMessages] as const;
const zh = {
  ...baseZh,
  ...shellMessages.zh,
  ...accountMessages.zh,
  ...auditMessages.zh,
  ...casesMessages.zh,
  ...publicMessages.zh,
  ...peopleMessages.zh,
  ...keypersonsMessages.zh,
  ...registersMessages.zh,
  ...securityMessages.zh,
  ...usersMessages.zh,
  ...inboxMessages.zh,
  ...deadlinesMessages.zh,
  ...dashboardMessages.zh,
  ...warningsMessages.zh,
  ...evaluationMessages.zh,
  ...supervisionMessages.zh,
  ...mobileMessages.zh,
  ...patrolMessages.zh,
  ...importsMessages.zh,
  ...statsMessages.zh,
};

export type MessageKey = keyof typeof zh;

const baseEn: Record<keyof typeof baseZh, string> = {
  'app.name': 'Fengqiao',
  'app.title': 'County social governance',
  'lang.switch': '中文',
  'menu.open': 'Open menu',
  'menu.group.regions': 'Regions & grids',
  'menu.regions': 'Region tree',
  'menu.import': 'Import',
  'user.logout': 'Log out',
  'user.role': 'Active role',
  'login.title': 'Log in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.otp': 'One-time code',
  'password.title': 'Change your password first',
  'password.hint': 'An administrator asks you to change your password before you continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Repeat the new password',
  'password.mismatch': 'The two new passwords differ',
  'password.submit': 'Change password',
  'totp.required': 'Your role needs two-factor sign-in (one-time codes) before you continue: set it up below.',
  'user.switchRole': 'Switch role',
  'login.required.username': 'Enter your username',
  'login.required.password': 'Enter your password',
  'login.demo': 'Demo environment',
  'login.demo.accounts': 'Demo accounts: ',
  'login.demo.password': 'Password for all: ',
  'login.demo.fill': 'Click an account to fill it in.',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.ok': 'OK',
  'common.none': 'None',
  'common.forbidden': 'Your role may not open this page',
  'common.notFound': 'Page not found',
  'common.back': 'Back to start',
  'regions.search': 'Search by name or code',
  'regions.tree': 'Regions',
  'regions.map': 'Map',
  'regions.noGeometry': 'No boundaries recorded for this region or below',
  'regions.pick': 'Pick a region or grid on the left',
  'regions.details': 'Details',
  'regions.code': 'Code',
  'regions.name': 'Name',
  'regions.level': 'Level',
  'regions.status': 'Status',
  'regions.status.active': 'Active',
  'regions.status.retired': 'Retired',
  'regions.children': 'Children',
  'regions.version': 'Version',
  'regions.createdAt': 'Created',
  'regions.updatedAt': 'Updated',
  'regions.retiredAt': 'Retired',
  'regions.successor': 'Successor',
  'regions.resolvedFrom': 'Code {old} has changed; it is now {code}',
  'regions.history': 'Code history',
  'regions.history.code': 'Old code',
  'regions.history.replacedBy': 'New code',
  'regions.history.changedAt': 'Changed',
  'regions.history.reason': 'Reason',
  'regions.legend': 'Legend',
  'action.create': 'New child',
  'action.rename': 'Rename',
  'action.recode': 'Change code',
  'action.move': 'Move',
  'action.retire': 'Retire',
  'action.done': 'Done',
  'form.name': 'Name',
  'form.code': 'Code',
  'form.code.optional': 'Code (empty: assigned automatically)',
  'form.newCode': 'New code',
  'form.reason': 'Reason',
  'form.parentCode': 'New parent code',
  'form.successorCode': 'Successor code',
  'form.geometry': 'Boundary GeoJSON (optional)',
  'form.geometry.invalid': 'The boundary is not valid JSON',
  'form.required': 'Required',
  'form.retire.hint': 'Its children move to the successor; the old code keeps resolving.',
  'import.title': 'Import regions and grids',
  'import.hint': 'Upload an Excel (.xlsx) or GeoJSON (.geojson) file. Nothing is written unless the whole file is valid.',
  'import.template': 'Download the Excel template',
  'import.choose': 'Click or drop a file here',
  'import.submit': 'Import',
  'import.ok': 'Imported: {n} created',
  'import.failed': 'Import failed: nothing was written',
  'import.row': 'Row',
  'import.column': 'Column',
  'import.message': 'Problem',
  'import.count': 'Count',
};

const en = Object.assign({}, baseEn, ...features.map((f) => f.en)) as Record<MessageKey, string>;
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const translate = (lang: Lang): T => (key, vars) => {
  let s = dictionaries[lang][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
};

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: T;
}

const I18nContext = createContext<I18n>({ lang: 'zh', setLang: () => {}, t: translate('zh') });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: keep it in memory */
    }
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang, t: translate(lang) }), [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export const useI18n = () => useContext(I18nContext);

const beijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** YYYY-MM-DD HH:mm in Beijing time, whatever the browser's zone; '' for nothing. */
export function formatTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = Object.fromEntries(beijing.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
