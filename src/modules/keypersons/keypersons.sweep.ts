// Missed visits: a key person whose next-due date has passed becomes a yellow (or red) item on the work list of its
// responsible cadres, its grid's workers and its village office. A mark keyed by (key person, due date, colour) is
// inserted first and only its inserter notifies, so each fires once however many processes sweep.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { businessDate } from '../../db/business-time.js';
import { pathIds } from '../../http/scope.js';
import { record, systemActor } from '../audit/audit.service.js';
import { overdueKind, type Risk } from './keypersons.fields.js';
import { visible } from '../registers/visible.js';

export interface VisitSweepCtx {
  db: Kysely<DB>;
  clock: Clock;
  timeZone?: string;
}

export async function sweepVisits(ctx: VisitSweepCtx): Promise<{ yellow: number; red: number }> {
  const now = ctx.clock.now();
  const day = businessDate(now, ctx.timeZone ?? 'Asia/Shanghai');
  const due = await ctx.db.selectFrom('keypersons')
    .innerJoin('keypersonCategories as c', 'c.code', 'keypersons.categoryCode')
    .innerJoin('regions', 'regions.id', 'keypersons.gridId')
    .select(['keypersons.id', 'keypersons.risk', 'keypersons.nextDueOn', 'keypersons.gridId', 'c.name as categoryName', 'c.visitDays', 'regions.path as gridPath'])
    .where('keypersons.status', '=', 'active')
    .where('keypersons.nextDueOn', '<', day)
    .where(visible('keypersons'))
    .orderBy('keypersons.id')
    .limit(2000)
    .execute();
  const fired = { yellow: 0, red: 0 };
  for (const k of due) {
    const kind = overdueKind(k.nextDueOn, day, k.risk as Risk, k.visitDays);
    if (!kind) continue;
    await ctx.db.transaction().execute(async (trx) => {
      const mark = await trx.insertInto('keypersonDueMarks').values({ keypersonId: k.id, dueOn: k.nextDueOn, kind, at: now })
        .onConflict((oc) => oc.doNothing()).returning('keypersonId').executeTakeFirst();
      if (!mark) return;
      fired[kind]++;
      const cadres = await trx.selectFrom('keypersonCadres').select('userId').where('keypersonId', '=', k.id).execute();
      const workers = await trx.selectFrom('gridMembers').select('userId').where('regionId', '=', k.gridId).where('duty', 'in', ['grid_leader', 'grid_worker']).execute();
      const users = [...new Set([...cadres, ...workers].map((u) => u.userId))];
      const village = await trx.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select('units.id')
        .where('units.kind', '=', 'office').where('regions.level', '=', 'village').where('units.regionId', 'in', pathIds(k.gridPath)).executeTakeFirst();
      const title = kind === 'red' ? `重点人员走访严重逾期（${k.categoryName}）` : `重点人员走访逾期（${k.categoryName}）`;
      const body = `应于 ${k.nextDueOn} 前走访`;
      const rows = [
        ...users.map((userId) => ({ userId, keypersonId: k.id, kind: `visit_overdue_${kind}`, title, body, createdAt: now })),
        ...(village ? [{ unitId: village.id, keypersonId: k.id, kind: `visit_overdue_${kind}`, title, body, createdAt: now }] : []),
      ];
      if (rows.length) await trx.insertInto('notifications').values(rows).execute();
      await record(trx, systemActor('visit-sweep'), { action: `keyperson.visit_overdue_${kind}`, objectType: 'keyperson', objectId: k.id, details: { dueOn: k.nextDueOn } }, now);
    });
  }
  return fired;
}

/** Count of marks (tests). */
export const markCount = async (db: Kysely<DB>, id: number) =>
  Number((await sql<{ n: number }>`select count(*) as n from keyperson_due_marks where keyperson_id = ${id}`.execute(db)).rows[0].n);
