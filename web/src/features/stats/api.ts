// The statistics API (GET /api/stats/*): every figure defined once on the server (docs/METRICS.md).
import { get, queryString } from '../../api';

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface Figures {
  received: number;
  filed: number;
  rejected: number;
  merged: number;
  inProgress: number;
  overdueOpen: number;
  closed: number;
  closedOnTime: number;
  closedOverdue: number;
  due: number;
  dueClosed: number;
  unrated: number;
  closureRate: Rate;
  onTimeClosureRate: Rate;
  resolutionRate: Rate;
  reworkRate: Rate;
  satisfactionRate: Rate;
  villageRetentionRate: Rate;
  townRetentionRate: Rate;
  countyRetentionRate: Rate;
  handlingDays: { count: number; average: number | null; median: number | null };
}
export interface Overview extends Figures {
  region: { code: string; name: string; level: string };
  from: string;
  to: string;
}
export interface Group extends Figures {
  key: string;
  name: string;
  code?: string;
}
export type By = 'region' | 'category' | 'type' | 'channel' | 'level' | 'unit';
export type SeriesPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';
export interface Range {
  region?: string;
  from: string;
  to: string;
}

const q = (r: Range, extra: Record<string, string> = {}) => queryString({ region: r.region, from: r.from, to: r.to, ...extra });

export const statsApi = {
  overview: (r: Range) => get<Overview>(`/api/stats/overview?${q(r)}`),
  breakdown: (r: Range, by: By) => get<{ items: Group[] }>(`/api/stats/breakdown?${q(r, { by })}`),
  series: (r: Range, period: SeriesPeriod) => get<{ items: ({ period: string } & Figures)[] }>(`/api/stats/series?${q(r, { period })}`),
  reportUrl: (region: string | undefined, period: string, ext: 'xlsx' | 'pdf') => `/api/stats/report.${ext}?${queryString({ region, period })}`,
};

/** "95.2%" with the fraction beside it, as every screen shows a rate. */
export const pct = (r: Rate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
export const frac = (r: Rate) => `${r.numerator}/${r.denominator}`;
