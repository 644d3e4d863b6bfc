import { z } from 'zod';
import { LEVEL_NAMES } from './regions.codes.js';

export const Level = z.enum(LEVEL_NAMES);
export const Code = z.string().min(1).max(32).describe('区划代码 region code');

export const TreeQuery = z.object({
  root: Code.optional(),
  depth: z.coerce.number().int().min(0).max(6).default(2),
});
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(30),
  root: Code.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const CodeParams = z.object({ code: Code });
export const GeoJsonQuery = z.object({ depth: z.coerce.number().int().min(0).max(6).default(3) });
export const LocateQuery = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});

const Geometry = z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }).describe('GeoJSON Polygon/MultiPolygon [lng, lat]');

export const CreateBody = z.object({
  parentCode: Code.optional(),
  code: Code.optional(),
  name: z.string().trim().min(1).max(100),
  level: Level.optional(),
  geometry: Geometry.optional(),
});
export const UpdateBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  code: Code.optional(),
  geometry: Geometry.nullable().optional(),
  version: z.number().int().optional(),
  reason: z.string().max(200).optional(),
});
export const MoveBody = z.object({
  parentCode: Code,
  code: Code.optional(),
  version: z.number().int().optional(),
  reason: z.string().max(200).optional(),
});
export const RetireBody = z.object({
  successorCode: Code,
  reason: z.string().max(200).optional(),
  version: z.number().int().optional(),
});

export const RegionRef = z.object({ id: z.number(), code: z.string(), name: z.string(), level: Level, status: z.string().optional() });
export const RegionOut = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: Level,
  status: z.string(),
  parentId: z.number().nullable(),
  version: z.number(),
});
export const LocateOut = RegionRef.extend({ ancestors: z.array(RegionRef) });

export const toRegionOut = (r: { id: number; code: string; name: string; level: z.infer<typeof Level>; status: string; parentId: number | null; version: number }) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  level: r.level,
  status: r.status,
  parentId: r.parentId,
  version: r.version,
});

export const MemberBody = z.object({
  username: z.string().trim().min(1),
  duty: z.enum(['grid_leader', 'grid_worker', 'police', 'volunteer']),
});
