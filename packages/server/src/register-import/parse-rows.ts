/**
 * The part of a register import that needs no database: reading rows, checking each against the
 * format (docs/formats.md §1), and the keyed hashes of its client code and content. It runs in a
 * worker thread for files (see worker-rows.ts), so the main thread only writes, and inline for rows
 * generated in memory. Both give the same events.
 */

import {
  canonicalItems,
  formatUic,
  parseRegisterRow,
  type RegisterHeader,
  type RegisterIssue,
  type RegisterRow,
  readRegisterHeader,
} from '@harbour/core';
import type { UicHasher } from '../crypto/uic-hasher.js';
import type { RowSource, SourceRow } from './read-rows.js';

export type ParsedItem =
  | {
      ok: true;
      /** Cells only when the caller keeps rejected rows (an errors CSV); empty otherwise. */
      source: SourceRow;
      row: RegisterRow;
      /** Keyed hash of the client code (never the code itself at rest). */
      uicHash: string;
      /** The row's identity for "import again adds nothing": its contact_id, else a keyed fingerprint. */
      externalId: string;
    }
  | { ok: false; source: SourceRow; issues: RegisterIssue[] };

export type RegisterEvent =
  | { kind: 'header'; row: number; cells: string[] }
  | { kind: 'rows'; items: ParsedItem[]; bytes: number };

export interface ParseOptions {
  today: string;
  /** Keep every row's cells (for an errors CSV); rejected rows always keep theirs. */
  keepCells: boolean;
  /** Rows per event. */
  perEvent: number;
  /** Rows the importer writes at a time. */
  batchSize: number;
}

/** A keyed fingerprint of a row's normalised content, for rows without a contact_id. */
export function fingerprint(uic: UicHasher, r: RegisterRow): string {
  const canonical = JSON.stringify([
    r.date,
    r.siteCode,
    formatUic(r.uic),
    r.sex,
    r.birthYear,
    r.kp,
    r.worker,
    canonicalItems(r.items),
  ]);
  return `fp:${uic.fingerprint(canonical)}`;
}

export function parseItem(
  src: SourceRow,
  header: RegisterHeader,
  uic: UicHasher,
  o: Pick<ParseOptions, 'today' | 'keepCells'>,
): ParsedItem {
  const parsed = parseRegisterRow(src.cells, header, src.row, o.today);
  if (!parsed.ok) return { ok: false, source: src, issues: parsed.issues };
  const row = parsed.row;
  return {
    ok: true,
    source: o.keepCells ? src : { row: src.row, cells: [] },
    row,
    uicHash: uic.hash(row.uic),
    externalId: row.contactId ? `id:${row.contactId}` : fingerprint(uic, row),
  };
}

/**
 * The header row, then the other rows parsed, `perEvent` at a time with the bytes read so far. Stops
 * after the header when it is not a register header (the importer reports why).
 */
export async function* parsedRegister(
  source: RowSource,
  uic: UicHasher,
  o: ParseOptions,
): AsyncGenerator<RegisterEvent> {
  let bytes = 0;
  const rows = source.rows((n) => {
    bytes = n;
  });
  const first = await rows.next();
  if (first.done) return;
  const cells = first.value.cells.map((c) => String(c ?? ''));
  yield { kind: 'header', row: first.value.row, cells };
  const { header, problem } = readRegisterHeader(cells);
  if (problem) return;
  let items: ParsedItem[] = [];
  for await (const src of rows) {
    items.push(parseItem(src, header, uic, o));
    if (items.length >= o.perEvent) {
      yield { kind: 'rows', items, bytes };
      items = [];
    }
  }
  yield { kind: 'rows', items, bytes };
}
