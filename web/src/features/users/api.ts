// Account administration as typed calls (backend: src/modules/users/users.routes.ts, units.routes.ts).
import { api, get, patch, post, queryString as qs } from '../../api';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  totpEnabled: boolean;
  homeRegionCode: string;
  homeRegionName: string;
  roles: string[];
}

export interface UserAssignment {
  id: number;
  role: string;
  roleName: string;
  regionId: number | null;
  regionCode: string | null;
  regionName: string | null;
  unitId: number | null;
  unitName: string | null;
}

export interface UserDetail extends Omit<UserRow, 'roles'> {
  createdAt: string;
  assignments: UserAssignment[];
}

export interface RoleIn {
  role: string;
  regionCode?: string;
  unitId?: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  homeRegionCode: string;
  roles: RoleIn[];
}

export interface Unit {
  id: number;
  name: string;
  kind: string;
  kindName: string;
  regionCode: string;
  regionName: string;
}

export interface UserFilter {
  region?: string;
  q?: string;
  status?: 'active' | 'disabled';
}

export const usersApi = {
  list: (f: UserFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: UserRow[]; nextCursor: number | null }>(`/api/users?${qs({ ...f, cursor, limit: 50 })}`, signal),
  get: (id: number) => get<UserDetail>(`/api/users/${id}`),
  create: (body: NewUser) => post<{ id: number }>('/api/users', body),
  setStatus: (id: number, status: 'active' | 'disabled') => patch<void>(`/api/users/${id}`, { status }),
  setRoles: (id: number, roles: RoleIn[]) => api<UserDetail>(`/api/users/${id}/roles`, { method: 'PUT', body: { roles } }),
  resetPassword: (id: number, password: string) => post<void>(`/api/users/${id}/password-reset`, { password }),
  units: (region?: string | null) => get<Unit[]>(`/api/units${region ? `?region=${encodeURIComponent(region)}` : ''}`),
};
