/**
 * The monitoring dashboard: twelve monthly reports for the trends, the period's report for the key
 * figures and the cascade, a report by org unit for the map, and a data-quality panel. Every number
 * is a value of a harbour.report/1 report, so the dashboard never disagrees with the exports.
 */

import {
  type Dashboard,
  type DashboardMonth,
  type PersonFacts,
  parsePeriod,
  reportValue,
} from '@harbour/core';
import { sql } from 'kysely';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { mapLevelFor } from '../org/boundaries.js';
import { type BuiltReport, buildReport, monitoringSettings, newReportMemo } from './report-service.js';

const small = (n: number, k: number | null) => (k !== null && n > 0 && n < k ? `<${k}` : n);

export async function buildDashboard(
  s: Services,
  actor: Actor,
  req: { period: string; orgUnit: string; suppress?: number | null },
): Promise<Dashboard> {
  // One memo for the dashboard's fourteen reports: settings, scopes and the year's pattern for
  // counts of events are read once.
  const memo = newReportMemo();
  const main: BuiltReport = await buildReport(
    s,
    actor,
    { period: req.period, orgUnit: req.orgUnit, suppress: req.suppress ?? null },
    { memo },
  );
  const report = main.report;
  const threshold = report.suppression?.threshold ?? null;
  const period = parsePeriod(report.period.id)!;

  // The twelve months ending with the period's last month.
  const months: DashboardMonth[] = [];
  const end = new Date(`${period.end.slice(0, 7)}-01T00:00:00Z`);
  for (let i = 11; i >= 0; i--) {
    const d = new Date(end);
    d.setUTCMonth(d.getUTCMonth() - i);
    const id = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const r = (
      await buildReport(s, actor, { period: id, orgUnit: req.orgUnit, suppress: threshold }, { memo })
    ).report;
    const v = (x: string) => reportValue(r, x) ?? null;
    months.push({
      month: `${id.slice(0, 4)}-${id.slice(4)}`,
      reached: v('reached'),
      reachedNew: v('reached.new'),
      syringes: v('nsp.syringes'),
      returned: v('nsp.returned'),
      naloxoneKits: v('naloxone.kits'),
      reversals: v('naloxone.reversals'),
      ostActive: v('ost.active'),
      ostNew: v('ost.new'),
      referralsMade: v('referrals.made'),
      referralsCompleted: v('referrals.completed'),
    });
  }

  // Coverage by org unit: the level the map draws (see mapLevelFor), or one level down without boundaries.
  const root = await s.db
    .selectFrom('org_units')
    .select(['id', 'level', 'path'])
    .where('code', '=', report.orgUnit)
    .executeTakeFirstOrThrow();
  const mapLevel = await mapLevelFor(s, root.path, root.level);
  const hasChildren = await s.db
    .selectFrom('org_units')
    .select('id')
    .where('parent_id', '=', root.id)
    .executeTakeFirst();
  const level = mapLevel ?? (hasChildren ? root.level + 1 : root.level);
  const byUnitBuilt = await buildReport(
    s,
    actor,
    { period: req.period, orgUnit: req.orgUnit, disaggregate: `orgUnit:${level}`, suppress: threshold },
    { memo },
  );
  const byUnit = byUnitBuilt.report;
  const names = new Map(
    (
      await s.db
        .selectFrom('org_units')
        .select(['code', 'name'])
        .where('path', 'like', `${root.path}%`)
        .execute()
    ).map((u) => [u.code, u.name]),
  );
  const units = byUnitBuilt.levelUnits;
  const unitRows = units.map((code) => {
    const at = (id: string) => reportValue(byUnit, id, { orgUnit: code }) ?? null;
    return {
      code,
      name: names.get(code) ?? code,
      reached: at('reached'),
      nspPerPwidYear: at('nsp.per_pwid_year'),
      nspLevel: at('nsp.level'),
      ostCoverage: at('ost.coverage'),
      ostLevel: at('ost.level'),
      estimatePwid: at('estimate.pwid'),
    };
  });

  // Data quality: people reached with no recorded sex or birth year, duplicates waiting, sites with no contact in the period.
  const people = (keep: (p: PersonFacts) => boolean) =>
    main.facts.persons.reduce((n, p) => (keep(p) ? n + (p.people ?? 1) : n), 0);
  const missingSex = people((p) => p.sex === 'unknown');
  const missingBirthYear = people((p) => p.birthYear === null);
  const subtree = await s.db
    .selectFrom('org_units as u')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.org_id',
      (eb) =>
        eb
          .exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))
          .as('has_children'),
    ])
    .where('u.path', 'like', `${root.path}%`)
    .execute();
  const orgIds = [...new Set(subtree.map((u) => u.org_id).filter((x): x is string => x !== null))];
  const reporting = new Set(
    orgIds.length
      ? (
          await sql<{
            site_id: string;
          }>`select distinct site_id from contacts where org_id in (${sql.join(orgIds)}) and active = 1 and contact_date >= ${period.start} and contact_date <= ${period.end}`.execute(
            s.db,
          )
        ).rows.map((r) => r.site_id)
      : [],
  );
  const sitesNotReporting = subtree
    .filter((u) => !u.has_children && u.org_id && !reporting.has(u.id))
    .map((u) => ({ code: u.code, name: u.name }));
  const duplicatesOpen = orgIds.length
    ? Number(
        (
          await s.db
            .selectFrom('duplicate_pairs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', 'in', orgIds)
            .where('status', '=', 'open')
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;

  return {
    period: report.period,
    orgUnit: report.orgUnit,
    suppression: report.suppression,
    report,
    months,
    levels: (await monitoringSettings(s)).levels,
    units: unitRows,
    map: mapLevel === null ? null : { level: mapLevel },
    dataQuality: {
      reached: reportValue(report, 'reached') ?? null,
      missingSex: small(missingSex, threshold),
      missingBirthYear: small(missingBirthYear, threshold),
      duplicatesOpen,
      sitesNotReporting,
    },
  };
}
