// The region API as typed calls (backend: src/modules/regions/regions.routes.ts).
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { get, patch, post } from '../../api';

export type Level = 'city' | 'county' | 'town' | 'village' | 'grid_big' | 'grid_small' | 'grid_micro';

export interface TreeNode {
  id: number;
  code: string;
  name: string;
  level: Level;
  children: TreeNode[];
}

export interface RegionRef {
  id: number;
  code: string;
  name: string;
  level: Level;
  status?: string;
}

export interface CodeChange {
  code: string;
  replacedBy: string;
  changedAt: string;
  reason: string | null;
}

export interface RegionDetails {
  id: number;
  code: string;
  name: string;
  level: Level;
  levelName: string;
  status: 'active' | 'retired' | string;
  parent: RegionRef | null;
  ancestors: RegionRef[];
  successor: RegionRef | null;
  childCount: number;
  geometry: Polygon | MultiPolygon | null;
  center: { lat: number; lng: number } | null;
  codeHistory: CodeChange[];
  resolvedFrom: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export interface RegionProps {
  id: number;
  code: string;
  name: string;
  level: Level;
  parentId: number | null;
}
export type RegionFeatures = FeatureCollection<Polygon | MultiPolygon, RegionProps>;

export interface RegionOut {
  id: number;
  code: string;
  name: string;
  level: Level;
  status: string;
  parentId: number | null;
  version: number;
}

export interface ImportResult {
  created: number;
  byLevel: Record<string, number>;
}
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

const enc = encodeURIComponent;

export const regionsApi = {
  tree: (root?: string, depth = 2) => get<TreeNode[]>(`/api/regions/tree?depth=${depth}${root ? `&root=${enc(root)}` : ''}`),
  details: (code: string, signal?: AbortSignal) => get<RegionDetails>(`/api/regions/${enc(code)}`, signal),
  geojson: (code: string, depth = 3, signal?: AbortSignal) => get<RegionFeatures>(`/api/regions/${enc(code)}/geojson?depth=${depth}`, signal),
  create: (body: { parentCode: string; name: string; code?: string; geometry?: unknown }) => post<RegionOut>('/api/regions', body),
  update: (code: string, body: { name?: string; code?: string; reason?: string; version: number }) => patch<RegionOut>(`/api/regions/${enc(code)}`, body),
  move: (code: string, body: { parentCode: string; code?: string; reason?: string; version: number }) => post<RegionOut>(`/api/regions/${enc(code)}/move`, body),
  retire: (code: string, body: { successorCode: string; reason?: string; version: number }) => post<RegionOut>(`/api/regions/${enc(code)}/retire`, body),
  import: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return post<ImportResult>('/api/regions/import', form);
  },
};

/** The level directly below, or null under a micro grid. */
export const LEVEL_ORDER: Level[] = ['city', 'county', 'town', 'village', 'grid_big', 'grid_small', 'grid_micro'];
export const childLevelOf = (l: Level): Level | null => LEVEL_ORDER[LEVEL_ORDER.indexOf(l) + 1] ?? null;
