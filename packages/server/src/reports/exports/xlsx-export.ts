/**
 * XLSX: the report table on one sheet, what it is on another. Each row carries its period and org
 * unit (sheets get copied and pivoted apart from their title), values in words with the codes at the
 * right for anyone who pivots by code, and the derived "transgender" row in italics.
 */

import { DIMENSION_NAMES, dimensionValueName, type HarbourReport, INDICATOR_NAMES } from '@harbour/core';
import { cellOf, reportColumns } from './table.js';

/** Org unit names by code, for the report's unit and any org unit breakdown. */
export type UnitNames = ReadonlyMap<string, string>;

export async function reportToXlsx(report: HarbourReport, units: UnitNames = new Map()): Promise<Buffer> {
  // Loaded on first use: exceljs alone is most of a second of the server's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  wb.created = new Date(report.generatedAt);
  const dims = reportColumns(report);
  const dimName = (d: string) => DIMENSION_NAMES[d === 'target_indicator' ? 'indicator' : d] ?? d;
  const ws = wb.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Period', key: 'period', width: 10 },
    { header: 'From', key: 'from', width: 12 },
    { header: 'To', key: 'to', width: 12 },
    { header: 'Org unit', key: 'unit', width: 22 },
    { header: 'Indicator', key: 'name', width: 36 },
    ...dims.map((d) => ({ header: dimName(d), key: d, width: d === 'target_indicator' ? 30 : 22 })),
    { header: 'Value', key: 'value', width: 12 },
    { header: 'Org unit code', key: 'unitCode', width: 14 },
    { header: 'Indicator code', key: 'indicator', width: 26 },
    ...dims.map((d) => ({ header: `${d} code`, key: `${d}:code`, width: 14 })),
  ];
  ws.getRow(1).font = { bold: true };
  const unitName = units.get(report.orgUnit) ?? report.orgUnit;
  for (const v of report.values) {
    const row: Record<string, unknown> = {
      period: report.period.id,
      from: report.period.start,
      to: report.period.end,
      unit: unitName,
      name: INDICATOR_NAMES[v.indicator] ?? v.indicator,
      value: v.value,
      unitCode: report.orgUnit,
      indicator: v.indicator,
    };
    for (const d of dims) {
      const code = cellOf(v, d);
      const dim = d === 'target_indicator' ? 'indicator' : d;
      row[d] =
        code === '' ? '' : dim === 'orgUnit' ? (units.get(code) ?? code) : dimensionValueName(dim, code);
      row[`${d}:code`] = code;
    }
    const added = ws.addRow(row);
    if (v.disaggregation.sex === 'transgender') added.font = { italic: true };
  }
  const about = wb.addWorksheet('About');
  about.columns = [{ width: 16 }, { width: 90 }];
  about.addRows([
    ['format', report.format],
    ['period', report.period.id],
    ['from', report.period.start],
    ['to', report.period.end],
    ['org unit', `${unitName} (${report.orgUnit})`],
    ['generated', report.generatedAt],
    [
      'suppression',
      report.suppression
        ? `cells below ${report.suppression.threshold} shown as <${report.suppression.threshold}`
        : 'none (internal report)',
    ],
    [
      'transgender',
      'The rows "Transgender (women and men, counted above)" add up transgender women and men; do not add them to the other rows.',
    ],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
