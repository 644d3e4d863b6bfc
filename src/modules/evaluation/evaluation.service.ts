// 季季评: the quarter's ranking of the areas under a region (the towns of a county) or of the departments
// (units other than the offices) working in it. Every rate but one comes from the statistics module
// (breakdown by region / by unit — the formulas live there, docs/METRICS.md); supervision replies on time is
// defined here: supervision orders whose reply was due in the quarter, replied on or before the due time.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, text } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { record, type Actor } from '../audit/audit.service.js';
import { breakdown, target } from '../stats/stats.service.js';
import { rate } from '../stats/stats.metrics.js';
import { DEFAULT_WEIGHTS, PART_NAMES, PARTS, quarterDays, quarterOf, rank, score, type Weights } from './evaluation.score.js';

export interface EvaluationCtx {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
}

const KEY = 'evaluation.weights';

export async function weights(db: Kysely<DB>): Promise<Weights> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return { ...DEFAULT_WEIGHTS, ...((row?.value as Partial<Weights>) ?? {}) };
}

export async function setWeights(ctx: EvaluationCtx, w: Weights, userId: number, actor: Actor) {
  const sum = PARTS.reduce((s, p) => s + w[p], 0);
  if (sum !== 100)
    throw new AppError('VALIDATION', text(`各项权重之和须为 100（现为 ${sum}）`, `the weights must add up to 100 (they add up to ${sum})`), { fields: [{ path: 'weights', message: `sum ${sum}` }] });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key: KEY, value: JSON.stringify(w), updatedBy: userId, updatedAt: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(w), updatedBy: userId, updatedAt: now })).execute();
    await record(trx, actor, { action: 'settings.evaluation_weights', objectType: 'settings', objectId: KEY, details: { ...w } }, now);
  });
  return w;
}

/** Supervision orders due in [from, to] and those replied on time, per group (child region id or unit id). */
async function supervision(db: Kysely<DB>, path: string, from: string, to: string, kind: 'region' | 'unit') {
  const key = kind === 'region' ? sql<string>`split_part(substr(c.place_path, ${path.length + 1}), '/', 1)` : sql<string>`coalesce(c.assigned_unit_id::text, '')`;
  const rows = await sql<{ key: string; due: number; onTime: number }>`
    select ${key} as key, count(*)::int as due, count(*) filter (where s.replied_at is not null and s.replied_at <= s.reply_due_at)::int as on_time
    from case_supervisions s join cases c on c.id = s.case_id
    where c.place_path like ${path + '%'} and s.reply_due_at::date between ${from}::date and ${to}::date
    group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.key, rate(Number(r.onTime), Number(r.due))]));
}

export async function evaluate(ctx: EvaluationCtx, u: SessionUser, q: { quarter?: string; kind: 'region' | 'unit'; region?: string }) {
  const quarter = q.quarter ?? quarterOf(businessDate(ctx.clock.now(), ctx.timeZone));
  const days = quarterDays(quarter);
  if (!days) throw new AppError('VALIDATION', text('季度格式应为 YYYY-Qn', 'the quarter looks like YYYY-Qn'), { fields: [{ path: 'quarter', message: 'YYYY-Qn' }] });
  const stats = { db: ctx.db, clock: ctx.clock, timeZone: ctx.timeZone };
  const t = await target(stats, u, { region: q.region, ...days }); // 403 outside the caller's scope
  const node = await ctx.db.selectFrom('regions').select(['id', 'path']).where('code', '=', t.region.code).executeTakeFirstOrThrow();
  const [groups, sup, w] = await Promise.all([
    breakdown(stats, u, { region: t.region.code, ...days, by: q.kind }),
    supervision(ctx.db, node.path, days.from, days.to, q.kind),
    weights(ctx.db),
  ]);
  const figures = new Map(groups.items.map((g) => [g.key, g]));
  // every subject is listed, also one without a case this quarter
  const subjects = q.kind === 'region'
    ? (await ctx.db.selectFrom('regions').select(['id', 'code', 'name']).where('parentId', '=', node.id).where('status', '=', 'active').orderBy('code').execute())
      .map((r) => ({ key: String(r.id), id: r.id, code: r.code as string | null, name: r.name }))
    : (await ctx.db.selectFrom('units').innerJoin('regions', 'regions.id', 'units.regionId').select(['units.id', 'units.name'])
      .where('units.kind', '<>', 'office').where('units.status', '=', 'active').where('regions.path', 'like', `${node.path}%`).orderBy('units.id').execute())
      .map((r) => ({ key: String(r.id), id: r.id, code: null, name: r.name }));
  const none = rate(0, 0);
  const rows = subjects.map((s) => {
    const f = figures.get(s.key);
    const rates = {
      onTimeClosureRate: f?.onTimeClosureRate ?? none,
      satisfactionRate: f?.satisfactionRate ?? none,
      reworkRate: f?.reworkRate ?? none,
      townRetentionRate: f?.townRetentionRate ?? none,
      supervisionOnTime: sup.get(s.key) ?? none,
    };
    return { id: s.id, code: s.code, name: s.name, received: f?.received ?? 0, ...score(rates, w) };
  });
  return { quarter, from: days.from, to: days.to, kind: q.kind, region: t.region, weights: w, partNames: PART_NAMES, items: rank(rows) };
}
