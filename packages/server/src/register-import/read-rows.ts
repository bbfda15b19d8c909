/**
 * Streams the rows of a contact register from CSV or XLSX, with the row number a person sees in a
 * spreadsheet (the header is row 1) and the bytes read so far for a progress bar. Memory stays flat
 * whatever the file size.
 */

import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { CellValue } from '@harbour/core';
import { CsvQuoteNotClosed, CsvRecords, CsvRecordTooLong } from './csv-records.js';

export interface SourceRow {
  row: number;
  cells: CellValue[];
}

export class FileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
  get issues() {
    return [{ field: 'file', rule: 'file', message: this.message }];
  }
  readonly status = 400;
}

export type RegisterFormat = 'csv' | 'xlsx';

export function formatOf(name: string, firstBytes?: Buffer): RegisterFormat {
  if (firstBytes && firstBytes.length >= 4 && firstBytes[0] === 0x50 && firstBytes[1] === 0x4b) return 'xlsx';
  return /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
}

/** Says which encoding bytes that are not UTF-8 probably are, instead of importing mojibake. */
function notUtf8(chunk: Buffer, offset: number): FileProblem {
  let highBytes = 0;
  for (const b of chunk) if (b >= 0xc0) highBytes++;
  const hint =
    highBytes > 0 ? ' It looks like a Windows code page (e.g. Windows-1251 for Cyrillic) or Latin-1.' : '';
  return new FileProblem(
    `The file is not UTF-8 text (a byte near position ${offset} cannot be read).${hint} Save it as "CSV UTF-8" and import again.`,
  );
}

/** Counts bytes as they pass, for the progress bar (XLSX; CSV counts as it decodes). */
class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly onBytes?: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    cb(null, chunk);
  }
}

function sniffDelimiter(sample: string): string {
  const firstLine = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

async function* csvRows(input: Readable, onBytes?: (n: number) => void): AsyncGenerator<SourceRow[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let sample = '';
  let records: CsvRecords | null = null;
  let row = 0;
  const tooLong = () =>
    new FileProblem(
      `Row ${row + 1} is longer than 64 KB: this is not a contact register (or a quote is never closed).`,
    );
  /** The rows this text completes (the last text ends the file). */
  const read = (text: string, last: boolean): SourceRow[] => {
    try {
      if (!records) {
        // Enough of the start to see the header line, then the separator it uses.
        sample += text;
        if (sample.length < 4096 && !last) return [];
        if (!sample.trim()) throw new FileProblem('The file is empty.');
        records = new CsvRecords(sniffDelimiter(sample));
        text = sample;
        sample = '';
      }
      const done = records.push(text);
      if (last) done.push(...records.end());
      return done.map((cells) => ({ row: ++row, cells }));
    } catch (e) {
      if (e instanceof CsvRecordTooLong) throw tooLong();
      if (e instanceof CsvQuoteNotClosed)
        throw new FileProblem(
          `The CSV cannot be read after row ${row}: a quoted cell starts but is never closed.`,
        );
      throw e;
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(chunk, bytes);
    }
    bytes += chunk.length;
    onBytes?.(bytes);
    const rows = read(text, false);
    if (rows.length) yield rows;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new FileProblem(
      'The file ends in the middle of a UTF-8 character; save it as "CSV UTF-8" and import again.',
    );
  }
  const rows = read(rest, true);
  if (rows.length) yield rows;
}

function xlsxCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return v as CellValue;
  const o = v as {
    richText?: { text: string }[];
    text?: string;
    result?: unknown;
    formula?: string;
    error?: string;
  };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.formula !== undefined) return o.result === undefined ? `=${o.formula}` : xlsxCell(o.result);
  if (o.text !== undefined) return o.text;
  if (o.error !== undefined) return o.error;
  return String(v);
}

async function* xlsxRows(input: Readable, onBytes?: (n: number) => void): AsyncGenerator<SourceRow[]> {
  const counter = new ByteCounter(onBytes);
  input.pipe(counter);
  // Loaded on first use: exceljs alone is most of a second of the server's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counter, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      let expected = 1;
      for await (const r of sheet) {
        // Rows keep their spreadsheet numbers; blank rows in between are simply skipped.
        const values = (r.values as unknown[]).slice(1).map(xlsxCell);
        if (values.every((v) => v === null || v === '')) continue;
        expected = r.number;
        yield [{ row: expected, cells: values }];
      }
      return; // The first sheet is the register.
    }
  } catch (e) {
    throw new FileProblem(
      `The XLSX file cannot be read: ${(e as Error).message}. Open it in a spreadsheet and save it again as .xlsx (or as CSV UTF-8).`,
    );
  }
}

export interface RowSource {
  format: RegisterFormat;
  /** Total bytes, when known, for a progress bar. */
  size: number | null;
  /** The rows, header first, a chunk at a time (a chunk is never empty). */
  rows(onBytes?: (n: number) => void): AsyncGenerator<SourceRow[]>;
}

export function fileSource(path: string): RowSource {
  let size: number;
  const head = Buffer.alloc(4);
  try {
    size = statSync(path).size;
    const f = openSync(path, 'r');
    readSync(f, head, 0, 4, 0);
    closeSync(f);
  } catch {
    throw new FileProblem(`Cannot read the file ${path}`);
  }
  const format = formatOf(path, head);
  return {
    format,
    size,
    rows: (onBytes) =>
      format === 'xlsx'
        ? xlsxRows(createReadStream(path), onBytes)
        : csvRows(createReadStream(path, { highWaterMark: 256 * 1024 }), onBytes),
  };
}

export function bufferSource(name: string, data: Buffer): RowSource {
  const format = formatOf(name, data.subarray(0, 4));
  return {
    format,
    size: data.length,
    rows: (onBytes) =>
      format === 'xlsx' ? xlsxRows(Readable.from([data]), onBytes) : csvRows(Readable.from([data]), onBytes),
  };
}

/** Rows already in memory or generated on the fly (the demo and the benchmark), header first. */
export function recordSource(
  header: readonly string[],
  records: Iterable<Record<string, string>>,
): RowSource {
  return {
    format: 'csv',
    size: null,
    async *rows() {
      let chunk: SourceRow[] = [{ row: 1, cells: [...header] }];
      let row = 1;
      for (const rec of records) {
        chunk.push({ row: ++row, cells: header.map((h) => rec[h] ?? '') });
        if (chunk.length === 1000) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
  };
}
