/** The org unit a report is for: its subtree, its organisations, and the units at a breakdown level. */

import { InputError, NotFoundError, pathIds, pathInScope } from '@harbour/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { getOrgStructure } from '../settings/settings.js';
import type { Database, OrgUnitTable } from '../store/schema.js';

export interface ReportScope {
  root: OrgUnitTable;
  /** Every unit in the subtree, the root included. */
  units: OrgUnitTable[];
  /** Organisations whose data the scope covers. */
  orgIds: string[];
  /** Site ids to filter on, or null when the scope holds whole organisations (no filter needed). */
  siteIds: string[] | null;
  /** For an org-unit breakdown: unit id → code of its ancestor at the level (units above it are left out). */
  unitAt: Map<string, string> | null;
  /** Codes of the units at the breakdown level, in tree order. */
  levelUnits: string[];
  breakdownLevel: number | null;
}

export async function reportScope(
  db: Kysely<Database>,
  code: string,
  allowed: readonly string[],
  breakdownLevel: number | null,
): Promise<ReportScope> {
  const root = await db.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
  if (!root || !pathInScope(root.path, allowed)) throw new NotFoundError(`Org unit "${code}"`);
  const units = await db
    .selectFrom('org_units')
    .selectAll()
    .where('path', 'like', `${root.path}%`)
    .orderBy('level')
    .orderBy('code')
    .execute();
  const { organisationLevel, levelNames } = await getOrgStructure(db);
  const orgIds = [...new Set(units.map((u) => u.org_id).filter((x): x is string => x !== null))];
  const wholeOrganisations = root.level <= organisationLevel;
  let unitAt: Map<string, string> | null = null;
  let levelUnits: string[] = [];
  if (breakdownLevel !== null) {
    if (breakdownLevel < root.level) {
      throw new InputError({
        field: 'disaggregate',
        value: `orgUnit:${breakdownLevel}`,
        rule: 'level',
        message: `"${code}" is at level ${root.level} (${levelNames[root.level - 1] ?? ''}); break it down by level ${root.level} or below`,
      });
    }
    const byId = new Map(units.map((u) => [u.id, u]));
    unitAt = new Map();
    for (const u of units) {
      if (u.level < breakdownLevel) continue;
      const ancestorId = pathIds(u.path)[breakdownLevel - 1]!;
      unitAt.set(u.id, byId.get(ancestorId)!.code);
    }
    levelUnits = units.filter((u) => u.level === breakdownLevel).map((u) => u.code);
  }
  return {
    root,
    units,
    orgIds,
    siteIds: wholeOrganisations ? null : units.map((u) => u.id),
    unitAt,
    levelUnits,
    breakdownLevel,
  };
}

/** Rows of the scope: its organisations, and its sites when it is smaller than an organisation. */
export function scopeFilter(alias: string, scope: ReportScope): RawBuilder<unknown> {
  const org = sql`${sql.ref(`${alias}.org_id`)} in (${sql.join(scope.orgIds)})`;
  return scope.siteIds ? sql`${org} and ${sql.ref(`${alias}.site_id`)} in (${sql.join(scope.siteIds)})` : org;
}
