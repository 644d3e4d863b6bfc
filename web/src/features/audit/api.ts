// The audit log (backend: src/modules/audit/audit.routes.ts): newest first, keyset paged by id.
import { get, queryString } from '../../api';

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  role: string | null;
  regionId: number | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  details: unknown;
  /** position in the hash chain; null until the row is sealed */
  seq: number | null;
}

export interface ChainStatus {
  ok: boolean;
  sealed: number;
  unsealed: number;
  lastSealedAt: string | null;
  firstBroken: { seq: number; auditId: number; reason: string } | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  objectId?: string;
  /** ISO instants; `to` is exclusive */
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (f: AuditFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: AuditRow[]; nextCursor: number | null }>(`/api/audit?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  chain: () => get<ChainStatus>('/api/audit/chain'),
};

/** Common action filters; a trailing * matches a prefix. */
export const ACTION_PRESETS = ['login.*', 'user.*', 'region.*', 'person.unmask', 'person.*', 'policy.update', 'totp.*', 'device_token.*', 'case.*'];
