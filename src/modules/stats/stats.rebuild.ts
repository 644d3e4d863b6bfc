// Rebuild the statistics rows from the cases and their timelines (`npm run stats:rebuild`): each case's
// timeline is replayed into the facts the loop had at each step, and the same builder as the live loop
// (stats.deltas.ts) writes the rows. The live rows and the rebuilt ones must sum to the same figures
// (stats.rebuild.test.ts checks it on random streams of real actions). The rollup is emptied with them and
// compacted again from the new rows right after (stats.rollup.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { caseCols, type CaseRow } from '../cases/cases.repo.js';
import { higherLevel } from '../cases/cases.workflow.js';
import { loadCalendar } from '../deadlines/deadlines.js';
import type { Calendar } from '../calendar/calendar.js';
import { transitionRows, type DeltaRow, type StatCase } from './stats.deltas.js';
import { compact, lockRollup, resetRollup } from './stats.rollup.js';

/** The name the live loop gives the rows of actions that are no figure of their own. */
const METRIC: Record<string, string> = {
  supervise: 'supervised', reply_supervision: 'supervision_replied', urge: 'urged', request_extension: 'extension_requested',
  whistle: 'whistled', report_in: 'reported_in',
};

export interface TimelineRow {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
  data: unknown;
}

/** The rows one case's timeline gives. */
export function replay(c: CaseRow, timeline: TimelineRow[], cal: Calendar, timeZone: string): DeltaRow[] {
  const report = timeline.find((a) => a.action === 'report');
  const reportData = (report?.data ?? {}) as { officeUnitId?: number };
  const office = reportData.officeUnitId ?? c.officeUnitId;
  let s: StatCase = {
    id: c.id, placePath: c.placePath, category: c.category, disputeType: c.disputeType, channel: c.channel,
    level: c.firstLevel, firstLevel: c.firstLevel, highestLevel: c.firstLevel, officeUnitId: office,
    assignedUnitId: c.resolvedOnSite ? office : null, createdAt: new Date(c.createdAt), closedAt: null,
    disposition: c.resolvedOnSite ? '已解决' : null, satisfaction: null, reworkCount: 0, handleDueAt: null,
  };
  let lastFeedbackAt: Date | null = null;
  const rows: DeltaRow[] = [];
  for (const a of timeline) {
    const at = new Date(a.at);
    const data = (a.data ?? {}) as Record<string, unknown>;
    if (a.action === 'report') {
      rows.push(...transitionRows(null, s, { action: 'report', from: null, to: 'reported', at }, timeZone));
      continue;
    }
    if (a.action.startsWith('warn_')) continue; // the sweep's marks change no figure
    if (a.action === 'merge' && a.toStatus !== 'merged') continue; // the primary's note of a merge
    if (a.action === 'feedback' && a.fromStatus === 'reported') {
      lastFeedbackAt = at; // resolved on the spot at intake: part of the report
      continue;
    }
    const after: StatCase = { ...s };
    switch (a.action) {
      case 'assign':
        after.assignedUnitId = (data.unitId as number | undefined) ?? null;
        break;
      case 'return':
        after.assignedUnitId = null;
        break;
      case 'escalate':
      case 'take_over':
        Object.assign(after, {
          level: data.level, officeUnitId: data.officeUnitId, highestLevel: higherLevel(s.highestLevel, data.level as string), assignedUnitId: null,
        });
        break;
      case 'feedback':
        after.disposition = (data.disposition as string) ?? null;
        lastFeedbackAt = at;
        break;
      case 'verify':
        if (!data.passed) after.reworkCount = s.reworkCount + 1;
        break;
      case 'rate':
        Object.assign(after, { satisfaction: data.satisfaction, closedAt: at });
        break;
      case 'close':
        after.closedAt = at;
        break;
      case 'reopen':
        Object.assign(after, { closedAt: null, assignedUnitId: null });
        break;
    }
    if ('handleDueAt' in data) after.handleDueAt = data.handleDueAt ? new Date(data.handleDueAt as string) : null;
    const metric = a.action === 'decide_extension' ? (data.approve ? 'extension_approved' : 'extension_refused') : (METRIC[a.action] ?? a.action);
    const facts = { lastFeedbackAt, cal, timeZone };
    rows.push(...transitionRows(s, after, { action: a.action, from: a.fromStatus, to: a.toStatus, at, metric }, timeZone, { now: facts, undone: facts }));
    s = after;
  }
  return rows;
}

/**
 * Replace every statistics row with the rows recomputed from the cases, in one transaction (the rollup emptied
 * with them), then compact the new rows into the rollup.
 */
export async function rebuild(db: Kysely<DB>, timeZone: string, batch = 500) {
  const done = await db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    await resetRollup(trx);
    await sql`delete from case_stat_deltas`.execute(trx);
    const cal = await loadCalendar(trx);
    let after = 0;
    let cases = 0;
    let written = 0;
    for (;;) {
      const page = (await trx.selectFrom('cases').select(caseCols).where('id', '>', after).orderBy('id').limit(batch).execute()) as CaseRow[];
      if (page.length === 0) break;
      const actions = await trx
        .selectFrom('caseActions')
        .select(['caseId', 'action', 'fromStatus', 'toStatus', 'at', 'data'])
        .where('caseId', 'in', page.map((c) => c.id))
        .orderBy('caseId')
        .orderBy('id')
        .execute();
      const byCase = new Map<number, TimelineRow[]>();
      for (const a of actions) (byCase.get(a.caseId) ?? byCase.set(a.caseId, []).get(a.caseId)!).push(a as TimelineRow);
      const rows = page.flatMap((c) => replay(c, byCase.get(c.id) ?? [], cal, timeZone));
      for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('caseStatDeltas').values(rows.slice(i, i + 1000)).execute();
      written += rows.length;
      cases += page.length;
      after = page[page.length - 1].id;
    }
    return { cases, rows: written };
  });
  const { folded } = await compact(db);
  return { ...done, folded };
}
