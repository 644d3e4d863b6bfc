import { describe, expect, it } from 'vitest';
import { bounds, checkGeometry, contains } from './regions.geo.js';

const square = { type: 'Polygon' as const, coordinates: [[[107, 40], [108, 40], [108, 41], [107, 41], [107, 40]]] as [number, number][][] };

describe('grid geometry', () => {
  it('accepts a closed polygon and a multipolygon', () => {
    expect(checkGeometry(square)).toBeNull();
    expect(checkGeometry({ type: 'MultiPolygon', coordinates: [square.coordinates] })).toBeNull();
  });
  it('refuses a ring that does not close', () => {
    const open = { type: 'Polygon', coordinates: [[[107, 40], [108, 40], [108, 41], [107, 41]]] };
    expect(checkGeometry(open)?.en).toMatch(/not closed/);
  });
  it('refuses too few points, bad types and out-of-range positions', () => {
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[1, 1], [2, 2], [1, 1]]] })?.en).toMatch(/at least 4/);
    expect(checkGeometry({ type: 'Point', coordinates: [1, 2] })?.en).toMatch(/Polygon or MultiPolygon/);
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[200, 40], [108, 40], [108, 41], [200, 40]]] })?.en).toMatch(/outside/);
    expect(checkGeometry(null)?.en).toMatch(/not an object/);
  });
  it('computes bounds and point containment', () => {
    expect(bounds(square)).toEqual({ minLng: 107, minLat: 40, maxLng: 108, maxLat: 41 });
    expect(contains(square, 107.5, 40.5)).toBe(true);
    expect(contains(square, 106.5, 40.5)).toBe(false);
  });
});
