/** CSV: period, org unit, indicator, each disaggregation, value — formulas neutralised. */

import type { HarbourReport } from '@harbour/core';
import { stringify } from 'csv-stringify/sync';
import { neutralise } from '../../register-import/errors-csv.js';
import { cellOf, reportColumns } from './table.js';

export function reportToCsv(report: HarbourReport): string {
  const dims = reportColumns(report);
  const header = ['period', 'period_start', 'period_end', 'org_unit', 'indicator', ...dims, 'value'];
  const rows = report.values.map((v) => [
    report.period.id,
    report.period.start,
    report.period.end,
    report.orgUnit,
    v.indicator,
    ...dims.map((d) => cellOf(v, d)),
    v.value === null ? '' : String(v.value),
  ]);
  return `\uFEFF${stringify([header, ...rows].map((r) => r.map((c) => neutralise(String(c)))))}`;
}
