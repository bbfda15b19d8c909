/**
 * The rejected rows, as they were, with a `reason` column: fix them in a spreadsheet and import the
 * file again. Cells that a spreadsheet would run as a formula are neutralised (CSV injection).
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import type { CellValue } from '@harbour/core';
import { stringify } from 'csv-stringify/sync';

/** A leading =, +, -, @, tab or carriage return makes a spreadsheet evaluate the cell; a quote keeps it text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function text(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

export class ErrorsCsv {
  private readonly out: WriteStream;
  private width = 0;
  rows = 0;
  constructor(path: string) {
    // The rows hold the file's own codes: the errors file is as sensitive as the register itself.
    this.out = createWriteStream(path, { mode: 0o600 });
    this.out.write('\uFEFF');
  }
  header(cells: string[]): void {
    this.width = cells.length;
    this.out.write(stringify([[...cells.map(neutralise), 'reason']]));
  }
  row(cells: readonly CellValue[], reason: string): void {
    const padded = Array.from({ length: Math.max(this.width, cells.length) }, (_, i) =>
      neutralise(text(cells[i])),
    );
    this.out.write(stringify([[...padded, neutralise(reason)]]));
    this.rows++;
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}
