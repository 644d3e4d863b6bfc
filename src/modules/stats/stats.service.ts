// Statistics for a caller: the region (default: the caller's own), the period, the caller's scope (403
// outside it), then the figures of stats.metrics.ts overall, per group, or per period.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { businessDate } from '../../db/business-time.js';
import { AppError, text } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { resolve } from '../regions/regions.service.js';
import { CATEGORIES, CHANNELS, LEVEL_NAMES, disputeTypeName, type Level } from '../cases/cases.codes.js';
import * as repo from './stats.repo.js';
import { emptySums, figures, METRIC_NAMES, type FigureOptions, type Sums } from './stats.metrics.js';

export interface StatsCtx {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
}

export interface StatsQuery extends FigureOptions {
  region?: string;
  from?: string;
  to?: string;
}

const bad = (path: string, zh: string, en: string) => new AppError('VALIDATION', text(zh, en), { fields: [{ path, message: en }] });

/** Region, period and scope of a request; throws 400/403/404. */
export async function target(ctx: StatsCtx, u: SessionUser, q: StatsQuery) {
  const today = businessDate(ctx.clock.now(), ctx.timeZone);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 7)}-01`;
  if (to < from) throw bad('to', '统计期的结束日期早于开始日期', 'the period ends before it starts');
  const code = q.region ?? u.regionCode;
  if (!code) throw bad('region', '请选择统计区域', 'choose a region');
  const node = (await resolve(ctx.db, code)).node;
  if (!u.scopePaths.some((p) => node.path.startsWith(p)))
    throw new AppError('FORBIDDEN', text('该区域不在您的管辖范围内', 'that region is outside your scope'), { region: code });
  const filter: repo.Filter = { from, to, path: node.path, unitId: u.scopeKind === 'unit' ? u.unitId : null };
  return { region: { code: node.code, name: node.name, level: node.level }, from, to, filter };
}

function collect(rows: Awaited<ReturnType<typeof repo.sums>>) {
  const by = new Map<string, Sums>();
  const get = (k: string) => by.get(k) ?? by.set(k, emptySums()).get(k)!;
  for (const r of rows.sums) get(r.key).metrics[r.metric] = Number(r.n);
  for (const r of rows.histogram) if (r.days !== null) get(r.key).histogram.set(Number(r.days), Number(r.n));
  for (const r of rows.stocks) Object.assign(get(r.key), { inProgress: Number(r.open), overdueOpen: Number(r.overdue) });
  return by;
}

export async function overview(ctx: StatsCtx, u: SessionUser, q: StatsQuery) {
  const t = await target(ctx, u, q);
  const s = collect(await repo.sums(ctx.db, t.filter, 'all', ctx.clock.now())).get('all') ?? emptySums();
  return { region: t.region, from: t.from, to: t.to, ...figures(s, q) };
}

/** Names of the groups of a breakdown; region groups are the node's children ('' = the node itself). */
async function groupNames(ctx: StatsCtx, by: repo.Dimension, keys: string[]) {
  const names = new Map<string, { name: string; code?: string }>();
  if (by === 'region') {
    const rows = await repo.regionsByIds(ctx.db, keys.filter(Boolean).map(Number));
    for (const r of rows) names.set(String(r.id), { name: r.name, code: r.code });
    names.set('', { name: '本级', code: undefined });
  } else if (by === 'unit') {
    for (const r of await repo.unitNames(ctx.db, keys.filter(Boolean).map(Number))) names.set(String(r.id), { name: r.name });
  } else {
    for (const k of keys) {
      const name = by === 'category' ? CATEGORIES[k as keyof typeof CATEGORIES]
        : by === 'channel' ? CHANNELS[k as keyof typeof CHANNELS]
        : by === 'level' ? LEVEL_NAMES[k as Level]
        : k ? disputeTypeName(k) : '非纠纷';
      names.set(k, { name: name ?? k });
    }
  }
  return names;
}

export async function breakdown(ctx: StatsCtx, u: SessionUser, q: StatsQuery & { by: repo.Dimension }) {
  const t = await target(ctx, u, q);
  const groups = collect(await repo.sums(ctx.db, t.filter, q.by, ctx.clock.now()));
  const names = await groupNames(ctx, q.by, [...groups.keys()]);
  const items = [...groups.entries()]
    .map(([key, s]) => ({ key, ...(names.get(key) ?? { name: key }), ...figures(s, q) }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  return { region: t.region, from: t.from, to: t.to, by: q.by, items };
}

export function checkMetric(metric: string | undefined) {
  if (metric !== undefined && !(METRIC_NAMES as readonly string[]).includes(metric))
    throw bad('metric', `未知的指标：${metric}`, `unknown metric: ${metric}`);
}

/** Figures per day/week/month/quarter/year (flows only: the stocks are now, not per period). */
export async function series(ctx: StatsCtx, u: SessionUser, q: StatsQuery & { period: repo.Period; metric?: string }) {
  checkMetric(q.metric);
  const t = await target(ctx, u, q);
  const groups = collect(await repo.sums(ctx.db, t.filter, q.period, null));
  const items = [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, s]) => {
      const f = figures(s, q);
      return q.metric ? { period: key, [q.metric]: f[q.metric as keyof typeof f] } : { period: key, ...f };
    });
  return { region: t.region, from: t.from, to: t.to, period: q.period, metric: q.metric ?? null, items };
}

/** The key a date has in a period (as the SQL computes it). */
export function periodKey(day: string, period: repo.Period) {
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  if (period === 'year') return day.slice(0, 4);
  if (period === 'quarter') return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
