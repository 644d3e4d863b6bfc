// Pure parts of the statistics: rates, the histogram's average and median, period keys, report periods,
// and the compiled SQL of the overview's sums (pinned, so a change to it shows up in review).
import { describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { emptySums, figures, handlingTime, rate } from './stats.metrics.js';
import { periodKey } from './stats.service.js';
import { reportPeriod, pct } from './stats.report.js';
import { sumsQuery, histogramQuery } from './stats.repo.js';

describe('figures', () => {
  it('a rate is null when its denominator is 0, a fraction otherwise', () => {
    expect(rate(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(rate(120, 126).value).toBeCloseTo(0.952, 3);
    expect(pct(rate(120, 126))).toBe('95.2% (120/126)');
  });
  it('average and median from the histogram of whole working days', () => {
    expect(handlingTime(new Map())).toEqual({ count: 0, average: null, median: null });
    expect(handlingTime(new Map([[3, 1]]))).toEqual({ count: 1, average: 3, median: 3 });
    // 1, 1, 2, 10 → median (1 + 2) / 2
    expect(handlingTime(new Map([[1, 2], [2, 1], [10, 1]]))).toEqual({ count: 4, average: 3.5, median: 1.5 });
    // a retracted closing (−1) leaves its bucket empty
    expect(handlingTime(new Map([[5, 0], [7, 1]]))).toEqual({ count: 1, average: 7, median: 7 });
  });
  it('unrated closings count as satisfied only when asked', () => {
    const s = { ...emptySums(), metrics: { rated: 4, satisfied: 3, unrated: 2 } };
    expect(figures(s).satisfactionRate).toEqual(rate(3, 4));
    expect(figures(s, { unratedAsSatisfied: true }).satisfactionRate).toEqual(rate(5, 6));
  });
});

describe('periods', () => {
  it('keys as the SQL computes them; weeks start on Monday', () => {
    expect(periodKey('2026-12-06', 'week')).toBe('2026-11-30');
    expect(periodKey('2026-11-30', 'week')).toBe('2026-11-30');
    expect(periodKey('2026-08-15', 'quarter')).toBe('2026-Q3');
    expect(periodKey('2026-08-15', 'month')).toBe('2026-08');
  });
  it('report periods: a month or a quarter, nothing else', () => {
    expect(reportPeriod('2026-02')).toMatchObject({ from: '2026-02-01', to: '2026-02-28', label: '2026年2月' });
    expect(reportPeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31', label: '2026年第4季度' });
    expect(() => reportPeriod('2026-13')).toThrow();
    expect(() => reportPeriod('2026-Q5')).toThrow();
  });
});

describe('the overview\'s SQL (pinned)', () => {
  const db = new Kysely<never>({ dialect: new PostgresDialect({ pool: {} as never }) });
  const f = { from: '2026-12-01', to: '2026-12-31', path: '/1/8/', unitId: null };
  it('sums one period of one subtree from the delta rows', () => {
    const q = sumsQuery(f, 'all').compile(db);
    expect(q.sql.replace(/\s+/g, ' ')).toBe(
      "select 'all' as key, d.metric, sum(d.delta)::int8 as n from case_stat_deltas d where d.business_date between $1::date and $2::date and d.region_path like $3 group by 1, 2",
    );
    expect(q.parameters).toEqual(['2026-12-01', '2026-12-31', '/1/8/%']);
  });
  it('groups by the child of the node for a region breakdown; a unit-scoped caller sees its unit', () => {
    const q = histogramQuery({ ...f, unitId: 7 }, 'region').compile(db);
    expect(q.sql.replace(/\s+/g, ' ')).toBe(
      "select split_part(substr(\"d\".\"region_path\", $1), '/', 1) as key, d.days, sum(d.delta)::int8 as n from case_stat_deltas d where d.business_date between $2::date and $3::date and d.region_path like $4 and d.unit_id = $5 and d.metric = 'closed' group by 1, 2",
    );
    expect(q.parameters).toEqual([6, '2026-12-01', '2026-12-31', '/1/8/%', 7]);
  });
});
