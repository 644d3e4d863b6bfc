// The warning sweep: each enabled rule finds the subjects whose condition holds; a subject without an open
// episode gets a warning — inserted first against the unique (episode_key) index of uncleared rows, so only
// the inserter notifies and a second sweeper (or process) fires nothing — and an episode whose condition no
// longer holds is cleared, after which the same subject may fire again.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { pathIds } from '../../http/scope.js';
import { liveBus } from '../live/bus.js';
import { DETECT, RULE_PARAMS, RULES, type Finding, type Rule } from './warnings.rules.js';

export interface WarningSweepCtx {
  db: Kysely<DB>;
  clock: Clock;
}

export async function loadRules(db: Kysely<DB>) {
  const rows = await db.selectFrom('warningRules').selectAll().execute();
  return RULES.map((rule) => {
    const r = rows.find((x) => x.rule === rule);
    return { rule, enabled: r?.enabled ?? false, params: r?.params ?? {}, updatedAt: r?.updatedAt ?? null };
  });
}

/** Who hears of a new warning: the town office of the place, and leaders whose region holds it. */
async function notify(trx: Kysely<DB>, id: number, f: Finding, now: Date) {
  const above = pathIds(f.regionPath);
  const [towns, leaders] = await Promise.all([
    trx.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select('units.id')
      .where('units.kind', '=', 'office').where('units.status', '=', 'active').where('regions.level', '=', 'town').where('regions.id', 'in', above).execute(),
    trx.selectFrom('userRoles').innerJoin('users', 'users.id', 'userRoles.userId').select('users.id').distinct()
      .where('userRoles.role', '=', 'leader').where('users.status', '=', 'active').where('userRoles.regionId', 'in', above).execute(),
  ]);
  const base = { caseId: f.caseIds.at(-1) ?? null, kind: 'warning', title: `预警：${f.title}`, body: `/warnings/${id}`, createdAt: now };
  const rows = [...towns.map((u) => ({ ...base, unitId: u.id })), ...leaders.map((u) => ({ ...base, userId: u.id }))];
  if (rows.length) await trx.insertInto('notifications').values(rows).execute();
}

export async function sweepWarnings(ctx: WarningSweepCtx): Promise<{ fired: number; cleared: number; byRule: Partial<Record<Rule, number>> }> {
  const now = ctx.clock.now();
  const out = { fired: 0, cleared: 0, byRule: {} as Partial<Record<Rule, number>> };
  for (const r of await loadRules(ctx.db)) {
    const params = RULE_PARAMS[r.rule].safeParse(r.params);
    const findings = r.enabled && params.success ? await (DETECT[r.rule] as (db: Kysely<DB>, p: unknown, now: Date) => Promise<Finding[]>)(ctx.db, params.data, now) : [];
    for (const f of findings) {
      const values = { title: f.title, severity: f.severity, regionId: f.regionId, regionPath: f.regionPath, details: JSON.stringify(f.details), caseIds: f.caseIds };
      const id = await ctx.db.transaction().execute(async (trx) => {
        const ins = await trx.insertInto('warnings')
          .values({ rule: r.rule, episodeKey: f.key, firedAt: now, lastSeenAt: now, ...values })
          .onConflict((oc) => oc.column('episodeKey').where('clearedAt', 'is', null).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!ins) {
          // the episode goes on: keep its figures and cases current, fire nothing
          await trx.updateTable('warnings').set({ lastSeenAt: now, ...values }).where('episodeKey', '=', f.key).where('clearedAt', 'is', null).execute();
          return null;
        }
        await notify(trx, ins.id, f, now);
        return ins.id;
      });
      if (id === null) continue;
      out.fired++;
      out.byRule[r.rule] = (out.byRule[r.rule] ?? 0) + 1;
      liveBus.publish({ type: 'warning', at: now, warning: { id, rule: r.rule, title: f.title, severity: f.severity, regionPath: f.regionPath, caseIds: f.caseIds } });
    }
    const keys = findings.map((f) => f.key);
    let clear = ctx.db.updateTable('warnings').set({ clearedAt: now }).where('rule', '=', r.rule).where('clearedAt', 'is', null);
    if (keys.length) clear = clear.where('episodeKey', 'not in', keys);
    const cleared = await clear.executeTakeFirst();
    out.cleared += Number(cleared.numUpdatedRows);
  }
  return out;
}
