// Every figure of DOMAIN §8 defined once, from the summed delta rows of a region and period (see
// docs/METRICS.md). Pure: the repository sums the rows, this turns sums into counts and rates.

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export const rate = (numerator: number, denominator: number): Rate => ({ value: denominator === 0 ? null : numerator / denominator, numerator, denominator });

/** Sums of delta rows by metric name, the handling-time histogram (working days → closings), and the stocks now. */
export interface Sums {
  metrics: Record<string, number>;
  histogram: Map<number, number>;
  inProgress: number;
  overdueOpen: number;
}

export const emptySums = (): Sums => ({ metrics: {}, histogram: new Map(), inProgress: 0, overdueOpen: 0 });

export interface FigureOptions {
  /** some local rules count unrated closings as satisfied (off by default) */
  unratedAsSatisfied?: boolean;
}

/** Average and median of a histogram of whole working days (the median of an even count is the mean of the middle two). */
export function handlingTime(h: Map<number, number>) {
  const entries = [...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = entries.reduce((s, [, n]) => s + n, 0);
  if (count === 0) return { count: 0, average: null, median: null };
  const total = entries.reduce((s, [d, n]) => s + d * n, 0);
  const at = (k: number) => {
    let seen = 0;
    for (const [d, n] of entries) {
      seen += n;
      if (k < seen) return d;
    }
    return entries[entries.length - 1][0];
  };
  const median = count % 2 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
  return { count, average: Math.round((total / count) * 100) / 100, median };
}

/** The figures, each rate with its numerator and denominator. */
export function figures(s: Sums, o: FigureOptions = {}) {
  const m = (k: string) => s.metrics[k] ?? 0;
  const satisfied = m('satisfied') + (o.unratedAsSatisfied ? m('unrated') : 0);
  const rated = m('rated') + (o.unratedAsSatisfied ? m('unrated') : 0);
  return {
    received: m('received'),
    filed: m('filed'),
    rejected: m('rejected'),
    merged: m('merged'),
    inProgress: s.inProgress,
    overdueOpen: s.overdueOpen,
    closed: m('closed'),
    closedOnTime: m('closed_on_time'),
    closedOverdue: m('closed_overdue'),
    due: m('due'),
    dueClosed: m('due_closed'),
    dueClosedOnTime: m('due_closed_on_time'),
    verified: m('verified'),
    reworked: m('verified_reworked'),
    rated: m('rated'),
    unrated: m('unrated'),
    satisfied: m('satisfied'),
    disputesClosed: m('dispute_closed'),
    resolved: m('resolved'),
    reopened: m('reopened'),
    closureRate: rate(m('due_closed'), m('due')),
    onTimeClosureRate: rate(m('due_closed_on_time'), m('due')),
    resolutionRate: rate(m('resolved'), m('dispute_closed')),
    reworkRate: rate(m('verified_reworked'), m('verified')),
    satisfactionRate: rate(satisfied, rated),
    villageRetentionRate: rate(m('village_kept'), m('village_base')),
    townRetentionRate: rate(m('town_kept'), m('town_base')),
    countyRetentionRate: rate(m('county_kept'), m('dispute_closed')),
    handlingDays: handlingTime(s.histogram),
  };
}
export type Figures = ReturnType<typeof figures>;

export const COUNT_NAMES = [
  'received', 'filed', 'rejected', 'merged', 'inProgress', 'overdueOpen', 'closed', 'closedOnTime', 'closedOverdue', 'due', 'dueClosed',
  'dueClosedOnTime', 'verified', 'reworked', 'rated', 'unrated', 'satisfied', 'disputesClosed', 'resolved', 'reopened',
] as const;
export const RATE_NAMES = [
  'closureRate', 'onTimeClosureRate', 'resolutionRate', 'reworkRate', 'satisfactionRate', 'villageRetentionRate', 'townRetentionRate', 'countyRetentionRate',
] as const;
export const METRIC_NAMES = [...COUNT_NAMES, ...RATE_NAMES, 'handlingDays'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Chinese labels, for the page and the reports. */
export const LABELS: Record<MetricName, string> = {
  received: '受理（上报）', filed: '立案', rejected: '不予受理', merged: '合并', inProgress: '在办（当前）', overdueOpen: '超期在办（当前）',
  closed: '结案', closedOnTime: '按期办结', closedOverdue: '超期办结', due: '应结案', dueClosed: '应结已结', dueClosedOnTime: '应结按期结',
  verified: '核查通过', reworked: '其中返工过', rated: '已评价', unrated: '未评价', satisfied: '满意+基本满意', disputesClosed: '纠纷结案',
  resolved: '化解成功', reopened: '重新办理', closureRate: '结案率', onTimeClosureRate: '按期结案率', resolutionRate: '化解率',
  reworkRate: '返工率', satisfactionRate: '满意率', villageRetentionRate: '不出村率', townRetentionRate: '不出镇率',
  countyRetentionRate: '不上交率', handlingDays: '办理用时（工作日）',
};
