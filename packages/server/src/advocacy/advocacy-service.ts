/**
 * Country evidence: the one write path for figures and scenarios (API, CLI, console upload and demo
 * all come here), and the profiles, map and trends built from them by the core engine.
 */

import {
  type AuditAction,
  buildProfile,
  type CountryFigure,
  type CountryProfile,
  checkFigureHeader,
  checkFigureRow,
  checkWhatIf,
  chooseFigures,
  type FieldIssue,
  InputError,
  isCountryCode,
  NotFoundError,
  type Rule,
  showValue,
  uuidv7,
  type WhatIf,
} from '@harbour/core';

import type { Services } from '../context.js';
import { readSmallCsv } from '../files/small-csv.js';
import type { Actor } from '../identity/actor.js';
import { type Keeper, keeperFor, mayManage } from './evidence-access.js';
import {
  contentOf,
  deleteScenario,
  type FigureRow,
  figureById,
  figuresOfKeeper,
  findFigure,
  insertFigures,
  putScenario,
  sameContent,
  scenarioById,
  scenariosOf,
  toFigure,
  updateFigure,
  versionsOf,
  whatIfOf,
} from './figure-repository.js';
import { programmeSyringes } from './programme-figures.js';

export interface FigureImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column: string; value: string; rule: Rule; message: string }[];
  /** Whether nothing was written (`--dry-run`). */
  dryRun: boolean;
}

const thisYear = (s: Services) => s.now().getUTCFullYear();

/** An entry about a keeper's figures or scenarios (`s.audit.record` adds who). */
function auditEntry(
  keeper: Keeper,
  action: AuditAction,
  details: Record<string, unknown>,
  entityId?: string,
) {
  return {
    action,
    entityType: 'country_figure',
    entityId: entityId ?? null,
    orgUnitId: keeper.id,
    orgId: null,
    details: { keeper: keeper.code, ...details },
  };
}

/**
 * Imports the long CSV of docs/advocacy.md §1: good rows kept, every bad one named; a figure already
 * held with the same content is left alone (the same file twice changes nothing); a changed one gets a
 * new version, the old one kept in its history.
 */
export async function importFigures(
  s: Services,
  actor: Actor,
  csvText: string,
  options: { dryRun?: boolean; keeper?: string | null } = {},
): Promise<FigureImportResult> {
  const keeper = await keeperFor(s.db, actor, 'manage', options.keeper);
  const { header, rows: body } = readSmallCsv(csvText);
  const records = [header, ...body];
  const headerIssues = checkFigureHeader(header);
  if (headerIssues.length) throw new InputError(headerIssues);
  const result: FigureImportResult = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: [],
    dryRun: !!options.dryRun,
  };
  const reject = (issues: FieldIssue[]) => {
    result.rejected++;
    for (const i of issues)
      result.errors.push({
        row: i.row ?? 0,
        column: i.field,
        value: i.value ?? '',
        rule: i.rule,
        message: i.message,
      });
  };
  const year = thisYear(s);
  const firstRowOf = new Map<string, number>();
  const figures: CountryFigure[] = [];
  for (const [i, cells] of records.slice(1).entries()) {
    const row = i + 2;
    const raw = Object.fromEntries(header.map((h, c) => [h, cells[c]]));
    const checked = checkFigureRow(raw, year, row);
    if (!checked.ok) {
      reject(checked.issues);
      continue;
    }
    const f = checked.figure;
    const key = `${f.country}|${f.year}|${f.measure}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      reject([
        {
          row,
          field: 'measure',
          value: showValue(f.measure),
          rule: 'duplicate',
          message: `row ${first} already gives ${f.measure} for ${f.country} in ${f.year}; keep one of the two`,
        },
      ]);
      continue;
    }
    firstRowOf.set(key, row);
    figures.push(f);
  }

  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    const held = new Map(
      (await figuresOfKeeper(trx, keeper.id)).map((r) => [`${r.country}|${r.year}|${r.measure}`, r]),
    );
    const inserts: FigureRow[] = [];
    const updates: FigureRow[] = [];
    for (const f of figures) {
      const had = held.get(`${f.country}|${f.year}|${f.measure}`);
      if (had && sameContent(had, f)) {
        result.unchanged++;
        continue;
      }
      const row = nextVersion(keeper, f, had, at, actor);
      (had ? updates : inserts).push(row);
    }
    result.imported = inserts.length;
    result.updated = updates.length;
    if (options.dryRun || inserts.length + updates.length === 0) return;
    await insertFigures(trx, inserts);
    for (const u of updates) await updateFigure(trx, u);
    await s.audit.record(
      trx,
      actor,
      auditEntry(keeper, 'advocacy.figures_imported', {
        imported: result.imported,
        updated: result.updated,
        countries: [...new Set(figures.map((f) => f.country))].sort(),
      }),
    );
  });
  return result;
}

/** The stored row of a figure's next version (its first when it had none). */
function nextVersion(
  keeper: Keeper,
  f: CountryFigure,
  had: FigureRow | undefined,
  at: string,
  actor: Actor,
): FigureRow {
  return {
    id: had?.id ?? uuidv7(),
    keeper_id: keeper.id,
    country: f.country,
    year: f.year,
    measure: f.measure,
    ...contentOf(f),
    version: (had?.version ?? 0) + 1,
    updated_at: at,
    updated_by: actor.label,
  };
}

export type FigureInput = Record<string, string | number | null | undefined>;

/** Saves one figure typed in the console: the same checks as a file row; a change keeps the old version. */
export async function saveFigure(s: Services, actor: Actor, input: FigureInput, keeperCode?: string | null) {
  const keeper = await keeperFor(s.db, actor, 'manage', keeperCode);
  const raw = Object.fromEntries(
    Object.entries(input).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
  );
  const checked = checkFigureRow(raw, thisYear(s));
  if (!checked.ok) throw new InputError(checked.issues);
  const f = checked.figure;
  const at = s.now().toISOString();
  return s.db.transaction().execute(async (trx) => {
    const had = await findFigure(trx, keeper.id, f.country, f.year, f.measure);
    if (had && sameContent(had, f)) return { figure: figureView(had), changed: false };
    const row = nextVersion(keeper, f, had, at, actor);
    if (had) await updateFigure(trx, row);
    else await insertFigures(trx, [row]);
    await s.audit.record(
      trx,
      actor,
      auditEntry(
        keeper,
        had ? 'advocacy.figure_changed' : 'advocacy.figure_added',
        { country: f.country, year: f.year, measure: f.measure, version: row.version },
        row.id,
      ),
    );
    return { figure: figureView(row), changed: true };
  });
}

export interface FigureView {
  id: string;
  country: string;
  year: number;
  measure: string;
  value: number | string;
  unit: string | null;
  source: string;
  as_of: string | null;
  lower: number | null;
  upper: number | null;
  url: string | null;
  notes: string | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

const numberOr = (v: string | null) => (v === null ? null : Number(v));
const storedValue = (v: string) => (/^-?[0-9]/.test(v) ? Number(v) : v);

function figureView(r: FigureRow): FigureView {
  return {
    id: r.id,
    country: r.country,
    year: r.year,
    measure: r.measure,
    value: storedValue(r.value),
    unit: r.unit,
    source: r.source,
    as_of: r.as_of,
    lower: numberOr(r.lower),
    upper: numberOr(r.upper),
    url: r.url,
    notes: r.notes,
    version: r.version,
    updated_at: r.updated_at,
    updated_by: r.updated_by,
  };
}

function countryOrIssue(country: string): string {
  const c = country.toUpperCase();
  if (!isCountryCode(c))
    throw new InputError({
      field: 'country',
      value: showValue(country),
      rule: 'iso3166',
      message: 'is not an ISO 3166-1 alpha-2 country code (UA, KE, IN)',
    });
  return c;
}

function yearOrIssue(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 1950 || year > 2100)
    throw new InputError({
      field,
      value: String(year),
      rule: 'year',
      message: 'is a calendar year from 1950 to 2100',
    });
  return year;
}

/** The figures of one country, every year, each with its version. */
export async function listFigures(s: Services, actor: Actor, country: string, keeperCode?: string | null) {
  const keeper = await keeperFor(s.db, actor, 'read', keeperCode);
  const rows = await figuresOfKeeper(s.db, keeper.id, { country: countryOrIssue(country) });
  return { keeper: keeper.code, mayEdit: mayManage(actor, keeper), figures: rows.map(figureView) };
}

/** Every version of one figure, newest first: who changed it, when, and from what. */
export async function figureHistory(s: Services, actor: Actor, id: string) {
  const row = await figureById(s.db, id);
  if (!row) throw new NotFoundError('Figure');
  const unit = await s.db
    .selectFrom('org_units')
    .select('code')
    .where('id', '=', row.keeper_id)
    .executeTakeFirst();
  // Answered as unknown when the keeper is not the reader's.
  await keeperFor(s.db, actor, 'read', unit?.code).catch(() => {
    throw new NotFoundError('Figure');
  });
  const versions = await versionsOf(s.db, id);
  return {
    figure: figureView(row),
    versions: versions.map((v) => ({
      version: v.version,
      value: storedValue(v.value),
      unit: v.unit,
      source: v.source,
      as_of: v.as_of,
      lower: numberOr(v.lower),
      upper: numberOr(v.upper),
      url: v.url,
      notes: v.notes,
      changed_at: v.changed_at,
      changed_by: v.changed_by,
    })),
  };
}

export interface ProfileRequest {
  country: string;
  year: number;
  keeper?: string | null;
  whatIf?: WhatIf[];
  scenario?: string | null;
}

/** The `harbour.country-profile/1` of a country and year, with an unsaved what-if or a saved scenario. */
export async function countryProfile(
  s: Services,
  actor: Actor,
  req: ProfileRequest,
): Promise<CountryProfile> {
  const keeper = await keeperFor(s.db, actor, 'read', req.keeper);
  const country = countryOrIssue(req.country);
  const year = yearOrIssue(req.year);
  const rows = await figuresOfKeeper(s.db, keeper.id, { country, upToYear: year });
  const figures = rows.map(toFigure);
  let whatIf = req.whatIf ?? [];
  if (req.scenario) {
    const sc = await scenarioById(s.db, req.scenario);
    if (!sc || sc.keeper_id !== keeper.id || sc.country !== country) throw new NotFoundError('Scenario');
    whatIf = [...whatIfOf(sc), ...whatIf];
  }
  const issues = checkWhatIf(whatIf, chooseFigures(figures, year), year);
  if (issues.length) throw new InputError(issues);
  return buildProfile({
    country,
    year,
    figures,
    whatIf,
    programme: await programmeSyringes(s, actor, country, year),
  });
}

/** Columns of the gap table (and the measures the map can colour by). */
export const OVERVIEW_COLUMNS = [
  'pwid',
  'nsp.syringes_per_pwid',
  'nsp.level',
  'ost.coverage',
  'ost.level',
  'hiv.prevalence.pwid',
  'policy.drug_use',
  'funding.share_of_need',
  'funding.gap',
  'criminalisation.ratio',
] as const;

export interface OverviewRow {
  country: string;
  /** The latest year any of this country's figures up to the year describes. */
  dataYear: number;
  values: Record<string, number | string | null>;
  /** The value the map colours by (US dollars for money). */
  value: number | string | null;
}

/** Every country with evidence up to the year: the map's colour and the table's columns. */
export async function countriesOverview(
  s: Services,
  actor: Actor,
  req: { year: number; measure: string; keeper?: string | null },
) {
  const keeper = await keeperFor(s.db, actor, 'read', req.keeper);
  const year = yearOrIssue(req.year);
  const rows = await figuresOfKeeper(s.db, keeper.id, { upToYear: year });
  const byCountry = new Map<string, CountryFigure[]>();
  for (const r of rows) {
    const list = byCountry.get(r.country) ?? [];
    list.push(toFigure(r));
    byCountry.set(r.country, list);
  }
  const columns = [...new Set<string>([...OVERVIEW_COLUMNS, req.measure])];
  const countries: OverviewRow[] = [];
  for (const [country, figures] of byCountry) {
    const p = buildProfile({ country, year, figures });
    const values: Record<string, number | string | null> = {};
    for (const c of columns) values[c] = pick(p, c);
    countries.push({
      country,
      dataYear: Math.max(...figures.map((f) => f.year)),
      values,
      value: values[req.measure] ?? null,
    });
  }
  return { keeper: keeper.code, year, measure: req.measure, countries };
}

/** A measure's value in a profile: a figure's value, or a derived figure's (US dollars for money). */
export function pick(p: CountryProfile, measure: string): number | string | null {
  const d = p.derived.find((x) => x.measure === measure);
  if (d) return d.value_usd;
  const m = p.measures.find((x) => x.measure === measure);
  return m?.value ?? null;
}

/** A country's headline figures for each year of a range (the trends charts). */
export async function countryTrends(
  s: Services,
  actor: Actor,
  req: { country: string; from: number; to: number; keeper?: string | null },
) {
  const keeper = await keeperFor(s.db, actor, 'read', req.keeper);
  const country = countryOrIssue(req.country);
  const from = yearOrIssue(req.from, 'from');
  const to = yearOrIssue(req.to, 'to');
  if (to < from || to - from > 50)
    throw new InputError({
      field: 'to',
      value: String(to),
      rule: 'range',
      message: 'is a year from "from" to 50 years after it',
    });
  const figures = (await figuresOfKeeper(s.db, keeper.id, { country, upToYear: to })).map(toFigure);
  const years = [];
  for (let y = from; y <= to; y++) {
    const p = buildProfile({ country, year: y, figures });
    const values: Record<string, number | string | null> = {};
    for (const c of OVERVIEW_COLUMNS) values[c] = pick(p, c);
    for (const c of [
      'funding.total',
      'funding.need',
      'criminalisation.total_year',
      'ost.clients',
      'nsp.syringes',
    ])
      values[c] = pick(p, c);
    years.push({ year: y, values });
  }
  return { country, years };
}

export interface ScenarioView {
  id: string;
  country: string;
  year: number;
  name: string;
  whatIf: WhatIf[];
  created_at: string;
  created_by: string;
}

export async function listScenarios(s: Services, actor: Actor, country: string, keeperCode?: string | null) {
  const keeper = await keeperFor(s.db, actor, 'read', keeperCode);
  const rows = await scenariosOf(s.db, keeper.id, countryOrIssue(country));
  return rows.map(
    (r): ScenarioView => ({
      id: r.id,
      country: r.country,
      year: r.year,
      name: r.name,
      whatIf: whatIfOf(r),
      created_at: r.created_at,
      created_by: r.created_by,
    }),
  );
}

/** Saves a what-if under a name (the same name again replaces it). */
export async function saveScenario(
  s: Services,
  actor: Actor,
  req: { country: string; year: number; name: string; whatIf: WhatIf[]; keeper?: string | null },
): Promise<ScenarioView> {
  const keeper = await keeperFor(s.db, actor, 'manage', req.keeper);
  const country = countryOrIssue(req.country);
  const year = yearOrIssue(req.year);
  const name = req.name.trim();
  if (!name || name.length > 120)
    throw new InputError({
      field: 'name',
      value: showValue(req.name),
      rule: 'length',
      message: 'Give the scenario a name of 1 to 120 characters',
    });
  const figures = (await figuresOfKeeper(s.db, keeper.id, { country, upToYear: year })).map(toFigure);
  const issues = checkWhatIf(req.whatIf, chooseFigures(figures, year), year);
  if (issues.length) throw new InputError(issues);
  const row = {
    id: uuidv7(),
    keeper_id: keeper.id,
    country,
    year,
    name,
    what_if: JSON.stringify(req.whatIf),
    created_at: s.now().toISOString(),
    created_by: actor.label,
  };
  await s.db.transaction().execute(async (trx) => {
    await putScenario(trx, row);
    await s.audit.record(trx, actor, {
      ...auditEntry(keeper, 'advocacy.scenario_saved', { country, year, name }, row.id),
      entityType: 'advocacy_scenario',
    });
  });
  return {
    id: row.id,
    country,
    year,
    name,
    whatIf: req.whatIf,
    created_at: row.created_at,
    created_by: row.created_by,
  };
}

export async function removeScenario(s: Services, actor: Actor, id: string): Promise<void> {
  const sc = await scenarioById(s.db, id);
  if (!sc) throw new NotFoundError('Scenario');
  const unit = await s.db
    .selectFrom('org_units')
    .select('code')
    .where('id', '=', sc.keeper_id)
    .executeTakeFirst();
  const keeper = await keeperFor(s.db, actor, 'manage', unit?.code).catch((e) => {
    if (e instanceof NotFoundError) throw new NotFoundError('Scenario');
    throw e;
  });
  await s.db.transaction().execute(async (trx) => {
    await deleteScenario(trx, id);
    await s.audit.record(trx, actor, {
      ...auditEntry(keeper, 'advocacy.scenario_deleted', { name: sc.name }, id),
      entityType: 'advocacy_scenario',
    });
  });
}
