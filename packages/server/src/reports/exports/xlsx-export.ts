/** XLSX: the report table on one sheet, what it is on another. */

import type { HarbourReport } from '@harbour/core';
import { cellOf, reportColumns } from './table.js';

export async function reportToXlsx(report: HarbourReport): Promise<Buffer> {
  // Loaded on first use: exceljs alone is most of a second of the server's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  wb.created = new Date(report.generatedAt);
  const dims = reportColumns(report);
  const ws = wb.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'indicator', key: 'indicator', width: 28 },
    ...dims.map((d) => ({ header: d, key: d, width: 14 })),
    { header: 'value', key: 'value', width: 14 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const v of report.values) {
    const row: Record<string, unknown> = { indicator: v.indicator, value: v.value };
    for (const d of dims) row[d] = cellOf(v, d);
    ws.addRow(row);
  }
  const about = wb.addWorksheet('About');
  about.addRows([
    ['format', report.format],
    ['period', report.period.id],
    ['from', report.period.start],
    ['to', report.period.end],
    ['org unit', report.orgUnit],
    ['generated', report.generatedAt],
    [
      'suppression',
      report.suppression
        ? `cells below ${report.suppression.threshold} shown as <${report.suppression.threshold}`
        : 'none (internal report)',
    ],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
