// The security administrator's calls (backend: src/modules/auth/security.routes.ts, policy.ts).
import { api, get } from '../../api';

export interface RoleRow {
  role: string;
  name: string;
  scope: 'region' | 'grids' | 'unit';
  permissions: string[];
}

export interface RoleMatrix {
  roles: RoleRow[];
  /** permission code → Chinese label */
  permissions: Record<string, string>;
}

export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  idleMinutes: number;
  absoluteHours: number;
  deviceTokenDays: number;
}

/** The limits the server enforces (policy.ts), for the number inputs. */
export const POLICY_LIMITS: Record<keyof SecurityPolicy, [number, number]> = {
  passwordMinLength: [8, 64],
  passwordMinClasses: [2, 4],
  lockoutThreshold: [3, 20],
  lockoutMinutes: [1, 1440],
  idleMinutes: [5, 480],
  absoluteHours: [1, 72],
  deviceTokenDays: [1, 365],
};

export const securityApi = {
  roles: () => get<RoleMatrix>('/api/security/roles'),
  policy: () => get<SecurityPolicy>('/api/security/policy'),
  savePolicy: (p: SecurityPolicy) => api<SecurityPolicy>('/api/security/policy', { method: 'PUT', body: p }),
};
