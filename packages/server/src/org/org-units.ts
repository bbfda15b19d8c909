/** The organisation tree: create, rename, move, list and import org units, each write audited. */

import {
  ConflictError,
  checkOrgCode,
  checkOrgName,
  childPath,
  type FieldIssue,
  InputError,
  isCountryCode,
  NotFoundError,
  type OrgImportRow,
  orderOrgImport,
  showValue,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { readSmallCsv } from '../files/small-csv.js';
import { type Actor, can, requireAtRoot, requireCan, scopeOf } from '../identity/actor.js';
import { getOrgStructure, putSetting } from '../settings/settings.js';
import type { Database, OrgUnitTable } from '../store/schema.js';
import { inScope } from '../store/scope.js';

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  level: number;
  levelName: string;
  path: string;
  orgId: string | null;
  /** ISO 3166-1 alpha-2 code of a country-level unit, or null. */
  country: string | null;
}

type Row = OrgUnitTable;

function toOrgUnit(r: Row, levelNames: readonly string[]): OrgUnit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    level: r.level,
    levelName: levelNames[r.level - 1] ?? `level ${r.level}`,
    path: r.path,
    orgId: r.org_id,
    country: r.country,
  };
}

export async function findUnitByCode(db: Kysely<Database>, code: string): Promise<Row | undefined> {
  return db.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findUnitById(db: Kysely<Database>, id: string): Promise<Row | undefined> {
  return db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Units the actor may see, top-down (parents before children). */
export async function listOrgUnits(s: Services, actor: Actor): Promise<OrgUnit[]> {
  const { levelNames } = await getOrgStructure(s.db);
  const scope = scopeOf(actor, 'org.read');
  const rows = await s.db
    .selectFrom('org_units')
    .selectAll()
    .where((eb) => inScope(eb, 'path', scope))
    .orderBy('level')
    .orderBy('code')
    .execute();
  return rows.map((r) => toOrgUnit(r, levelNames));
}

export async function getOrgUnit(s: Services, actor: Actor, id: string): Promise<OrgUnit> {
  const row = await findUnitById(s.db, id);
  if (!row || !can(actor, 'org.read', row.path)) throw new NotFoundError('Org unit');
  const { levelNames } = await getOrgStructure(s.db);
  return toOrgUnit(row, levelNames);
}

function orgIdFor(
  level: number,
  organisationLevel: number,
  id: string,
  parentOrgId: string | null,
): string | null {
  if (level < organisationLevel) return null;
  if (level === organisationLevel) return id;
  return parentOrgId;
}

export interface CreateOrgUnitInput {
  code: string;
  name: string;
  /** Parent's code; omit for a root (only the command line may create roots). */
  parentCode?: string | null;
  /** ISO 3166-1 alpha-2 code when the unit is a country (advocacy counts Harbour's own figures there). */
  country?: string | null;
}

function countryIssue(country: string | null | undefined): FieldIssue | null {
  if (country === null || country === undefined || country === '') return null;
  return isCountryCode(country)
    ? null
    : {
        field: 'country',
        value: showValue(country),
        rule: 'iso3166',
        message: 'is not an ISO 3166-1 alpha-2 country code in capitals (UA, KE, IN)',
      };
}

async function insertUnit(
  db: Kysely<Database>,
  input: CreateOrgUnitInput,
  parent: Row | undefined,
  organisationLevel: number,
  at: string,
): Promise<Row> {
  const id = uuidv7();
  const level = parent ? parent.level + 1 : 1;
  const row: Row = {
    id,
    org_id: orgIdFor(level, organisationLevel, id, parent?.org_id ?? null),
    code: input.code,
    name: input.name.trim(),
    parent_id: parent?.id ?? null,
    level,
    path: childPath(parent?.path ?? null, id),
    country: input.country || null,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('org_units').values(row).execute();
  return row;
}

export async function createOrgUnit(s: Services, actor: Actor, input: CreateOrgUnitInput): Promise<OrgUnit> {
  const issues = [checkOrgCode(input.code), checkOrgName(input.name), countryIssue(input.country)].filter(
    (i) => i !== null,
  );
  if (issues.length) throw new InputError(issues);
  const structure = await getOrgStructure(s.db);
  return s.db.transaction().execute(async (trx) => {
    let parent: Row | undefined;
    if (input.parentCode) {
      parent = await findUnitByCode(trx, input.parentCode);
      if (!parent || !can(actor, 'org.read', parent.path)) {
        throw new InputError({
          field: 'parentCode',
          value: input.parentCode,
          rule: 'exists',
          message: `No org unit has code "${input.parentCode}"`,
        });
      }
      requireCan(actor, 'org.manage', parent.path);
    } else if (!actor.system) {
      throw new InputError({
        field: 'parentCode',
        rule: 'required',
        message: 'Give the code of the parent org unit; new roots are created from the command line',
      });
    }
    if (await findUnitByCode(trx, input.code)) {
      throw new ConflictError({
        field: 'code',
        value: input.code,
        rule: 'unique',
        message: `Code "${input.code}" is already used by another org unit`,
      });
    }
    const row = await insertUnit(trx, input, parent, structure.organisationLevel, s.now().toISOString());
    await s.audit.record(trx, actor, {
      action: 'org_unit.created',
      entityType: 'org_unit',
      entityId: row.id,
      orgUnitId: row.id,
      orgId: row.org_id,
      details: { code: row.code, parent: input.parentCode ?? null, country: row.country },
    });
    return toOrgUnit(row, structure.levelNames);
  });
}

export async function renameOrgUnit(s: Services, actor: Actor, id: string, name: string): Promise<OrgUnit> {
  const issue = checkOrgName(name);
  if (issue) throw new InputError(issue);
  const structure = await getOrgStructure(s.db);
  return s.db.transaction().execute(async (trx) => {
    const row = await findUnitById(trx, id);
    if (!row || !can(actor, 'org.read', row.path)) throw new NotFoundError('Org unit');
    requireCan(actor, 'org.manage', row.path);
    const at = s.now().toISOString();
    await trx
      .updateTable('org_units')
      .set({ name: name.trim(), updated_at: at })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'org_unit.renamed',
      entityType: 'org_unit',
      entityId: id,
      orgUnitId: id,
      orgId: row.org_id,
      details: { code: row.code },
    });
    return toOrgUnit({ ...row, name: name.trim(), updated_at: at }, structure.levelNames);
  });
}

/** Marks a unit as a country (ISO 3166-1 alpha-2) or clears the mark (null). */
export async function setOrgUnitCountry(
  s: Services,
  actor: Actor,
  id: string,
  country: string | null,
): Promise<OrgUnit> {
  const issue = countryIssue(country);
  if (issue) throw new InputError(issue);
  const structure = await getOrgStructure(s.db);
  return s.db.transaction().execute(async (trx) => {
    const row = await findUnitById(trx, id);
    if (!row || !can(actor, 'org.read', row.path)) throw new NotFoundError('Org unit');
    requireCan(actor, 'org.manage', row.path);
    const at = s.now().toISOString();
    const value = country || null;
    await trx.updateTable('org_units').set({ country: value, updated_at: at }).where('id', '=', id).execute();
    await s.audit.record(trx, actor, {
      action: 'org_unit.country_set',
      entityType: 'org_unit',
      entityId: id,
      orgUnitId: id,
      orgId: row.org_id,
      details: { code: row.code, from: row.country, to: value },
    });
    return toOrgUnit({ ...row, country: value, updated_at: at }, structure.levelNames);
  });
}

/**
 * Moves a unit (and its subtree) under a new parent at the same level as the old one. A move may not
 * carry a unit into another organisation: its records would silently change owner.
 */
export async function moveOrgUnit(
  s: Services,
  actor: Actor,
  id: string,
  newParentCode: string,
): Promise<OrgUnit> {
  const structure = await getOrgStructure(s.db);
  return s.db.transaction().execute(async (trx) => {
    const row = await findUnitById(trx, id);
    if (!row || !can(actor, 'org.read', row.path)) throw new NotFoundError('Org unit');
    requireCan(actor, 'org.manage', row.path);
    const parent = await findUnitByCode(trx, newParentCode);
    if (!parent || !can(actor, 'org.read', parent.path)) {
      throw new InputError({
        field: 'parentCode',
        value: newParentCode,
        rule: 'exists',
        message: `No org unit has code "${newParentCode}"`,
      });
    }
    requireCan(actor, 'org.manage', parent.path);
    if (parent.path.startsWith(row.path)) {
      throw new InputError({
        field: 'parentCode',
        value: newParentCode,
        rule: 'cycle',
        message: `"${newParentCode}" is inside "${row.code}": a unit cannot move under itself`,
      });
    }
    if (parent.level !== row.level - 1) {
      throw new InputError({
        field: 'parentCode',
        value: newParentCode,
        rule: 'level',
        message: `"${row.code}" is at level ${row.level}; its new parent must be at level ${row.level - 1} (a ${structure.levelNames[row.level - 2] ?? 'unit'}), but "${newParentCode}" is at level ${parent.level}`,
      });
    }
    if (row.level > structure.organisationLevel && parent.org_id !== row.org_id) {
      throw new InputError({
        field: 'parentCode',
        value: newParentCode,
        rule: 'organisation',
        message: `"${newParentCode}" belongs to another organisation; moving "${row.code}" there would hand its records to that organisation`,
      });
    }
    const newPath = childPath(parent.path, row.id);
    const at = s.now().toISOString();
    const subtree = await trx
      .selectFrom('org_units')
      .select(['id', 'path'])
      .where('path', 'like', `${row.path}%`)
      .execute();
    for (const u of subtree) {
      await trx
        .updateTable('org_units')
        .set({ path: newPath + u.path.slice(row.path.length), updated_at: at })
        .where('id', '=', u.id)
        .execute();
    }
    await trx.updateTable('org_units').set({ parent_id: parent.id }).where('id', '=', row.id).execute();
    await s.audit.record(trx, actor, {
      action: 'org_unit.moved',
      entityType: 'org_unit',
      entityId: row.id,
      orgUnitId: row.id,
      orgId: row.org_id,
      details: { code: row.code, from: row.parent_id, to: parent.id, units: subtree.length },
    });
    return toOrgUnit({ ...row, parent_id: parent.id, path: newPath, updated_at: at }, structure.levelNames);
  });
}

export interface OrgImportResult {
  created: number;
  renamed: number;
  moved: number;
  /** Units whose country code the file set or cleared. */
  countries: number;
  unchanged: number;
  errors: { row: number; column: string; value: string; message: string }[];
}

/**
 * Imports `code,name,parent` CSV (parent empty for a root). Existing codes are renamed or moved to
 * match the file; rows with problems are reported and skipped, the rest are imported.
 */
export async function importOrgUnits(
  s: Services,
  actor: Actor,
  csvText: string,
  options: { dryRun?: boolean } = {},
): Promise<OrgImportResult> {
  const { header, rows: body } = readSmallCsv(csvText);
  const records = [header, ...body];
  const col = (name: string) => header.indexOf(name);
  const missing = ['code', 'name', 'parent'].filter((c) => col(c) < 0);
  if (missing.length) {
    throw new InputError({
      field: 'header',
      value: header.join(','),
      rule: 'columns',
      message: `The header must have the columns code,name,parent; missing: ${missing.join(', ')}`,
    });
  }
  const rows: OrgImportRow[] = records.slice(1).map((r, i) => ({
    row: i + 2,
    code: r[col('code')] ?? '',
    name: r[col('name')] ?? '',
    parent: r[col('parent')] ?? '',
  }));
  // Optional: an ISO 3166-1 code for country-level units. Without the column, codes stay as they are.
  const countryAt = col('country');
  const countryOf = (row: number): string | undefined =>
    countryAt < 0 ? undefined : (records[row - 1]?.[countryAt] ?? '').toUpperCase();
  const existing = await s.db.selectFrom('org_units').selectAll().execute();
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const { ordered, issues } = orderOrgImport(rows, new Set(byCode.keys()));
  // What the importer may change, checked the same way in a dry run as in the real one: a unit outside
  // their part of the tree is a taken code (the answer creating it would give), never "renamed".
  const manages = (path: string) => can(actor, 'org.read', path) && can(actor, 'org.manage', path);
  const taken = (code: string) =>
    new ConflictError({
      field: 'code',
      value: code,
      rule: 'unique',
      message: `Code "${code}" is already used by another org unit`,
    });
  const parentRefused = (code: string) =>
    new InputError({
      field: 'parent',
      value: code,
      rule: 'exists',
      message: `No org unit has code "${code}"`,
    });
  const created = new Set<string>();
  const result: OrgImportResult = {
    created: 0,
    renamed: 0,
    moved: 0,
    countries: 0,
    unchanged: 0,
    errors: issues.map((i) => ({
      row: i.row ?? 0,
      column: i.field,
      value: i.value ?? '',
      message: i.message,
    })),
  };
  for (const r of ordered) {
    const current = byCode.get(r.code);
    try {
      const country = countryOf(r.row);
      const bad = countryIssue(country);
      if (bad) throw new InputError(bad);
      if (!current) {
        if (options.dryRun) {
          const parent = r.parent ? byCode.get(r.parent) : undefined;
          if (r.parent && !created.has(r.parent) && (!parent || !manages(parent.path)))
            throw parentRefused(r.parent);
          if (!r.parent && !actor.system) throw parentRefused('');
        } else {
          await createOrgUnit(s, actor, {
            code: r.code,
            name: r.name,
            parentCode: r.parent || null,
            country: country || null,
          });
        }
        created.add(r.code);
        result.created++;
        continue;
      }
      if (!manages(current.path)) throw taken(r.code);
      const parentNow = current.parent_id
        ? (existing.find((u) => u.id === current.parent_id)?.code ?? '')
        : '';
      let changed = false;
      if (current.name !== r.name) {
        if (!options.dryRun) await renameOrgUnit(s, actor, current.id, r.name);
        result.renamed++;
        changed = true;
      }
      if (parentNow !== r.parent) {
        if (!r.parent)
          throw new InputError({
            field: 'parent',
            value: '',
            rule: 'move',
            message: `"${r.code}" has parent "${parentNow}"; a unit cannot become a root by import`,
          });
        const parent = byCode.get(r.parent);
        if (options.dryRun && !created.has(r.parent) && (!parent || !manages(parent.path)))
          throw parentRefused(r.parent);
        if (!options.dryRun) await moveOrgUnit(s, actor, current.id, r.parent);
        result.moved++;
        changed = true;
      }
      if (country !== undefined && (country || null) !== current.country) {
        if (!options.dryRun) await setOrgUnitCountry(s, actor, current.id, country || null);
        result.countries++;
        changed = true;
      }
      if (!changed) result.unchanged++;
    } catch (e) {
      const issuesOf = (e as InputError).issues ?? [
        { field: 'code', rule: 'error', message: (e as Error).message },
      ];
      for (const i of issuesOf)
        result.errors.push({
          row: r.row,
          column: i.field === 'parentCode' ? 'parent' : i.field,
          value: i.value ?? '',
          message: i.message,
        });
    }
  }
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}

/** Renames the levels of the tree (top first): for whoever manages settings at the root. */
export async function renameOrgLevels(s: Services, actor: Actor, levelNames: string[]): Promise<void> {
  requireAtRoot(actor, 'settings.manage');
  await s.db.transaction().execute(async (trx) => {
    await putSetting(trx, 'org.levelNames', levelNames, s.now());
    await s.audit.record(trx, actor, {
      action: 'settings.changed',
      entityType: 'settings',
      details: { key: 'org.levelNames' },
    });
  });
}
