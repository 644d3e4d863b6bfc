// Warnings as people see them: lists in the caller's region scope with the cases behind each, acknowledging
// and closing (audited), and the administrators' thresholds.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { inScopePaths } from '../../http/scope.js';
import type { SessionUser } from '../auth/auth.service.js';
import { record, type Actor } from '../audit/audit.service.js';
import { scopeFilter } from '../cases/cases.core.js';
import { STATE_NAMES, type CaseState } from '../cases/cases.workflow.js';
import { RULE_NAMES, RULE_PARAMS, type Rule } from './warnings.rules.js';
import { loadRules } from './warnings.sweep.js';

export interface WarningsCtx {
  db: Kysely<DB>;
  clock: Clock;
}

const cols = ['warnings.id', 'rule', 'title', 'severity', 'caseIds', 'warnings.status', 'firedAt', 'lastSeenAt', 'clearedAt', 'acknowledgedAt', 'closedAt', 'note', 'details', 'regions.code as regionCode', 'regions.name as regionName'] as const;

const view = <T extends { rule: string; caseIds: number[] }>(w: T) => ({ ...w, ruleName: RULE_NAMES[w.rule as Rule]?.zh ?? w.rule, caseCount: w.caseIds.length });

function scoped(ctx: WarningsCtx, u: SessionUser) {
  return ctx.db.selectFrom('warnings').innerJoin('regions', 'regions.id', 'warnings.regionId').where(inScopePaths('warnings.regionPath', u.scopePaths));
}

export async function listWarnings(ctx: WarningsCtx, u: SessionUser, f: { status: 'active' | 'open' | 'acknowledged' | 'closed' | 'all'; rule?: Rule; limit: number; cursor?: number }) {
  let q = scoped(ctx, u).select(cols).orderBy('warnings.id', 'desc').limit(f.limit + 1);
  if (f.status === 'active') q = q.where('warnings.status', 'in', ['open', 'acknowledged']);
  else if (f.status !== 'all') q = q.where('warnings.status', '=', f.status);
  if (f.rule) q = q.where('rule', '=', f.rule);
  if (f.cursor) q = q.where('warnings.id', '<', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map(view);
  return { items, nextCursor: rows.length > f.limit ? items.at(-1)!.id : null };
}

export async function countWarnings(ctx: WarningsCtx, u: SessionUser) {
  const r = await scoped(ctx, u)
    .select([sql<number>`count(*) filter (where warnings.status = 'open')`.as('open'), sql<number>`count(*) filter (where warnings.status = 'open' and severity = 'red')`.as('red')])
    .executeTakeFirstOrThrow();
  return { open: Number(r.open), red: Number(r.red) };
}

export async function getWarning(ctx: WarningsCtx, u: SessionUser, id: number) {
  const w = await scoped(ctx, u).select(cols).where('warnings.id', '=', id).executeTakeFirst();
  if (!w) throw notFound(text('预警不存在', 'no such warning'));
  const cases = w.caseIds.length
    ? await ctx.db.selectFrom('cases').select(['id', 'caseNumber', 'title', 'status', 'createdAt']).where('id', 'in', w.caseIds).where(scopeFilter(u)).orderBy('id', 'desc').execute()
    : [];
  return { ...view(w), cases: cases.map((c) => ({ ...c, statusName: STATE_NAMES[c.status as CaseState] ?? c.status })) };
}

export async function handleWarning(ctx: WarningsCtx, u: SessionUser, id: number, action: 'acknowledge' | 'close', note: string | undefined, actor: Actor) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const w = await trx.selectFrom('warnings').select(['id', 'status']).where('id', '=', id).where(inScopePaths('warnings.regionPath', u.scopePaths)).forUpdate().executeTakeFirst();
    if (!w) throw notFound(text('预警不存在', 'no such warning'));
    const from = action === 'acknowledge' ? ['open'] : ['open', 'acknowledged'];
    if (!from.includes(w.status))
      throw new AppError('CONFLICT', text(action === 'acknowledge' ? '该预警已签收或已关闭' : '该预警已关闭', action === 'acknowledge' ? 'already acknowledged or closed' : 'already closed'), { status: w.status });
    const set = action === 'acknowledge'
      ? { status: 'acknowledged' as const, acknowledgedAt: now, acknowledgedBy: u.id, ...(note ? { note } : {}) }
      : { status: 'closed' as const, closedAt: now, closedBy: u.id, note: note ?? null };
    await trx.updateTable('warnings').set(set).where('id', '=', id).execute();
    await record(trx, actor, { action: `warning.${action}`, objectType: 'warning', objectId: id, details: { note: note ?? null } }, now);
    return { id, status: set.status };
  });
}

export async function warningRules(ctx: WarningsCtx) {
  return (await loadRules(ctx.db)).map((r) => ({ ...r, name: RULE_NAMES[r.rule] }));
}

export async function setWarningRule(ctx: WarningsCtx, rule: Rule, body: { enabled?: boolean; params?: Record<string, unknown> }, userId: number, actor: Actor) {
  const now = ctx.clock.now();
  const current = (await loadRules(ctx.db)).find((r) => r.rule === rule)!;
  const parsed = RULE_PARAMS[rule].safeParse({ ...current.params, ...(body.params ?? {}) });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message }));
    throw new AppError('VALIDATION', text(`阈值无效：${fields.map((f) => f.path).join('，')}`, `invalid thresholds: ${fields.map((f) => f.path).join(', ')}`), { fields });
  }
  const enabled = body.enabled ?? current.enabled;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('warningRules').values({ rule, enabled, params: JSON.stringify(parsed.data), updatedBy: userId, updatedAt: now })
      .onConflict((oc) => oc.column('rule').doUpdateSet({ enabled, params: JSON.stringify(parsed.data), updatedBy: userId, updatedAt: now })).execute();
    await record(trx, actor, { action: 'warning_rule.update', objectType: 'warning_rule', objectId: rule, details: { enabled, params: parsed.data } }, now);
  });
  return { rule, enabled, params: parsed.data, updatedAt: now, name: RULE_NAMES[rule] };
}
