// Code tables of the case loop (DOMAIN §3, §5): categories, channels, GB/T 31000 dispute types,
// dispositions, satisfaction, and where each channel lands by default (configurable later).
export const CATEGORIES = {
  dispute: '矛盾纠纷',
  service: '民生服务',
  city: '城市管理',
  hazard: '安全隐患',
  security: '治安',
  warning: '预警信息',
  petition: '信访',
} as const;
export type Category = keyof typeof CATEGORIES;

export const CHANNELS = {
  window: '窗口受理',
  citizen: '群众网上反映',
  grid: '网格上报',
  department: '部门移交',
  transfer: '下级移交',
  court: '法院委派',
  petition: '信访交办',
  police: '公安移交',
  hotline: '热线',
  api: '系统对接',
} as const;
export type Channel = keyof typeof CHANNELS;

/** GB/T 31000-2015 事件类型, two-digit table. Four-digit sub-types extend it (e.g. 0902 宅基地使用). */
export const DISPUTE_TYPES: Record<string, string> = {
  '01': '婚恋家庭纠纷',
  '02': '邻里纠纷',
  '03': '人格权纠纷',
  '04': '物权纠纷',
  '05': '侵权纠纷',
  '06': '合同纠纷',
  '07': '劳动人事纠纷',
  '08': '金融借贷纠纷',
  '09': '土地及资源权属纠纷',
  '10': '其他民商事纠纷',
  '11': '城乡建设发展纠纷',
  '12': '涉民政纠纷',
  '13': '其他行政执法纠纷',
  '14': '涉法涉诉纠纷',
  '15': '涉组织涉纪检纠纷',
  '16': '涉民族宗教纠纷',
  '99': '其他纠纷',
};

/** A known two-digit type, or a four-digit sub-type of one. */
export const isDisputeType = (t: string) => /^\d{2}(\d{2})?$/.test(t) && t.slice(0, 2) in DISPUTE_TYPES;
export const disputeTypeName = (t: string | null | undefined) => (t ? (DISPUTE_TYPES[t.slice(0, 2)] ?? t) : null);

export const SCALES = { '01': '个体性', '02': '一般群体性', '03': '重大群体性' } as const;
export const URGENCIES = { normal: '一般', urgent: '紧急', critical: '特急' } as const;

export const DISPOSITIONS = ['调解成功', '调解不成', '已解决', '已答复/解释', '不属实', '转诉讼', '转仲裁', '转信访', '转公安', '其他'] as const;
export const SATISFACTION = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as const;
export type Satisfaction = keyof typeof SATISFACTION;
export const RATING_METHODS = { phone: '电话回访', visit: '上门回访', device: '现场评价器', online: '群众网上评价' } as const;

export type Level = 'village' | 'town' | 'county' | 'city';
export const LEVEL_NAMES: Record<Level, string> = { village: '村/社区', town: '镇/街道', county: '旗县区', city: '市' };

/** Where a new case lands, by channel: the village office of the place, its town office, or the county center. */
export const LANDING: Record<Channel, Level> = {
  citizen: 'village',
  grid: 'village',
  window: 'county',
  court: 'county',
  petition: 'county',
  hotline: 'county',
  api: 'county',
  department: 'county',
  transfer: 'county',
  police: 'town',
};
