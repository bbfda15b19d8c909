/**
 * The small CSV files people upload besides the contact register (the org tree, estimates and
 * targets, advocacy figures, project spending), read one way: a byte-order mark dropped, fields
 * separated by `,`, `;` or a tab (Excel's list separator differs by locale), blank lines skipped,
 * ragged rows kept (a missing cell is empty), cells trimmed, the header lower-cased. A file that is
 * not CSV is named as such. (The register, which can be millions of rows, streams:
 * register-import/csv-records.ts.)
 */

import { InputError } from '@harbour/core';
import { parse } from 'csv-parse/sync';

export function readSmallCsv(text: string): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      delimiter: [',', ';', '\t'],
    });
  } catch (e) {
    throw new InputError({
      field: 'file',
      rule: 'csv',
      message: `The file is not valid CSV: ${(e as Error).message}`,
    });
  }
  return { header: (records[0] ?? []).map((h) => h.toLowerCase()), rows: records.slice(1) };
}
