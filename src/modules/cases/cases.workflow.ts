// The six-step closed loop as data (DOMAIN §3). The table is the source of truth: the API checks it,
// and the UI shows the buttons it allows. Pure code: no I/O.
export const STATES = ['reported', 'filed', 'assigned', 'in_progress', 'to_verify', 'verified', 'closed', 'archived', 'rejected', 'merged'] as const;
export type CaseState = (typeof STATES)[number];

export const STATE_NAMES: Record<CaseState, string> = {
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
};

export const ACTIONS = [
  'file', 'reject', 'merge', 'assign', 'start', 'return', 'escalate', 'take_over', 'feedback', 'verify', 'rate', 'reopen', 'close', 'archive',
  'supervise', 'reply_supervision', 'urge', 'request_extension', 'decide_extension', 'whistle', 'report_in',
  'request_review', 'decide_review', 'request_rereview', 'decide_rereview',
] as const;
export type CaseAction = (typeof ACTIONS)[number];

export const ACTION_NAMES: Record<CaseAction | 'report', string> = {
  report: '问题上报',
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
};

/** How the caller stands to the case: computed by the service from the session and the case. */
export type Relation = 'office' | 'unit' | 'county_center' | 'leader' | 'summoned';

export interface CaseFacts {
  status: CaseState;
  /** an unanswered supervision order, a pending extension request, an open summons for the caller */
  openSupervision?: boolean;
  pendingExtension?: boolean;
  pendingSummons?: boolean;
  level: 'village' | 'town' | 'county' | 'city';
  satisfaction: string | null;
  reopened: boolean;
  hasParentOffice: boolean;
  /** 信访: a petition case, and where its review (复查) and re-review (复核) stand */
  petition?: boolean;
  review?: 'none' | 'pending' | 'decided';
  rereview?: 'none' | 'pending' | 'decided';
}

export interface Transition {
  from: CaseState[];
  action: CaseAction;
  /** the resulting state; verify decides between two, so it is computed */
  to: CaseState | 'same' | ((f: CaseFacts, input: { passed?: boolean }) => CaseState);
  who: Relation[];
  guard?: (f: CaseFacts) => string | null;
}

/** Any time before closed. */
const OPEN: CaseState[] = ['reported', 'filed', 'assigned', 'in_progress', 'to_verify', 'verified'];

export const TRANSITIONS: Transition[] = [
  { from: ['reported'], action: 'file', to: 'filed', who: ['office'] },
  { from: ['reported'], action: 'reject', to: 'rejected', who: ['office'] },
  { from: ['reported'], action: 'merge', to: 'merged', who: ['office'] },
  { from: ['filed'], action: 'assign', to: 'assigned', who: ['office'] },
  { from: ['assigned'], action: 'start', to: 'in_progress', who: ['unit'] },
  { from: ['assigned', 'in_progress'], action: 'return', to: 'filed', who: ['unit'] },
  {
    from: ['reported', 'filed'],
    action: 'escalate',
    to: 'filed',
    who: ['office'],
    guard: (f) => (f.hasParentOffice ? null : 'no office above this level'),
  },
  {
    from: ['in_progress'],
    action: 'escalate',
    to: 'filed',
    who: ['unit'],
    guard: (f) => (f.hasParentOffice ? null : 'no office above this level'),
  },
  {
    from: ['reported', 'filed', 'assigned', 'in_progress'],
    action: 'take_over',
    to: 'filed',
    who: ['county_center'],
    guard: (f) => (f.level === 'county' || f.level === 'city' ? 'already at the county center' : null),
  },
  { from: ['in_progress'], action: 'feedback', to: 'to_verify', who: ['unit'] },
  { from: ['to_verify'], action: 'verify', to: (_f, i) => (i.passed ? 'verified' : 'in_progress'), who: ['office'] },
  { from: ['verified'], action: 'rate', to: 'closed', who: ['office'] },
  { from: ['verified'], action: 'close', to: 'closed', who: ['office'] },
  {
    from: ['closed'],
    action: 'reopen',
    to: 'filed',
    who: ['office'],
    guard: (f) => (f.reopened ? 'a case is reopened at most once' : f.satisfaction !== 'dissatisfied' ? 'only a case rated dissatisfied is reopened' : null),
  },
  { from: ['closed'], action: 'archive', to: 'archived', who: ['office'], guard: (f) => (f.review === 'pending' || f.rereview === 'pending' ? 'a petition review is pending' : null) },
  // 限期处理: these change no state; they act on the case's clock and its supervision
  { from: OPEN, action: 'supervise', to: 'same', who: ['leader'] },
  { from: OPEN, action: 'reply_supervision', to: 'same', who: ['unit', 'office'], guard: (f) => (f.openSupervision ? null : 'no supervision order waits for a reply') },
  { from: OPEN, action: 'urge', to: 'same', who: ['leader'] },
  { from: ['assigned', 'in_progress'], action: 'urge', to: 'same', who: ['office'] },
  { from: ['in_progress'], action: 'request_extension', to: 'same', who: ['unit'], guard: (f) => (f.pendingExtension ? 'an extension request is already waiting' : null) },
  { from: ['in_progress'], action: 'decide_extension', to: 'same', who: ['office', 'leader'], guard: (f) => (f.pendingExtension ? null : 'no extension request is waiting') },
  { from: ['filed', 'assigned', 'in_progress'], action: 'whistle', to: 'same', who: ['office'], guard: (f) => (f.level === 'village' ? null : '吹哨 is the village office\'s call') },
  { from: OPEN, action: 'report_in', to: 'same', who: ['summoned'], guard: (f) => (f.pendingSummons ? null : 'no summons waits for this unit') },
  // 信访复查、复核 after the conclusion (the time windows are checked by the service: 409 out of time)
  { from: ['closed'], action: 'request_review', to: 'same', who: ['office'], guard: (f) => (!f.petition ? 'only a petition is reviewed' : f.review !== 'none' ? 'a review was already requested' : null) },
  { from: ['closed'], action: 'decide_review', to: 'same', who: ['office'], guard: (f) => (f.review === 'pending' ? null : 'no review waits for a decision') },
  {
    from: ['closed'], action: 'request_rereview', to: 'same', who: ['office'],
    guard: (f) => (!f.petition ? 'only a petition is reviewed' : f.rereview !== 'none' ? 'the re-review was already done' : f.review !== 'decided' ? 'a re-review follows a decided review' : null),
  },
  { from: ['closed'], action: 'decide_rereview', to: 'same', who: ['office'], guard: (f) => (f.rereview === 'pending' ? null : 'no re-review waits for a decision') },
];

export type Check = { ok: true; transition: Transition } | { ok: false; why: 'state' | 'who' | 'guard'; message: string };

/** Whether `relations` may take `action` on a case with `facts`: which rule refuses, if one does. */
export function check(facts: CaseFacts, action: CaseAction, relations: Relation[]): Check {
  const inState = TRANSITIONS.filter((t) => t.action === action && t.from.includes(facts.status));
  if (inState.length === 0) return { ok: false, why: 'state', message: `${action} is not possible in state ${facts.status}` };
  const mine = inState.filter((t) => t.who.some((w) => relations.includes(w)));
  if (mine.length === 0) return { ok: false, why: 'who', message: `${action} in state ${facts.status} is for ${inState.flatMap((t) => t.who).join('/')}` };
  for (const t of mine) {
    const g = t.guard?.(facts) ?? null;
    if (!g) return { ok: true, transition: t };
  }
  return { ok: false, why: 'guard', message: mine[0].guard!(facts)! };
}

export function nextState(t: Transition, facts: CaseFacts, input: { passed?: boolean }): CaseState {
  if (t.to === 'same') return facts.status;
  return typeof t.to === 'function' ? t.to(facts, input) : t.to;
}

/** The actions the caller may take now: what the UI shows as buttons. */
export function allowedActions(facts: CaseFacts, relations: Relation[]): CaseAction[] {
  return ACTIONS.filter((a) => check(facts, a, relations).ok);
}

export const TERMINAL: CaseState[] = ['archived', 'rejected', 'merged'];

export const LEVEL_ORDER = ['village', 'town', 'county', 'city'] as const;
export const higherLevel = (a: string, b: string) =>
  LEVEL_ORDER.indexOf(a as (typeof LEVEL_ORDER)[number]) >= LEVEL_ORDER.indexOf(b as (typeof LEVEL_ORDER)[number]) ? a : b;
