/** Org-unit boundaries for the coverage map: import from GeoJSON, and read them back for one level of a subtree. */

import { type BoundaryGeometry, type FieldIssue, NotFoundError, parseBoundaries } from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, can, scopeOf } from '../identity/actor.js';
import { inScope } from '../store/scope.js';

export interface BoundaryImport {
  saved: number;
  errors: FieldIssue[];
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { code: string; name: string };
    geometry: BoundaryGeometry;
  }[];
}

/** Saves (or replaces) the boundary of every feature whose code is a unit the actor manages. */
export async function importBoundaries(s: Services, actor: Actor, input: unknown): Promise<BoundaryImport> {
  const { boundaries, issues } = parseBoundaries(input);
  const errors = [...issues];
  const codes = boundaries.map((b) => b.code);
  const units = new Map<string, { id: string; path: string; org_id: string | null }>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await s.db
      .selectFrom('org_units')
      .select(['id', 'code', 'path', 'org_id'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const r of rows) units.set(r.code, r);
  }
  const at = s.now().toISOString();
  const keep = boundaries.filter((b) => {
    const unit = units.get(b.code);
    if (unit && can(actor, 'org.manage', unit.path)) return true;
    errors.push({
      field: 'properties.code',
      value: b.code,
      rule: 'exists',
      message: 'No org unit with this code that you manage',
    });
    return false;
  });
  await s.db.transaction().execute(async (trx) => {
    for (const b of keep) {
      const unit = units.get(b.code)!;
      await trx.deleteFrom('org_unit_boundaries').where('org_unit_id', '=', unit.id).execute();
      await trx
        .insertInto('org_unit_boundaries')
        .values({
          org_unit_id: unit.id,
          org_id: unit.org_id,
          geometry: JSON.stringify(b.geometry),
          updated_at: at,
        })
        .execute();
    }
    await s.audit.record(trx, actor, {
      action: 'org_unit.boundaries_imported',
      entityType: 'org_unit',
      details: { saved: keep.length, rejected: errors.length, codes: keep.slice(0, 50).map((b) => b.code) },
    });
  });
  return { saved: keep.length, errors };
}

/** The boundaries of the units at `level` inside the subtree at `path`, limited to what the actor may see. */
/** The boundaries at `level` within the unit coded `within`: 404 for a unit the reader may not see. */
export async function boundariesWithin(
  s: Services,
  actor: Actor,
  within: string,
  level: number,
): Promise<BoundaryCollection> {
  const unit = await s.db
    .selectFrom('org_units')
    .select(['path'])
    .where('code', '=', within)
    .executeTakeFirst();
  if (!unit || !can(actor, 'org.read', unit.path)) throw new NotFoundError('Org unit');
  return boundariesAt(s, actor, unit.path, level);
}

export async function boundariesAt(
  s: Services,
  actor: Actor,
  path: string,
  level: number,
): Promise<BoundaryCollection> {
  const rows = await s.db
    .selectFrom('org_unit_boundaries as b')
    .innerJoin('org_units as u', 'u.id', 'b.org_unit_id')
    .select(['u.code', 'u.name', 'b.geometry'])
    .where('u.path', 'like', `${path}%`)
    .where('u.level', '=', level)
    .where((eb) => inScope(eb, 'u.path', scopeOf(actor, 'org.read')))
    .orderBy('u.code')
    .execute();
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { code: r.code, name: r.name },
      geometry: JSON.parse(r.geometry) as BoundaryGeometry,
    })),
  };
}

/**
 * The level the map of a unit draws: the first level below it at which any unit has a boundary
 * (a consortium's map shows countries even when its organisations have none), else the unit itself.
 */
export async function mapLevelFor(s: Services, path: string, level: number): Promise<number | null> {
  const row = await s.db
    .selectFrom('org_unit_boundaries as b')
    .innerJoin('org_units as u', 'u.id', 'b.org_unit_id')
    .select((eb) => eb.fn.min('u.level').as('level'))
    .where('u.path', 'like', `${path}%`)
    .where('u.level', '>', level)
    .executeTakeFirst();
  if (row?.level !== null && row?.level !== undefined) return Number(row.level);
  const own = await s.db
    .selectFrom('org_unit_boundaries as b')
    .innerJoin('org_units as u', 'u.id', 'b.org_unit_id')
    .select('u.id')
    .where('u.path', '=', path)
    .executeTakeFirst();
  return own ? level : null;
}
