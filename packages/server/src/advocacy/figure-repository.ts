/** All SQL of country figures, their versions and scenarios. The service (advocacy-service.ts) is the only caller. */

import type { CountryFigure, WhatIf } from '@harbour/core';
import type { Kysely, Transaction } from 'kysely';
import type { AdvocacyScenarioTable, CountryFigureTable, Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type FigureRow = CountryFigureTable;

export function toFigure(r: FigureRow): CountryFigure {
  return {
    country: r.country,
    year: r.year,
    measure: r.measure,
    value: r.value,
    unit: r.unit,
    source: r.source,
    asOf: r.as_of,
    lower: r.lower,
    upper: r.upper,
    url: r.url,
    notes: r.notes,
  };
}

/** The stored columns of a figure's content (what a version records). */
export function contentOf(f: CountryFigure) {
  return {
    value: f.value,
    unit: f.unit,
    source: f.source,
    as_of: f.asOf,
    lower: f.lower,
    upper: f.upper,
    url: f.url,
    notes: f.notes,
  };
}

export function sameContent(row: FigureRow, f: CountryFigure): boolean {
  const c = contentOf(f);
  return (Object.keys(c) as (keyof typeof c)[]).every((k) => row[k] === c[k]);
}

export async function figuresOfKeeper(
  db: Db,
  keeperId: string,
  options: { country?: string; upToYear?: number } = {},
) {
  let q = db.selectFrom('country_figures').selectAll().where('keeper_id', '=', keeperId);
  if (options.country) q = q.where('country', '=', options.country);
  if (options.upToYear !== undefined) q = q.where('year', '<=', options.upToYear);
  return q.orderBy('country').orderBy('measure').orderBy('year').execute();
}

export async function figureById(db: Db, id: string): Promise<FigureRow | undefined> {
  return db.selectFrom('country_figures').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFigure(db: Db, keeperId: string, country: string, year: number, measure: string) {
  return db
    .selectFrom('country_figures')
    .selectAll()
    .where('keeper_id', '=', keeperId)
    .where('country', '=', country)
    .where('year', '=', year)
    .where('measure', '=', measure)
    .executeTakeFirst();
}

/** Rows per statement, under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

export async function insertFigures(db: Db, rows: FigureRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('country_figures')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  await insertVersions(db, rows);
}

export async function updateFigure(db: Db, row: FigureRow): Promise<void> {
  const { id, keeper_id: _k, country: _c, year: _y, measure: _m, ...rest } = row;
  await db.updateTable('country_figures').set(rest).where('id', '=', id).execute();
  await insertVersions(db, [row]);
}

async function insertVersions(db: Db, rows: FigureRow[]): Promise<void> {
  const versions = rows.map((r) => ({
    figure_id: r.id,
    version: r.version,
    keeper_id: r.keeper_id,
    value: r.value,
    unit: r.unit,
    source: r.source,
    as_of: r.as_of,
    lower: r.lower,
    upper: r.upper,
    url: r.url,
    notes: r.notes,
    changed_at: r.updated_at,
    changed_by: r.updated_by,
  }));
  for (let i = 0; i < versions.length; i += CHUNK)
    await db
      .insertInto('country_figure_versions')
      .values(versions.slice(i, i + CHUNK))
      .execute();
}

export async function versionsOf(db: Db, figureId: string) {
  return db
    .selectFrom('country_figure_versions')
    .selectAll()
    .where('figure_id', '=', figureId)
    .orderBy('version', 'desc')
    .execute();
}

export async function scenariosOf(db: Db, keeperId: string, country: string) {
  return db
    .selectFrom('advocacy_scenarios')
    .selectAll()
    .where('keeper_id', '=', keeperId)
    .where('country', '=', country)
    .orderBy('name')
    .execute();
}

export async function scenarioById(db: Db, id: string): Promise<AdvocacyScenarioTable | undefined> {
  return db.selectFrom('advocacy_scenarios').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Saves a scenario under its name (a second save with one name replaces the first). */
export async function putScenario(db: Db, row: AdvocacyScenarioTable): Promise<void> {
  await db
    .deleteFrom('advocacy_scenarios')
    .where('keeper_id', '=', row.keeper_id)
    .where('country', '=', row.country)
    .where('name', '=', row.name)
    .execute();
  await db.insertInto('advocacy_scenarios').values(row).execute();
}

export async function deleteScenario(db: Db, id: string): Promise<void> {
  await db.deleteFrom('advocacy_scenarios').where('id', '=', id).execute();
}

export function whatIfOf(row: AdvocacyScenarioTable): WhatIf[] {
  return JSON.parse(row.what_if) as WhatIf[];
}

/** Org units carrying a country's code, for Harbour's own figures in its profile. */
export async function unitsOfCountry(db: Db, country: string) {
  return db.selectFrom('org_units').select(['id', 'code', 'path']).where('country', '=', country).execute();
}
