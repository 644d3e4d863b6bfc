// Grid geometry: GeoJSON Polygon / MultiPolygon in WGS84 [lng, lat]. Validation, bounds, point location.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';

export type Position = [number, number];
export type Geometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface GeoProblem {
  zh: string;
  en: string;
}

const isPos = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' &&
  Number.isFinite(p[0]) && Number.isFinite(p[1]);

function checkRing(ring: unknown, where: string): GeoProblem | null {
  if (!Array.isArray(ring) || ring.length < 4)
    return { zh: `${where}至少需要 4 个坐标点（首尾相同）`, en: `${where} needs at least 4 positions (first = last)` };
  for (const p of ring) {
    if (!isPos(p)) return { zh: `${where}含无效坐标`, en: `${where} has an invalid position` };
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90)
      return { zh: `${where}坐标超出经纬度范围`, en: `${where} has a position outside lng/lat range` };
  }
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1])
    return { zh: `${where}未闭合（首尾坐标不同）`, en: `${where} is not closed (first and last positions differ)` };
  return null;
}

/** Returns null when `g` is a valid, closed Polygon or MultiPolygon. */
export function checkGeometry(g: unknown): GeoProblem | null {
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (!geom || typeof geom !== 'object') return { zh: '几何数据无效', en: 'geometry is not an object' };
  if (geom.type === 'Polygon') return checkPolygon(geom.coordinates, '多边形');
  if (geom.type === 'MultiPolygon') {
    if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0)
      return { zh: '多多边形为空', en: 'MultiPolygon is empty' };
    for (const poly of geom.coordinates) {
      const p = checkPolygon(poly, '多边形');
      if (p) return p;
    }
    return null;
  }
  return { zh: '几何类型须为 Polygon 或 MultiPolygon', en: 'geometry type must be Polygon or MultiPolygon' };
}

function checkPolygon(rings: unknown, _where: string): GeoProblem | null {
  if (!Array.isArray(rings) || rings.length === 0) return { zh: '多边形没有边界环', en: 'polygon has no ring' };
  for (let i = 0; i < rings.length; i++) {
    const p = checkRing(rings[i], i === 0 ? '外环' : `内环${i}`);
    if (p) return { zh: p.zh, en: p.en.replace('外环', 'outer ring').replace(/内环(\d+)/, 'hole $1') };
  }
  return null;
}

const allPositions = (g: Geometry): Position[] =>
  g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);

export interface Bounds {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export function bounds(g: Geometry): Bounds {
  const ps = allPositions(g);
  return {
    minLng: Math.min(...ps.map((p) => p[0])),
    minLat: Math.min(...ps.map((p) => p[1])),
    maxLng: Math.max(...ps.map((p) => p[0])),
    maxLat: Math.max(...ps.map((p) => p[1])),
  };
}

/** PostgreSQL `box` literal for a bounds (x = lng, y = lat). */
export const boxLiteral = (b: Bounds) => `((${b.minLng},${b.minLat}),(${b.maxLng},${b.maxLat}))`;

export const center = (b: Bounds) => ({ lat: (b.minLat + b.maxLat) / 2, lng: (b.minLng + b.maxLng) / 2 });

export function contains(g: Geometry, lng: number, lat: number): boolean {
  return booleanPointInPolygon([lng, lat], g as never);
}
