// What the command dashboard reads: the statistics module's figures (GET /api/stats/*, defined once there),
// the region tree's boundaries, the latest cases, the warnings, and the live stream.
import { get, queryString } from '../../api';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface Figures {
  received: number;
  filed: number;
  closed: number;
  inProgress: number;
  overdueOpen: number;
  onTimeClosureRate: Rate;
  satisfactionRate: Rate;
  resolutionRate: Rate;
  townRetentionRate: Rate;
  villageRetentionRate: Rate;
}
export interface Group extends Figures {
  key: string;
  name: string;
  code?: string;
}
export interface RegionInfo {
  id: number;
  code: string;
  name: string;
  level: string;
  ancestors: { id: number; code: string; name: string; level: string }[];
}
export interface RegionProps {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
}
export type Features = FeatureCollection<Polygon | MultiPolygon, RegionProps>;
export interface CaseItem {
  id: number;
  caseNumber: string;
  title: string;
  status: string;
  statusName: string;
  categoryName?: string;
  createdAt?: string;
  at?: string;
  actionName?: string;
}
export interface WarningItem {
  id: number;
  title: string;
  severity: 'yellow' | 'red';
  ruleName?: string;
  firedAt?: string;
  at?: string;
}

export interface Period {
  region: string;
  from: string;
  to: string;
}

const q = (p: Period, extra: Record<string, string> = {}) => queryString({ region: p.region, from: p.from, to: p.to, ...extra });

export const dashApi = {
  overview: (p: Period) => get<Figures>(`/api/stats/overview?${q(p)}`),
  breakdown: (p: Period, by: 'type' | 'channel' | 'region') => get<{ items: Group[] }>(`/api/stats/breakdown?${q(p, { by })}`),
  series: (p: Period) => get<{ items: ({ period: string } & Figures)[] }>(`/api/stats/series?${q(p, { period: 'day' })}`),
  region: (code: string) => get<RegionInfo>(`/api/regions/${encodeURIComponent(code)}`),
  geojson: (code: string) => get<Features>(`/api/regions/${encodeURIComponent(code)}/geojson?depth=1`),
  recent: (region: string) => get<{ items: CaseItem[] }>(`/api/cases?${queryString({ region, limit: 12 })}`),
  warnings: () => get<{ items: WarningItem[] }>('/api/warnings?limit=8'),
};

/** Beijing calendar date, `days` before today. */
export function beijingDay(daysAgo = 0) {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export const pct = (r: Rate | undefined) => (r && r.value !== null ? `${(r.value * 100).toFixed(1)}%` : '—');
export const frac = (r: Rate | undefined) => (r ? `${r.numerator}/${r.denominator}` : '');
