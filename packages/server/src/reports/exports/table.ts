/** The report as rows of a table: one row per value, one column per disaggregation key — what CSV and XLSX share. */

import type { HarbourReport } from '@harbour/core';

export const DISAGGREGATION_COLUMNS = ['orgUnit', 'sex', 'age', 'kp', 'indicator'] as const;

export interface TableRow {
  indicator: string;
  disaggregation: Record<string, string>;
  value: number | string | null;
}

export function reportColumns(report: HarbourReport): string[] {
  const used = new Set(report.values.flatMap((v) => Object.keys(v.disaggregation)));
  return DISAGGREGATION_COLUMNS.filter((c) => used.has(c)).map((c) =>
    c === 'indicator' ? 'target_indicator' : c,
  );
}

export function cellOf(row: TableRow, column: string): string {
  return column === 'target_indicator'
    ? (row.disaggregation.indicator ?? '')
    : (row.disaggregation[column] ?? '');
}
