// Invented geometry near the real places: rectangles split into grids, with a nudged vertex
// so the map does not look like graph paper. [lng, lat] order, as GeoJSON wants.
import type { Geometry, Position } from '../modules/regions/regions.geo.js';

export interface Rect {
  w: number; // west lng
  s: number; // south lat
  e: number;
  n: number;
}

export function rectPolygon(r: Rect, nudge = 0): Geometry {
  const midLat = (r.s + r.n) / 2;
  const ring: Position[] = [
    [r.w, r.s],
    [r.e, r.s],
    [r.e + nudge, midLat],
    [r.e, r.n],
    [r.w, r.n],
    [r.w, r.s],
  ].map(([x, y]) => [round(x), round(y)] as Position);
  return { type: 'Polygon', coordinates: [ring] };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Split a rectangle into cols × rows cells, west to east, then south to north. */
export function split(r: Rect, cols: number, rows: number): Rect[] {
  const out: Rect[] = [];
  const dx = (r.e - r.w) / cols;
  const dy = (r.n - r.s) / rows;
  for (let j = rows - 1; j >= 0; j--)
    for (let i = 0; i < cols; i++) out.push({ w: r.w + i * dx, e: r.w + (i + 1) * dx, s: r.s + j * dy, n: r.s + (j + 1) * dy });
  return out;
}

export const around = (lng: number, lat: number, dLng: number, dLat: number): Rect => ({
  w: lng - dLng, e: lng + dLng, s: lat - dLat, n: lat + dLat,
});
