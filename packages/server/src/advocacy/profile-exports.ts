/** A country profile as CSV and XLSX: every chosen figure with its source, and every derived figure. */

import type { CountryProfile } from '@harbour/core';
import { stringify } from 'csv-stringify/sync';

const COLUMNS = [
  'kind',
  'measure',
  'value',
  'unit',
  'value_usd',
  'year',
  'source',
  'as_of',
  'lower',
  'upper',
  'missing',
  'note',
];

/** Text cells that a spreadsheet would run as a formula are quoted (CSV injection). */
const safe = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const t = String(v);
  return /^[=+\-@\t\r]/.test(t) && !/^-?[0-9.]+(e[+-]?[0-9]+)?$/i.test(t) ? `'${t}` : t;
};

function rows(p: CountryProfile): unknown[][] {
  return [
    ...p.measures.map((m) => [
      'figure',
      m.measure,
      m.value,
      m.unit,
      null,
      m.year,
      m.source,
      m.as_of,
      m.lower,
      m.upper,
      null,
      m.what_if ? 'what-if' : m.notes,
    ]),
    ...p.derived.map((d) => [
      'derived',
      d.measure,
      d.value,
      d.unit,
      d.value_usd,
      p.year,
      null,
      null,
      null,
      null,
      d.missing.join(' '),
      [d.lower_bound ? 'lower bound' : '', d.suppressed ? 'suppressed' : '', d.reason ?? '']
        .filter(Boolean)
        .join('; '),
    ]),
  ];
}

export function profileCsv(p: CountryProfile): string {
  return stringify([COLUMNS, ...rows(p).map((r) => r.map(safe))]);
}

export async function profileXlsx(p: CountryProfile): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  const ws = wb.addWorksheet(`${p.country} ${p.year}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === 'measure' ? 40 : c === 'note' || c === 'source' ? 36 : 14,
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows(p)) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  const about = wb.addWorksheet('About');
  about.addRows([
    ['format', p.format],
    ['country', p.country],
    ['year', p.year],
    [
      'method',
      'docs/advocacy.md: values of the year or the latest earlier year; money in US dollars at the rate of its own year',
    ],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
