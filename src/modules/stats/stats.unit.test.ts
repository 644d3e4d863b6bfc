// Pure parts of the statistics: rates, the histogram's average and median, period keys, report periods,
// and the compiled SQL of the overview's sums (pinned, so a change to it shows up in review).
import { describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { emptySums, figures, handlingTime, rate } from './stats.metrics.js';
import { periodKey } from './stats.service.js';
import { reportPeriod, pct } from './stats.report.js';
import { sumsQuery, histogramQuery, rollupRanges } from './stats.repo.js';

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
  const tail = (n: number, extra = '') =>
    `select u.business_date, u.metric, u.region_path, u.category, u.dispute_type, u.channel, u.level, u.unit_id, u.days, u.delta from case_stat_deltas u where u.tx >= $${n}::int8 and u.tx >= (select coalesce((select upto from case_stat_compaction where id = 1), 0)) and u.business_date between $${n + 1}::date and $${n + 2}::date and "u"."region_path" like $${n + 3}${extra}`;
  it('sums one period of one subtree: the month rows of a whole month, plus the delta rows not yet compacted', () => {
    const q = sumsQuery(f, 'all', 41).compile(db);
    expect(q.sql.replace(/\s+/g, ' ')).toBe(
      "select 'all' as key, d.metric, sum(d.delta)::int8 as n from (select r.business_date, r.metric, r.region_path, r.category, r.dispute_type, r.channel, r.level, r.unit_id, r.days, r.delta from case_stat_rollup r where ((r.grain = 'month' and r.business_date between $1::date and $2::date)) and \"r\".\"region_path\" like $3 union all " +
        tail(4) + ') d group by 1, 2',
    );
    expect(q.parameters).toEqual(['2026-12-01', '2026-12-01', '/1/8/%', 41, '2026-12-01', '2026-12-31', '/1/8/%']);
  });
  it('groups by the child of the node for a region breakdown; a unit-scoped caller sees its unit; partial months from the day rows', () => {
    const q = histogramQuery({ ...f, from: '2026-11-20', unitId: 7 }, 'region', 41).compile(db);
    expect(q.sql.replace(/\s+/g, ' ')).toBe(
      "select split_part(substr(\"d\".\"region_path\", $1), '/', 1) as key, d.days, sum(d.delta)::int8 as n from (select r.business_date, r.metric, r.region_path, r.category, r.dispute_type, r.channel, r.level, r.unit_id, r.days, r.delta from case_stat_rollup r where ((r.grain = 'day' and r.business_date between $2::date and $3::date) or (r.grain = 'month' and r.business_date between $4::date and $5::date)) and \"r\".\"region_path\" like $6 and \"r\".\"unit_id\" = $7 and \"r\".\"metric\" = 'closed' union all " +
        tail(8, ' and "u"."unit_id" = $12 and "u"."metric" = \'closed\'') + ') d group by 1, 2',
    );
    expect(q.parameters).toEqual([6, '2026-11-20', '2026-11-30', '2026-12-01', '2026-12-01', '/1/8/%', 7, 41, '2026-11-20', '2026-12-31', '/1/8/%', 7]);
  });
  it('reads whole months from the month rows and the edge days from the day rows (days and weeks: day rows only)', () => {
    expect(rollupRanges('2026-11-01', '2026-11-30', 'all')).toEqual([['month', '2026-11-01', '2026-11-01']]);
    expect(rollupRanges('2026-11-15', '2027-02-10', 'type')).toEqual([['day', '2026-11-15', '2026-11-30'], ['month', '2026-12-01', '2027-01-01'], ['day', '2027-02-01', '2027-02-10']]);
    expect(rollupRanges('2026-11-05', '2026-11-25', 'all')).toEqual([['day', '2026-11-05', '2026-11-25']]);
    expect(rollupRanges('2026-11-01', '2026-11-29', 'month')).toEqual([['day', '2026-11-01', '2026-11-29']]);
    expect(rollupRanges('2026-02-01', '2026-12-31', 'quarter')).toEqual([['month', '2026-02-01', '2026-12-01']]);
    expect(rollupRanges('2026-11-01', '2026-12-31', 'week')).toEqual([['day', '2026-11-01', '2026-12-31']]);
    expect(rollupRanges('2026-12-31', '2026-12-31', 'all')).toEqual([['day', '2026-12-31', '2026-12-31']]);
  });
});
