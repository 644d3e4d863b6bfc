// Code tables of the case loop, as the server has them (src/modules/cases/cases.codes.ts, cases.workflow.ts).
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

/** GB/T 31000-2015 事件类型 (two-digit table). */
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

export const DISPOSITIONS = ['调解成功', '调解不成', '已解决', '已答复/解释', '不属实', '转诉讼', '转仲裁', '转信访', '转公安', '其他'] as const;
export const SATISFACTION = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as const;
export type Satisfaction = keyof typeof SATISFACTION;
export const RATING_METHODS = { phone: '电话回访', visit: '上门回访', device: '现场评价器' } as const;
export const URGENCIES = { normal: '一般', urgent: '紧急', critical: '特急' } as const;

export const STATE_NAMES = {
  reported: '待受理',
  filed: '待指派',
  assigned: '待签收',
  in_progress: '办理中',
  to_verify: '待核查',
  verified: '待评价',
  closed: '已结案',
  archived: '已归档',
  rejected: '不予受理',
  merged: '已合并',
} as const;
export type CaseState = keyof typeof STATE_NAMES;

export const ACTION_NAMES = {
  file: '立案',
  reject: '不予受理',
  merge: '合并',
  assign: '指派',
  start: '签收',
  return: '退回',
  escalate: '上报上级',
  take_over: '提级办理',
  feedback: '办理反馈',
  verify: '核查',
  rate: '回访评价',
  reopen: '重新办理',
  close: '结案',
  archive: '归档',
  supervise: '督办',
  reply_supervision: '督办回复',
  urge: '催办',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  whistle: '吹哨',
  report_in: '报到',
  request_review: '申请复查',
  decide_review: '复查意见',
  request_rereview: '申请复核',
  decide_rereview: '复核意见',
} as const;
export type CaseAction = keyof typeof ACTION_NAMES;

/** UI.md status colours: 待受理/待指派 blue, 办理中 processing, 已结案 green, 已归档/不予受理 grey. */
export const STATE_COLORS: Record<CaseState, string> = {
  reported: 'blue',
  filed: 'blue',
  assigned: 'processing',
  in_progress: 'processing',
  to_verify: 'processing',
  verified: 'cyan',
  closed: 'green',
  archived: 'default',
  rejected: 'default',
  merged: 'default',
};

export const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
export const disputeTypeOptions = () => Object.entries(DISPUTE_TYPES).map(([value, label]) => ({ value, label: `${value} ${label}` }));
