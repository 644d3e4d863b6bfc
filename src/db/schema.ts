// Row types as Kysely sees them (camelCase through CamelCasePlugin).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type RegionLevel = 'city' | 'county' | 'town' | 'village' | 'grid_big' | 'grid_small' | 'grid_micro';

export interface RegionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  path: string;
  depth: number;
  status: Generated<'active' | 'retired'>;
  successorId: number | null;
  geometry: ColumnType<unknown | null, string | null | undefined, string | null>;
  bbox: string | null;
  centerLat: number | null;
  centerLng: number | null;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
  retiredAt: Date | null;
  version: Generated<number>;
}

export interface RegionCodeHistoryTable {
  id: Generated<number>;
  regionId: number;
  code: string;
  replacedBy: string;
  changedAt: Timestamp;
  reason: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  regionId: number | null;
  status: Generated<'active' | 'disabled'>;
  mustChangePassword: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  userId: number;
  activeRole: string;
  createdAt: Generated<Date>;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  ip: string | null;
}

export type GridDuty = 'grid_leader' | 'grid_worker' | 'police' | 'volunteer';

export interface GridMembersTable {
  regionId: number;
  userId: number;
  duty: GridDuty;
  addedAt: Generated<Date>;
}

export interface DB {
  gridMembers: GridMembersTable;
  regions: RegionsTable;
  regionCodeHistory: RegionCodeHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
}
