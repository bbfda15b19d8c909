import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UicHasher } from '../crypto/uic-hasher.js';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { type ParseOptions, parsedRegister, type RegisterEvent } from './parse-rows.js';
import { bufferSource, FileProblem, fileSource, type RowSource } from './read-rows.js';
import { registerEvents } from './worker-rows.js';

const key = Buffer.alloc(32, 7);
const uic = { hasher: new UicHasher(key), key };
const options: ParseOptions = { today: '2026-06-30', keepCells: false, perEvent: 100, batchSize: 200 };

const line = (cells: Record<string, string>) => REGISTER_HEADER.map((h) => cells[h] ?? '').join(',');
const bad = { contact_date: '2025-03-01', site: 'KYIV-DIC', uic: 'ABC1234', sex: 'male', syringes_out: '5' };

function register(): string {
  const lines = [REGISTER_HEADER.join(',')];
  for (const r of generateRegister({
    seed: 3,
    clients: 40,
    contacts: 1000,
    sites: ['KYIV-DIC', 'ODESA-PORT'],
    start: '2025-01-01',
    months: 12,
  }))
    lines.push(registerCsvLine(r));
  // Two bad rows among the good ones: an impossible date and a quantity below zero.
  lines.splice(299, 0, line({ ...bad, contact_date: '2025-02-30' }));
  lines.splice(699, 0, line({ ...bad, syringes_out: '-5' }));
  return `${lines.join('\n')}\n`;
}

async function collect(events: AsyncGenerator<RegisterEvent>): Promise<RegisterEvent[]> {
  const all: RegisterEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

/** What the importer sees of the events (bytes read depend on how the file was chunked). */
const seen = (events: RegisterEvent[]) => events.map((e) => (e.kind === 'rows' ? e.items : e));

describe('reading a register in a worker thread', () => {
  it('gives the same rows, rejections, hashes and identities as reading inline, from a file and an upload', async () => {
    const text = register();
    const dir = mkdtempSync(join(tmpdir(), 'harbour-rows-'));
    writeFileSync(join(dir, 'r.csv'), text);
    const inline = await collect(
      parsedRegister(bufferSource('r.csv', Buffer.from(text)), uic.hasher, options),
    );
    const fromFile = await collect(registerEvents(fileSource(join(dir, 'r.csv')), uic, options));
    const fromUpload = await collect(registerEvents(bufferSource('r.csv', Buffer.from(text)), uic, options));
    expect(seen(fromFile)).toEqual(seen(inline));
    expect(seen(fromUpload)).toEqual(seen(inline));

    const items = inline.flatMap((e) => (e.kind === 'rows' ? e.items : []));
    expect(items).toHaveLength(text.trim().split('\n').length - 1);
    const rejected = items.filter((i) => !i.ok);
    expect(rejected.map((i) => (i.ok ? null : [i.source.row, i.issues[0]!.column]))).toEqual([
      [300, 'contact_date'],
      [700, 'syringes_out'],
    ]);
    // Rejected rows keep their cells (for an errors CSV); good rows only when asked to.
    expect(rejected[0]!.source.cells.length).toBeGreaterThan(0);
    const good = items.find((i) => i.ok)!;
    expect(good.source.cells).toEqual([]);
    if (!good.ok) throw new Error('unreachable');
    expect(good.uicHash).toBe(uic.hasher.hash(good.row.uic));
    expect(good.externalId).toMatch(/^(id:|fp:)/);
    // Bytes read grow to the file's size.
    const last = fromFile.at(-1)!;
    expect(last.kind === 'rows' && last.bytes).toBe(Buffer.byteLength(text));
  });

  it('keeps every row’s cells when asked to', async () => {
    const text = register();
    const events = await collect(
      registerEvents(bufferSource('r.csv', Buffer.from(text)), uic, { ...options, keepCells: true }),
    );
    const items = events.flatMap((e) => (e.kind === 'rows' ? e.items : []));
    expect(items.every((i) => i.source.cells.length > 0)).toBe(true);
  });

  it('reports a file problem found in the worker as a file problem, with its message', async () => {
    const cp1251 = Buffer.concat([
      Buffer.from(`${REGISTER_HEADER.join(',')}\n,2025-01-01,KYIV-DIC,`),
      Buffer.from([0xc0, 0xc1, 0xc2]),
      Buffer.from(',male\n'),
    ]);
    const failure = collect(registerEvents(bufferSource('r.csv', cp1251), uic, options));
    await expect(failure).rejects.toBeInstanceOf(FileProblem);
    await expect(collect(registerEvents(bufferSource('r.csv', cp1251), uic, options))).rejects.toThrow(
      /not UTF-8.*Windows-1251/,
    );
  });

  it('stops the worker when the reader stops early', async () => {
    const text = register();
    const events = registerEvents(bufferSource('r.csv', Buffer.from(text)), uic, options);
    const first = await events.next();
    expect(first.value).toMatchObject({ kind: 'header' });
    // Returns once the worker has been terminated (it would otherwise keep the test process alive).
    await expect(events.return(undefined)).resolves.toMatchObject({ done: true });
  });

  it('parses rows made in memory inline (no file for a worker to open)', async () => {
    const source: RowSource = {
      format: 'csv',
      size: null,
      async *rows() {
        yield { row: 1, cells: ['contact_date', 'site', 'uic'] };
        yield { row: 2, cells: ['2026-01-05', 'KYIV-DIC', 'ABC1201'] };
      },
    };
    const events = await collect(registerEvents(source, uic, options));
    expect(events.map((e) => e.kind)).toEqual(['header', 'rows']);
  });
});
