// 季季评 scoring, pure: each part is a rate (from the statistics module, or supervision replies on time)
// times its weight; 返工率 counts the other way (1 − rate). A part whose rate has no denominator (nothing to
// measure this quarter) is left out and the other weights are scaled up to 100, so a town is not punished for
// having had no supervision orders. A subject with no measurable part has no score and ranks last.

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export const PARTS = ['onTimeClosureRate', 'satisfactionRate', 'reworkRate', 'townRetentionRate', 'supervisionOnTime'] as const;
export type Part = (typeof PARTS)[number];
export type Weights = Record<Part, number>;

export const DEFAULT_WEIGHTS: Weights = { onTimeClosureRate: 30, satisfactionRate: 25, reworkRate: 15, townRetentionRate: 15, supervisionOnTime: 15 };

export const PART_NAMES: Record<Part, { zh: string; en: string }> = {
  onTimeClosureRate: { zh: '按期结案率', en: 'closed on time' },
  satisfactionRate: { zh: '满意率', en: 'satisfaction' },
  reworkRate: { zh: '返工率（越低越好）', en: 'rework (lower is better)' },
  townRetentionRate: { zh: '不出镇率', en: 'kept within the town' },
  supervisionOnTime: { zh: '督办按时回复率', en: 'supervision replied on time' },
};

/** A part's contribution on a 0–1 scale: the rate, or 1 − rate for rework. */
export const goodness = (part: Part, r: Rate) => (r.value === null ? null : part === 'reworkRate' ? 1 - r.value : r.value);

const round2 = (x: number) => Math.round(x * 100) / 100;

export function score(rates: Record<Part, Rate>, weights: Weights) {
  const parts = PARTS.map((part) => {
    const g = goodness(part, rates[part]);
    return { part, name: PART_NAMES[part].zh, weight: weights[part], rate: rates[part], points: g === null ? null : round2(weights[part] * g) };
  });
  const counted = parts.filter((p) => p.points !== null && p.weight > 0);
  const weight = counted.reduce((s, p) => s + p.weight, 0);
  const total = counted.reduce((s, p) => s + weights[p.part] * goodness(p.part, p.rate)!, 0);
  return { score: weight === 0 ? null : round2((total / weight) * 100), countedWeight: weight, parts };
}

/** Best first; no score last; ties share a rank (1, 2, 2, 4). */
export function rank<T extends { score: number | null; name: string }>(rows: T[]): (T & { rank: number | null })[] {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name));
  return sorted.map((r) => ({ ...r, rank: r.score === null ? null : sorted.findIndex((x) => x.score === r.score) + 1 }));
}

/** '2026-Q4' → its first and last day. */
export function quarterDays(q: string) {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  if (!m) return null;
  const y = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3 + 1;
  const last = new Date(Date.UTC(y, first + 2, 0)).getUTCDate();
  return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: `${y}-${String(first + 2).padStart(2, '0')}-${last}` };
}

export const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
