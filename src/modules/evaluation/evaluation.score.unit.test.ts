import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, quarterDays, quarterOf, rank, score } from './evaluation.score.js';

const r = (numerator: number, denominator: number) => ({ value: denominator ? numerator / denominator : null, numerator, denominator });

describe('季季评 score', () => {
  it('weights each rate; rework counts as 1 − rate', () => {
    // 30 × 18/20 + 25 × 9/10 + 15 × (1 − 2/10) + 15 × 19/20 + 15 × 3/4 = 27 + 22.5 + 12 + 14.25 + 11.25 = 87
    const s = score({ onTimeClosureRate: r(18, 20), satisfactionRate: r(9, 10), reworkRate: r(2, 10), townRetentionRate: r(19, 20), supervisionOnTime: r(3, 4) }, DEFAULT_WEIGHTS);
    expect(s.score).toBe(87);
    expect(s.parts.map((p) => p.points)).toEqual([27, 22.5, 12, 14.25, 11.25]);
    expect(s.countedWeight).toBe(100);
  });
  it('leaves out what could not be measured and scales the rest to 100', () => {
    // no supervision orders: (27 + 22.5 + 12 + 14.25) / 85 × 100 = 89.12
    const s = score({ onTimeClosureRate: r(18, 20), satisfactionRate: r(9, 10), reworkRate: r(2, 10), townRetentionRate: r(19, 20), supervisionOnTime: r(0, 0) }, DEFAULT_WEIGHTS);
    expect(s.score).toBe(89.12);
    expect(s.parts[4].points).toBeNull();
    expect(s.countedWeight).toBe(85);
    const none = score({ onTimeClosureRate: r(0, 0), satisfactionRate: r(0, 0), reworkRate: r(0, 0), townRetentionRate: r(0, 0), supervisionOnTime: r(0, 0) }, DEFAULT_WEIGHTS);
    expect(none.score).toBeNull();
  });
  it('ranks best first, ties share a rank, no score last', () => {
    const out = rank([{ name: '甲', score: 80 }, { name: '乙', score: 90 }, { name: '丙', score: null }, { name: '丁', score: 80 }]);
    expect(out.map((x) => [x.name, x.rank])).toEqual([['乙', 1], ['丁', 2], ['甲', 2], ['丙', null]]);
  });
  it('quarters', () => {
    expect(quarterDays('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterDays('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterDays('2026-Q5')).toBeNull();
    expect(quarterOf('2026-11-28')).toBe('2026-Q4');
  });
});
