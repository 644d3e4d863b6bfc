// 研判预警 API (backend: src/modules/warnings/warnings.routes.ts).
import { api, get, post, queryString } from '../../api';

export interface Warning {
  id: number;
  rule: string;
  ruleName: string;
  title: string;
  severity: 'yellow' | 'red';
  regionCode: string;
  regionName: string;
  caseIds: number[];
  caseCount: number;
  status: 'open' | 'acknowledged' | 'closed';
  firedAt: string;
  lastSeenAt: string;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  note: string | null;
  details: Record<string, unknown>;
}
export interface WarningDetail extends Warning {
  cases: { id: number; caseNumber: string; title: string; status: string; statusName: string; createdAt: string }[];
}
export interface RuleRow {
  rule: string;
  name: { zh: string; en: string };
  enabled: boolean;
  params: Record<string, number>;
  updatedAt: string | null;
}

export const warningsApi = {
  list: (status: string, cursor?: number) => get<{ items: Warning[]; nextCursor: number | null }>(`/api/warnings?${queryString({ status, cursor, limit: 50 })}`),
  one: (id: number) => get<WarningDetail>(`/api/warnings/${id}`),
  count: () => get<{ open: number; red: number }>('/api/warnings/count'),
  acknowledge: (id: number, note?: string) => post<{ status: string }>(`/api/warnings/${id}/acknowledge`, { note }),
  close: (id: number, note: string) => post<{ status: string }>(`/api/warnings/${id}/close`, { note }),
  rules: () => get<RuleRow[]>('/api/warning-rules'),
  setRule: (rule: string, body: { enabled?: boolean; params?: Record<string, number> }) => api<RuleRow>(`/api/warning-rules/${rule}`, { method: 'PUT', body }),
};
