/** A report in the asked-for file format — every one of them derived from the same harbour.report/1 values. */

import { InputError, parsePeriod } from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { getSetting } from '../settings/settings.js';
import { reportToCsv } from './exports/csv-export.js';
import { reportToDataValueSet } from './exports/dhis2-export.js';
import type { Dhis2Mapping } from './exports/dhis2-mapping.js';
import { reportToPdf } from './exports/pdf-export.js';
import { reportToXlsx, type UnitNames } from './exports/xlsx-export.js';
import type { BuiltReport } from './report-service.js';

export type ReportFormat = 'json' | 'csv' | 'xlsx' | 'pdf' | 'dhis2' | 'adx';

export interface Rendered {
  body: Buffer | string;
  contentType: string;
  extension: string;
}

async function mappingFor(s: Services, orgCode: string): Promise<Dhis2Mapping> {
  const unit = await s.db
    .selectFrom('org_units')
    .select(['org_id'])
    .where('code', '=', orgCode)
    .executeTakeFirst();
  const mapping = unit?.org_id
    ? await getSetting<Dhis2Mapping | null>(s.db, 'dhis2.mapping', null, unit.org_id)
    : null;
  if (!mapping || Object.keys(mapping.dataElements ?? {}).length === 0) {
    throw new InputError({
      field: 'format',
      rule: 'mapping',
      message:
        'There is no DHIS2 mapping for this organisation yet; set one (harbour dhis2 mapping, or the console) before exporting DHIS2 or ADX',
    });
  }
  return mapping;
}

/** Names of the org units a report mentions (its unit and any org unit breakdown), for files read by people. */
async function unitNames(s: Services, report: BuiltReport['report']): Promise<UnitNames> {
  const codes = [
    ...new Set([report.orgUnit, ...report.values.flatMap((v) => v.disaggregation.orgUnit ?? [])]),
  ];
  const rows = await s.db
    .selectFrom('org_units')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function renderReport(
  s: Services,
  _actor: Actor,
  built: BuiltReport,
  format: ReportFormat,
  orgCode: string,
): Promise<Rendered> {
  const { report } = built;
  switch (format) {
    case 'json':
      return {
        body: `${JSON.stringify(report, null, 2)}\n`,
        contentType: 'application/json',
        extension: 'json',
      };
    case 'csv':
      return { body: reportToCsv(report), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'xlsx':
      return {
        body: await reportToXlsx(report, await unitNames(s, report)),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
    case 'pdf':
      return {
        body: await reportToPdf(report, await unitNames(s, report)),
        contentType: 'application/pdf',
        extension: 'pdf',
      };
    case 'dhis2': {
      if (report.period.id.includes('/'))
        throw new InputError({
          field: 'period',
          value: report.period.id,
          rule: 'format',
          message: 'DHIS2 needs a DHIS2 period id (e.g. 2026Q1), not a date range',
        });
      const { payload } = reportToDataValueSet(report, await mappingFor(s, orgCode));
      return {
        body: `${JSON.stringify(payload, null, 2)}\n`,
        contentType: 'application/json',
        extension: 'dhis2.json',
      };
    }
    case 'adx': {
      // Loaded on first use, like the other export formats: the XML builder is a large module.
      const { reportToAdx, validateAdx } = await import('./exports/adx-export.js');
      const { xml } = reportToAdx(report, parsePeriod(report.period.id)!, await mappingFor(s, orgCode));
      const check = await validateAdx(xml);
      if (!check.valid) throw new Error(`ADX output does not validate: ${check.errors.join('; ')}`);
      return { body: xml, contentType: 'application/adx+xml', extension: 'adx.xml' };
    }
  }
}
