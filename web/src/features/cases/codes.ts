// Code tables of the case loop, as the server has them: the tables themselves come from the server's one
// source (src/modules/cases/cases.codes.ts and cases.workflow.ts, pure modules with no Node imports).
import { DISPUTE_TYPES, RATING_METHODS as ALL_RATING_METHODS } from '../../../../src/modules/cases/cases.codes';
export { CATEGORIES, CHANNELS, DISPUTE_TYPES, DISPOSITIONS, SATISFACTION, URGENCIES } from '../../../../src/modules/cases/cases.codes';
export type { Category, Satisfaction } from '../../../../src/modules/cases/cases.codes';

/** Staff record phone, visit or device ratings; 群众网上评价 is the citizen's own page. */
const { online: _citizenOnly, ...STAFF_RATING_METHODS } = ALL_RATING_METHODS;
export const RATING_METHODS = STAFF_RATING_METHODS;

export { STATE_NAMES, ACTION_NAMES } from '../../../../src/modules/cases/cases.workflow';
export type { CaseState, CaseAction } from '../../../../src/modules/cases/cases.workflow';
import { TERMINAL, type CaseState } from '../../../../src/modules/cases/cases.workflow';

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

/** States in which a case's stage clock no longer runs. */
export const CLOSED: string[] = ['closed', ...TERMINAL];

export const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
export const disputeTypeOptions = () => Object.entries(DISPUTE_TYPES).map(([value, label]) => ({ value, label: `${value} ${label}` }));

/** Roles that report from the field (网格上报) rather than receive at a window. */
export const FIELD_ROLES = ['grid_worker', 'volunteer'];

/** The channel a new case most likely came by, from the role of whoever enters it (they can change it). */
export function channelOf(role: string): string {
  if (FIELD_ROLES.includes(role)) return 'grid';
  if (role === 'police') return 'police';
  if (role === 'judge') return 'court';
  if (role === 'dept_handler') return 'department';
  return 'window';
}
