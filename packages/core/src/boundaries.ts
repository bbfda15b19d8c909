/**
 * Org-unit boundaries for the coverage map, read from GeoJSON. The map is drawn from boundaries
 * kept in Harbour (no tile server, nothing fetched from outside), so a programme loads them once:
 * from DHIS2 (`/api/organisationUnits.geojson`), geoBoundaries or its own files.
 */

import type { FieldIssue } from './problems.js';

export type Position = [number, number];
export type BoundaryGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Boundary {
  code: string;
  geometry: BoundaryGeometry;
}

/** Enough for a province map at print resolution; more only slows the console. Simplify before import. */
export const MAX_BOUNDARY_POINTS = 250_000;

/** Six decimals of a degree is about 10 cm: more precision is noise and bytes. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Reads a FeatureCollection whose features carry the org unit's code in `properties.code` (as DHIS2's
 * GeoJSON export does) and a Polygon or MultiPolygon geometry. Bad features are named and skipped;
 * the good ones are returned.
 */
export function parseBoundaries(input: unknown): { boundaries: Boundary[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const boundaries: Boundary[] = [];
  if (!isObject(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    issues.push({
      field: 'type',
      value: isObject(input) ? String(input.type ?? '') : typeof input,
      rule: 'format',
      message: 'Expected a GeoJSON FeatureCollection with a "features" array',
    });
    return { boundaries, issues };
  }
  let points = 0;
  const seen = new Set<string>();
  input.features.forEach((feature: unknown, i: number) => {
    const at = `features.${i}`;
    if (!isObject(feature) || !isObject(feature.properties)) {
      issues.push({ field: `${at}.properties`, rule: 'required', message: 'Each feature needs properties' });
      return;
    }
    const code = feature.properties.code;
    if (typeof code !== 'string' || code.trim() === '') {
      issues.push({
        field: `${at}.properties.code`,
        value: code === undefined ? '' : String(code),
        rule: 'required',
        message: 'Each feature needs the org unit code in properties.code',
      });
      return;
    }
    if (seen.has(code)) {
      issues.push({
        field: `${at}.properties.code`,
        value: code,
        rule: 'unique',
        message: 'This code has a boundary earlier in the file',
      });
      return;
    }
    const geometry = readGeometry(feature.geometry);
    if (typeof geometry === 'string') {
      issues.push({ field: `${at}.geometry`, value: code, rule: 'format', message: geometry });
      return;
    }
    points += countPoints(geometry);
    if (points > MAX_BOUNDARY_POINTS) {
      issues.push({
        field: `${at}.geometry`,
        value: code,
        rule: 'max',
        message: `The file has more than ${MAX_BOUNDARY_POINTS} points; simplify it (for example with mapshaper) and import again`,
      });
      return;
    }
    seen.add(code);
    boundaries.push({ code, geometry });
  });
  return { boundaries, issues };
}

function readGeometry(g: unknown): BoundaryGeometry | string {
  if (!isObject(g)) return 'A Polygon or MultiPolygon geometry is required';
  if (g.type === 'Polygon') {
    const rings = readPolygon(g.coordinates);
    return typeof rings === 'string' ? rings : { type: 'Polygon', coordinates: rings };
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'A MultiPolygon needs polygons';
    const polygons: Position[][][] = [];
    for (const p of g.coordinates) {
      const rings = readPolygon(p);
      if (typeof rings === 'string') return rings;
      polygons.push(rings);
    }
    return { type: 'MultiPolygon', coordinates: polygons };
  }
  return `Geometry type ${String(g.type)} is not a boundary; use Polygon or MultiPolygon`;
}

function readPolygon(rings: unknown): Position[][] | string {
  if (!Array.isArray(rings) || rings.length === 0) return 'A polygon needs at least one ring';
  const out: Position[][] = [];
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4) return 'Each ring needs at least four positions';
    const r: Position[] = [];
    for (const p of ring) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number')
        return 'Each position is [longitude, latitude]';
      const [lon, lat] = p;
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
        return `Position [${lon}, ${lat}] is outside longitude −180…180, latitude −90…90`;
      r.push([round(lon), round(lat)]);
    }
    out.push(r);
  }
  return out;
}

function countPoints(g: BoundaryGeometry): number {
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return rings.reduce((n, r) => n + r.length, 0);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
