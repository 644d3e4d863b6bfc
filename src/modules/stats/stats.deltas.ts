// The statistics rows a case event writes (DOMAIN §8): ONE pure builder for the live loop (deltaValues/writeDelta in
// cases.core.ts) and for the rebuild (stats.rebuild.ts), so both give the same rows by construction.
// A row is (metric, delta, business_date, dimensions); business_date is the date that decides the period:
// the event's day, except the due cohort (due, due_closed, due_closed_on_time) dated by the handle deadline.
import { businessDate } from '../../db/business-time.js';
import { workingDaysBetween, type Calendar } from '../calendar/calendar.js';

/** What a delta needs to know about a case at the moment of an event. */
export interface StatCase {
  id: number;
  placePath: string;
  category: string;
  disputeType: string | null;
  channel: string;
  level: string;
  firstLevel: string;
  highestLevel: string;
  officeUnitId: number;
  assignedUnitId: number | null;
  createdAt: Date;
  closedAt: Date | null;
  disposition: string | null;
  satisfaction: string | null;
  reworkCount: number;
  handleDueAt: Date | null;
}

export interface DeltaRow {
  caseId: number;
  businessDate: string;
  metric: string;
  delta: number;
  regionPath: string;
  category: string;
  disputeType: string | null;
  channel: string;
  level: string;
  unitId: number | null;
  firstLevel: string;
  highestLevel: string;
  days: number | null;
}

/** Resolution (化解) counts these dispositions (DOMAIN §3). */
export const RESOLVED = ['调解成功', '已解决'];
export const SATISFIED = ['satisfied', 'basically_satisfied'];
const TOWN_OR_BELOW = ['village', 'town'];

/** The business day a deadline falls on (deadlines are the end of a day, i.e. 24:00 = the next day's 00:00). */
export const dueDay = (dueAt: Date, timeZone: string) => businessDate(new Date(dueAt.getTime() - 1), timeZone);

/** The values of one row: the case's dimensions at the event. */
export function rowValues(c: StatCase, metric: string, day: string, delta = 1, days: number | null = null): DeltaRow {
  return {
    caseId: c.id, businessDate: day, metric, delta, regionPath: c.placePath, category: c.category, disputeType: c.disputeType,
    channel: c.channel, level: c.level, unitId: c.assignedUnitId ?? c.officeUnitId, firstLevel: c.firstLevel, highestLevel: c.highestLevel, days,
  };
}

export interface ClosingFacts {
  /** the last feedback before closing (handling finished), for 按期 */
  lastFeedbackAt: Date | null;
  cal: Calendar;
  timeZone: string;
}

/** The rows of a closing (rate, close, citizen rating, auto-close); `sign` -1 retracts them on reopen. */
export function closingRows(c: StatCase, f: ClosingFacts, sign = 1): DeltaRow[] {
  const closedAt = c.closedAt!;
  const day = businessDate(closedAt, f.timeZone);
  const days = workingDaysBetween(c.createdAt, closedAt, f.cal, f.timeZone);
  const rows = [rowValues(c, 'closed', day, sign, days)];
  const add = (metric: string, on = day) => rows.push(rowValues(c, metric, on, sign));
  if (c.handleDueAt) {
    const onTime = f.lastFeedbackAt !== null && f.lastFeedbackAt.getTime() <= c.handleDueAt.getTime();
    const due = dueDay(c.handleDueAt, f.timeZone);
    add(onTime ? 'closed_on_time' : 'closed_overdue');
    add('due_closed', due);
    if (onTime) add('due_closed_on_time', due);
  }
  add(c.satisfaction ? 'rated' : 'unrated');
  if (c.satisfaction && SATISFIED.includes(c.satisfaction)) add('satisfied');
  if (c.category === 'dispute') {
    add('dispute_closed');
    if (c.disposition && RESOLVED.includes(c.disposition)) add('resolved');
    if (c.firstLevel === 'village') {
      add('village_base');
      if (c.highestLevel === 'village') add('village_kept');
    }
    if (TOWN_OR_BELOW.includes(c.firstLevel)) {
      add('town_base');
      if (TOWN_OR_BELOW.includes(c.highestLevel)) add('town_kept');
    }
    if (c.highestLevel !== 'city') add('county_kept');
  }
  return rows;
}

export interface Transition {
  action: string;
  from: string | null;
  to: string;
  at: Date;
  /** the name the loop gives the event when it is not one of the figures (supervised, urged, assign…) */
  metric?: string;
}

/**
 * Every row one transition writes, from the case before and after it. `closing` is needed only when the
 * transition closes the case or reopens it (the rows of the closing being undone).
 */
export function transitionRows(before: StatCase | null, after: StatCase, t: Transition, timeZone: string, closing?: { now: ClosingFacts; undone?: ClosingFacts }): DeltaRow[] {
  const day = businessDate(t.at, timeZone);
  const rows: DeltaRow[] = [];
  if (t.action === 'report') rows.push(rowValues(after, 'received', day));
  else if (t.to === 'closed' && t.from !== 'closed') rows.push(...closingRows(after, closing!.now));
  else if (t.action === 'reopen' && before) {
    rows.push(...closingRows(before, closing!.undone!, -1));
    rows.push(rowValues(after, 'reopened', day));
  } else if (t.from === 'reported' && t.to === 'filed') rows.push(rowValues(after, 'filed', day));
  else if (t.to === 'rejected') rows.push(rowValues(after, 'rejected', day));
  else if (t.to === 'merged') rows.push(rowValues(after, 'merged', day));
  else if (t.action === 'verify') {
    if (t.to === 'verified') {
      rows.push(rowValues(after, 'verified', day));
      if (after.reworkCount > 0) rows.push(rowValues(after, 'verified_reworked', day));
    } else rows.push(rowValues(after, 'rework', day));
  } else rows.push(rowValues(after, t.metric ?? t.action, day));
  // the due cohort follows the handle deadline: out of the old date's cohort, into the new one's
  const was = before?.handleDueAt?.getTime() ?? null;
  const now = after.handleDueAt?.getTime() ?? null;
  if (was !== now) {
    if (before?.handleDueAt) rows.push(rowValues(before, 'due', dueDay(before.handleDueAt, timeZone), -1));
    if (after.handleDueAt) rows.push(rowValues(after, 'due', dueDay(after.handleDueAt, timeZone), 1));
  }
  return rows;
}
