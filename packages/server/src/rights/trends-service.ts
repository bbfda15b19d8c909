/**
 * Rights trends and exports. Responders and programme managers (`rights.trends`) see exact counts of
 * every live case; advocates and donors (`rights.trends.suppressed`), and every exported file, see
 * only cases whose person agreed to advocacy use, with small cells suppressed. Withdrawn cases are
 * never counted.
 */

import {
  ForbiddenError,
  InputError,
  type Period,
  parsePeriod,
  type RightsTrends,
  rightsTrends,
  type TrendRow,
  type TrendsSuppression,
  treeYearPattern,
  trendFigures,
} from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { orgTree } from '../reports/event-pattern.js';
import { inScope } from '../store/scope.js';
import { readAuditTransaction } from '../store/transactions.js';

export const RIGHTS_THRESHOLD = 5;

export interface TrendsQuery {
  orgUnit: string;
  from: string;
  to: string;
  format: 'json' | 'csv' | 'xlsx' | 'pdf';
}

export async function trendsFor(
  s: Services,
  actor: Actor,
  q: TrendsQuery,
): Promise<{ trends: RightsTrends; orgUnit: string; from: string; to: string }> {
  if (!/^\d{4}-\d{2}$/.test(q.from) || !/^\d{4}-\d{2}$/.test(q.to) || q.from > q.to)
    throw new InputError({
      field: 'from',
      value: `${q.from}..${q.to}`,
      rule: 'period',
      message: 'Give months as YYYY-MM, from before to',
    });
  const unit = await s.db
    .selectFrom('org_units')
    .select(['id', 'path', 'code'])
    .where('code', '=', q.orgUnit)
    .executeTakeFirst();
  const exact = scopeOf(actor, 'rights.trends');
  const suppressedScope = scopeOf(actor, 'rights.trends.suppressed');
  if (exact.length === 0 && suppressedScope.length === 0) throw new ForbiddenError();
  const inside = (scope: string[]) =>
    unit !== undefined && (scope.includes('/') || scope.some((p) => unit.path.startsWith(p)));
  // A unit outside the caller's part of the tree gets the answer an unknown code gets: no oracle.
  if (!unit || (!inside(exact) && !inside(suppressedScope)))
    throw new InputError({
      field: 'orgUnit',
      value: q.orgUnit,
      rule: 'exists',
      message: `No org unit with code "${q.orgUnit}" in your part of the tree`,
    });
  const isExact = inside(exact) && q.format === 'json';
  // Like reports, an answer that leaves the programme covers a month, a quarter or a year: answers
  // for ranges that overlap would subtract to a hidden count.
  const period = isExact ? null : standardPeriod(q.from, q.to);
  if (!isExact && !period)
    throw new InputError({
      field: 'from',
      value: `${q.from}..${q.to}`,
      rule: 'standard_period',
      message: 'Suppressed trends cover a month, a calendar quarter or a calendar year: choose one',
    });
  const trendRows = await caseRows(s, { path: unit.path, from: q.from, to: q.to, consentedOnly: !isExact });
  await readAuditTransaction(s, (trx) =>
    s.audit.record(trx, actor, {
      action: q.format === 'json' ? 'rights.trends_viewed' : 'rights.trends_exported',
      entityType: 'org_unit',
      entityId: unit.id,
      details: {
        orgUnit: unit.code,
        from: q.from,
        to: q.to,
        format: q.format,
        suppressed: !isExact,
        cases: new Set(trendRows.map((r) => r.caseId)).size,
      },
    }),
  );
  return {
    trends: rightsTrends(
      trendRows,
      period ? await trendsSuppression(s, unit.code, period, RIGHTS_THRESHOLD) : null,
    ),
    orgUnit: unit.code,
    from: q.from,
    to: q.to,
  };
}

/** The standard period a range of months is, if it is one: a month, a calendar quarter, a calendar year. */
export function standardPeriod(from: string, to: string): Period | null {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if (fy !== ty) return null;
  if (fm === tm) return parsePeriod(`${fy}${String(fm).padStart(2, '0')}`);
  if (fm % 3 === 1 && tm === fm + 2) return parsePeriod(`${fy}Q${(fm + 2) / 3}`);
  if (fm === 1 && tm === 12) return parsePeriod(String(fy));
  return null;
}

/** One row per (case, act) of the live cases recorded under `path` (every site when absent) in the months given. */
async function caseRows(
  s: Pick<Services, 'db'>,
  q: { path?: string; from: string; to: string; consentedOnly: boolean },
): Promise<TrendRow[]> {
  let query = s.db
    .selectFrom('rights_cases as c')
    .innerJoin('rights_acts as a', 'a.case_id', 'c.id')
    .innerJoin('org_units as site', 'site.id', 'c.site_id')
    .innerJoin('org_units as place', 'place.id', 'c.place_id')
    .leftJoin('rights_responses as r', 'r.case_id', 'c.id')
    .select([
      'c.id',
      'c.occurred_on',
      'site.code as site',
      'place.code as place',
      'a.violation',
      'a.perpetrator',
      'r.id as response',
      'c.outcome',
      'c.consent_advocacy',
    ])
    .where('c.withdrawn_at', 'is', null)
    .where('c.occurred_on', '>=', `${q.from}-01`)
    .where('c.occurred_on', '<=', `${q.to}-31`);
  const path = q.path;
  if (path !== undefined) query = query.where((eb) => inScope(eb, 'site.path', [path]));
  if (q.consentedOnly) query = query.where('c.consent_advocacy', '=', 1);
  return (await query.execute()).map((r) => ({
    caseId: r.id,
    month: r.occurred_on.slice(0, 7),
    unit: r.site,
    place: r.place,
    violation: r.violation,
    perpetrator: r.perpetrator,
    responded: r.response !== null,
    outcome: r.outcome,
  }));
}

/**
 * What a suppressed answer hides: the year's pattern over the whole tree for each kind of case
 * (core's trendSeries), read from every consented case of the year — so every answer of that year,
 * for any unit and standard period, shows cells of one pattern.
 */
async function trendsSuppression(
  s: Pick<Services, 'db'>,
  unit: string,
  period: Period,
  threshold: number,
): Promise<TrendsSuppression> {
  const year = period.start.slice(0, 4);
  const { units, treeOf } = await orgTree(s);
  const tree = treeOf(units);
  const rows = await caseRows(s, { from: `${year}-01`, to: `${year}-12`, consentedOnly: true });
  const pattern = treeYearPattern(trendFigures(rows), tree, threshold);
  return {
    threshold,
    hidden: (series, month) =>
      pattern.hidden(series, unit, month ? parsePeriod(month.replace('-', ''))! : period) === true,
  };
}

/**
 * The shape shadow reports to UN treaty bodies use: one row per period and category with a count.
 * Columns: period, dimension, category, cases.
 */
export function trendsTable(t: RightsTrends): [string, string, string, string | number][] {
  const rows: [string, string, string, string | number][] = [['all', 'total', 'cases', t.cases]];
  for (const [dim, m] of [
    ['violation', t.byViolation],
    ['perpetrator', t.byPerpetrator],
    ['place', t.byPlace],
    ['outcome', t.byOutcome],
  ] as const)
    for (const [k, v] of Object.entries(m)) rows.push(['all', dim, k, v]);
  rows.push(['all', 'response', 'responded', t.responded]);
  for (const [month, m] of Object.entries(t.byMonthViolation))
    for (const [k, v] of Object.entries(m)) rows.push([month, 'violation', k, v]);
  return rows;
}

export function trendsCsv(t: RightsTrends): string {
  const quote = (v: string | number) =>
    /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  return `${['period,dimension,category,cases', ...trendsTable(t).map((r) => r.map(quote).join(','))].join('\n')}\n`;
}

export async function trendsXlsx(
  t: RightsTrends,
  about: { orgUnit: string; from: string; to: string },
): Promise<Buffer> {
  // Loaded on first use: exceljs alone is most of a second of the server's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  const ws = wb.addWorksheet('Cases');
  ws.columns = [
    { header: 'period', key: 'period', width: 12 },
    { header: 'dimension', key: 'dimension', width: 14 },
    { header: 'category', key: 'category', width: 28 },
    { header: 'cases', key: 'cases', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const [period, dimension, category, cases] of trendsTable(t))
    ws.addRow({ period, dimension, category, cases });
  wb.addWorksheet('About').addRows([
    ['org unit', about.orgUnit],
    ['from', about.from],
    ['to', about.to],
    ['cases counted', 'only cases whose person agreed to anonymous use in advocacy; withdrawn cases never'],
    [
      'suppression',
      t.suppression
        ? `counts from 1 to ${t.suppression.threshold - 1} shown as <${t.suppression.threshold}`
        : 'none',
    ],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A printable summary for a shadow report annex: what is counted, then the table. */
export async function trendsPdf(
  t: RightsTrends,
  about: { orgUnit: string; from: string; to: string },
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Rights violations ${about.orgUnit} ${about.from}–${about.to}`, Creator: 'Harbour' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(16).text(`Human rights violations documented — ${about.orgUnit}`);
  doc
    .fontSize(10)
    .moveDown(0.5)
    .text(`${about.from} to ${about.to}. Counts are cases (a case with two acts counts once per category).`);
  doc.text(
    'Only cases whose person agreed to anonymous use in advocacy; cases whose consent was withdrawn are never counted.',
  );
  if (t.suppression)
    doc.text(`Counts from 1 to ${t.suppression.threshold - 1} are shown as <${t.suppression.threshold}.`);
  doc.moveDown();
  for (const [period, dimension, category, cases] of trendsTable(t)) {
    const y = doc.y;
    doc.text(period, 48, y, { width: 70 });
    doc.text(dimension, 120, y, { width: 90 });
    doc.text(category, 215, y, { width: 230 });
    doc.text(String(cases), 450, y, { width: 60, align: 'right' });
    if (doc.y > 760) doc.addPage();
  }
  doc.end();
  return done;
}
