/**
 * PWID size estimates and targets: entered or imported per org unit, with source and bounds. A
 * scope's estimate is its own, or else the sum of its children's; a period uses the estimate for the
 * year of its end date, or else the latest earlier year (docs/indicators.md).
 */

import {
  collapsePaths,
  type EstimateFacts,
  type FieldIssue,
  INDICATOR_IDS,
  InputError,
  type Period,
  pathInScope,
  periodOrIssue,
} from '@harbour/core';

import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { readSmallCsv } from '../files/small-csv.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import type { Database, OrgUnitTable } from '../store/schema.js';
import { inScope } from '../store/scope.js';

export interface ImportSummary {
  saved: number;
  errors: { row: number; column: string; value: string; message: string }[];
}

function need(header: string[], columns: string[]): void {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new InputError({
      field: 'header',
      value: header.join(','),
      rule: 'columns',
      message: `The header needs the columns ${columns.join(',')}; missing: ${missing.join(', ')}`,
    });
}

const wholeNumber = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN);

async function unitsByCode(
  s: Services,
  actor: Actor,
  permission: 'estimates.manage' | 'targets.manage',
): Promise<Map<string, OrgUnitTable>> {
  const scope = scopeOf(actor, permission);
  const units = await s.db.selectFrom('org_units').selectAll().execute();
  return new Map(units.filter((u) => pathInScope(u.path, scope)).map((u) => [u.code, u]));
}

/** `org_unit,year,pwid,pwid_opioid` (+ optional `source,pwid_lower,pwid_upper`); a later row for the same unit and year replaces it. */
export async function importEstimates(s: Services, actor: Actor, text: string): Promise<ImportSummary> {
  const { header, rows } = readSmallCsv(text);
  need(header, ['org_unit', 'year', 'pwid', 'pwid_opioid']);
  const col = (r: string[], c: string) => (header.includes(c) ? (r[header.indexOf(c)] ?? '') : '');
  const units = await unitsByCode(s, actor, 'estimates.manage');
  const errors: ImportSummary['errors'] = [];
  const good: {
    unit: OrgUnitTable;
    year: number;
    pwid: number;
    opioid: number | null;
    lower: number | null;
    upper: number | null;
    source: string | null;
  }[] = [];
  const thisYear = s.now().getUTCFullYear();
  rows.forEach((r, i) => {
    const row = i + 2;
    const bad = (column: string, value: string, message: string) =>
      errors.push({ row, column, value, message });
    const unit = units.get(col(r, 'org_unit'));
    const year = wholeNumber(col(r, 'year'));
    const pwid = wholeNumber(col(r, 'pwid'));
    const opioidText = col(r, 'pwid_opioid');
    const opioid = opioidText ? wholeNumber(opioidText) : null;
    const lowerText = col(r, 'pwid_lower');
    const upperText = col(r, 'pwid_upper');
    const lower = lowerText ? wholeNumber(lowerText) : null;
    const upper = upperText ? wholeNumber(upperText) : null;
    const before = errors.length;
    if (!unit)
      bad('org_unit', col(r, 'org_unit'), 'No org unit with this code where you may enter estimates');
    if (!(year >= 1990 && year <= thisYear + 10))
      bad('year', col(r, 'year'), `Give a year from 1990 to ${thisYear + 10}`);
    if (!(pwid >= 0))
      bad('pwid', col(r, 'pwid'), 'Give the estimated number of people who inject drugs as a whole number');
    if (opioid !== null && !(opioid >= 0 && opioid <= pwid))
      bad('pwid_opioid', opioidText, 'Give a whole number no larger than pwid, or leave it empty');
    if (lower !== null && !(lower >= 0 && lower <= pwid))
      bad('pwid_lower', lowerText, 'The lower bound is a whole number no larger than pwid');
    if (upper !== null && !(upper >= pwid))
      bad('pwid_upper', upperText, 'The upper bound is a whole number no smaller than pwid');
    if (errors.length === before && unit)
      good.push({ unit, year, pwid, opioid, lower, upper, source: col(r, 'source').slice(0, 200) || null });
  });
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    for (const g of good) {
      const values = {
        pwid: g.pwid,
        pwid_opioid: g.opioid,
        pwid_lower: g.lower,
        pwid_upper: g.upper,
        source: g.source,
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx
        .insertInto('size_estimates')
        .values({ org_unit_id: g.unit.id, year: g.year, org_id: g.unit.org_id, ...values })
        .onConflict((oc) => oc.columns(['org_unit_id', 'year']).doUpdateSet(values))
        .execute();
    }
    if (good.length)
      await s.audit.record(trx, actor, {
        action: 'estimates.imported',
        entityType: 'size_estimate',
        details: { rows: good.length, units: [...new Set(good.map((g) => g.unit.code))] },
      });
  });
  return { saved: good.length, errors };
}

/** `org_unit,indicator,period,value`; the period is a DHIS2 id or an ISO range. */
export async function importTargets(s: Services, actor: Actor, text: string): Promise<ImportSummary> {
  const { header, rows } = readSmallCsv(text);
  need(header, ['org_unit', 'indicator', 'period', 'value']);
  const col = (r: string[], c: string) => r[header.indexOf(c)] ?? '';
  const units = await unitsByCode(s, actor, 'targets.manage');
  const errors: ImportSummary['errors'] = [];
  const good: { unit: OrgUnitTable; indicator: string; period: Period; value: number }[] = [];
  rows.forEach((r, i) => {
    const row = i + 2;
    const unit = units.get(col(r, 'org_unit'));
    const p = periodOrIssue(col(r, 'period'));
    const value = Number(col(r, 'value'));
    const issues: FieldIssue[] = [];
    if (!unit)
      issues.push({
        field: 'org_unit',
        value: col(r, 'org_unit'),
        rule: 'exists',
        message: 'No org unit with this code where you may enter targets',
      });
    if (
      !INDICATOR_IDS.includes(col(r, 'indicator')) ||
      col(r, 'indicator').startsWith('estimate.') ||
      col(r, 'indicator') === 'targets.achievement'
    ) {
      issues.push({
        field: 'indicator',
        value: col(r, 'indicator'),
        rule: 'enum',
        message: 'Give an indicator id from docs/indicators.md, e.g. reached or nsp.syringes',
      });
    }
    if (!p.ok) issues.push(p.issue);
    if (!(Number.isFinite(value) && value > 0))
      issues.push({
        field: 'value',
        value: col(r, 'value'),
        rule: 'min',
        message: 'A target is a number above 0',
      });
    if (issues.length)
      for (const x of issues) errors.push({ row, column: x.field, value: x.value ?? '', message: x.message });
    else if (unit && p.ok) good.push({ unit, indicator: col(r, 'indicator'), period: p.period, value });
  });
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    for (const g of good) {
      await trx
        .insertInto('targets')
        .values({
          org_unit_id: g.unit.id,
          indicator: g.indicator,
          period_start: g.period.start,
          period_end: g.period.end,
          period_id: g.period.id,
          org_id: g.unit.org_id,
          value: g.value,
          updated_at: at,
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc.columns(['org_unit_id', 'indicator', 'period_start', 'period_end']).doUpdateSet({
            value: g.value,
            period_id: g.period.id,
            updated_at: at,
            updated_by: actor.userId,
          }),
        )
        .execute();
    }
    if (good.length)
      await s.audit.record(trx, actor, {
        action: 'targets.imported',
        entityType: 'target',
        details: { rows: good.length },
      });
  });
  return { saved: good.length, errors };
}

/**
 * The estimate of a unit for a year: its own (that year, or else its latest earlier year), or else
 * the sum of its children's. The opioid-dependent estimate of a sum exists only when every part has one.
 * The year reported for a sum is the oldest year among its parts (so a stale part shows).
 */
export async function estimatesFor(
  db: Kysely<Database>,
  units: readonly OrgUnitTable[],
  year: number,
): Promise<(unitId: string) => EstimateFacts> {
  const rows = await db
    .selectFrom('size_estimates')
    .selectAll()
    .where('org_unit_id', 'in', units.length ? units.map((u) => u.id) : [''])
    .where('year', '<=', year)
    .execute();
  const own = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = own.get(r.org_unit_id);
    if (!prev || r.year > prev.year) own.set(r.org_unit_id, r);
  }
  const children = new Map<string, string[]>();
  for (const u of units)
    if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const memo = new Map<string, EstimateFacts>();
  const of = (id: string): EstimateFacts => {
    const hit = memo.get(id);
    if (hit) return hit;
    const mine = own.get(id);
    let result: EstimateFacts;
    if (mine) result = { pwid: mine.pwid, pwidOpioid: mine.pwid_opioid, year: mine.year };
    else {
      const parts = (children.get(id) ?? []).map(of).filter((p) => p.pwid !== null);
      result = parts.length
        ? {
            pwid: parts.reduce((a, p) => a + p.pwid!, 0),
            pwidOpioid: parts.every((p) => p.pwidOpioid !== null)
              ? parts.reduce((a, p) => a + p.pwidOpioid!, 0)
              : null,
            year: Math.min(...parts.map((p) => p.year!)),
          }
        : { pwid: null, pwidOpioid: null, year: null };
    }
    memo.set(id, result);
    return result;
  };
  return of;
}

export async function targetsFor(
  db: Kysely<Database>,
  unitId: string,
  period: Period,
): Promise<{ indicator: string; value: number }[]> {
  return db
    .selectFrom('targets')
    .select(['indicator', 'value'])
    .where('org_unit_id', '=', unitId)
    .where('period_start', '=', period.start)
    .where('period_end', '=', period.end)
    .orderBy('indicator')
    .execute();
}

/** Units whose estimates and targets the actor may read: anywhere they may read reports, exact or suppressed. */
function readScope(actor: Actor): string[] {
  return collapsePaths([...scopeOf(actor, 'report.read'), ...scopeOf(actor, 'report.read.suppressed')]);
}

export interface EstimateRow {
  orgUnit: string;
  year: number;
  pwid: number;
  pwidOpioid: number | null;
  pwidLower: number | null;
  pwidUpper: number | null;
  source: string | null;
}

export async function listEstimates(s: Services, actor: Actor): Promise<EstimateRow[]> {
  const rows = await s.db
    .selectFrom('size_estimates as e')
    .innerJoin('org_units as u', 'u.id', 'e.org_unit_id')
    .select(['u.code', 'e.year', 'e.pwid', 'e.pwid_opioid', 'e.pwid_lower', 'e.pwid_upper', 'e.source'])
    .where((eb) => inScope(eb, 'u.path', readScope(actor)))
    .orderBy('u.code')
    .orderBy('e.year')
    .execute();
  return rows.map((r) => ({
    orgUnit: r.code,
    year: r.year,
    pwid: r.pwid,
    pwidOpioid: r.pwid_opioid,
    pwidLower: r.pwid_lower,
    pwidUpper: r.pwid_upper,
    source: r.source,
  }));
}

export interface TargetRow {
  orgUnit: string;
  indicator: string;
  period: string;
  value: number;
}

export async function listTargets(s: Services, actor: Actor): Promise<TargetRow[]> {
  const rows = await s.db
    .selectFrom('targets as t')
    .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
    .select(['u.code', 't.indicator', 't.period_id', 't.value'])
    .where((eb) => inScope(eb, 'u.path', readScope(actor)))
    .orderBy('u.code')
    .orderBy('t.period_start')
    .orderBy('t.indicator')
    .execute();
  return rows.map((r) => ({ orgUnit: r.code, indicator: r.indicator, period: r.period_id, value: r.value }));
}
