// Code tables of the case loop, as the server has them (src/modules/cases/cases.codes.ts, cases.workflow.ts).
// The tables themselves come from the server's one source (a pure module, no Node imports).
import { DISPUTE_TYPES, RATING_METHODS as ALL_RATING_METHODS } from '../../../../src/modules/cases/cases.codes';
export { CATEGORIES, CHANNELS, DISPUTE_TYPES, DISPOSITIONS, SATISFACTION, URGENCIES } from '../../../../src/modules/cases/cases.codes';
export type { Category, Satisfaction } from '../../../../src/modules/cases/cases.codes';

/** Staff record phone, visit or device ratings; 群众网上评价 is the citizen's own page. */
const { online: _citizenOnly, ...STAFF_RATING_METHODS } = ALL_RATING_METHODS;
export const RATING_METHODS = STAFF_RATING_METHODS;

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
