import { describe, expect, it } from 'vitest';
import { MAX_BOUNDARY_POINTS, parseBoundaries } from './boundaries.js';

const square = (x: number, y: number, d = 1) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const feature = (code: unknown, geometry: unknown) => ({ type: 'Feature', properties: { code }, geometry });

describe('boundaries from GeoJSON', () => {
  it('reads polygons and multipolygons by org unit code, rounding to six decimals', () => {
    const r = parseBoundaries({
      type: 'FeatureCollection',
      features: [
        feature('UA-KYIV', { type: 'Polygon', coordinates: square(30.123456789, 50.5) }),
        feature('ID-BALI', { type: 'MultiPolygon', coordinates: [square(115, -8.5), square(116, -8.7)] }),
      ],
    });
    expect(r.issues).toEqual([]);
    expect(r.boundaries.map((b) => [b.code, b.geometry.type])).toEqual([
      ['UA-KYIV', 'Polygon'],
      ['ID-BALI', 'MultiPolygon'],
    ]);
    expect(r.boundaries[0]!.geometry.coordinates[0]![0]).toEqual([30.123457, 50.5]);
  });

  it('names each bad feature and keeps the good ones', () => {
    const r = parseBoundaries({
      type: 'FeatureCollection',
      features: [
        feature(undefined, { type: 'Polygon', coordinates: square(0, 0) }),
        feature('A', { type: 'Point', coordinates: [0, 0] }),
        feature('B', { type: 'Polygon', coordinates: square(200, 0) }),
        feature('C', { type: 'Polygon', coordinates: [[[0, 0]]] }),
        feature('D', { type: 'Polygon', coordinates: square(1, 1) }),
        feature('D', { type: 'Polygon', coordinates: square(2, 2) }),
      ],
    });
    expect(r.boundaries.map((b) => b.code)).toEqual(['D']);
    expect(r.issues.map((i) => [i.field, i.rule])).toEqual([
      ['features.0.properties.code', 'required'],
      ['features.1.geometry', 'format'],
      ['features.2.geometry', 'format'],
      ['features.3.geometry', 'format'],
      ['features.5.properties.code', 'unique'],
    ]);
    expect(r.issues[2]!.message).toMatch(/outside longitude/);
  });

  it('refuses what is not a FeatureCollection, and files too detailed to draw', () => {
    expect(parseBoundaries({ type: 'Feature' }).issues[0]!.message).toMatch(/FeatureCollection/);
    const ring = Array.from({ length: MAX_BOUNDARY_POINTS + 1 }, (_, i) => [i / 1e5, 0]);
    const r = parseBoundaries({
      type: 'FeatureCollection',
      features: [feature('BIG', { type: 'Polygon', coordinates: [ring] })],
    });
    expect(r.issues[0]!.rule).toBe('max');
  });
});
