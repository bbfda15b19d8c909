import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { balance, vacuumAnalyze } from './vacuum.js';

describe('balance', () => {
  it('puts the largest table alone when it outweighs the rest, and otherwise evens the two lists out', () => {
    // Tables given as { name: size }; the lists come back as names.
    const split = (sizes: Record<string, number>) =>
      balance(Object.entries(sizes).map(([name, size]) => ({ name, size }))).map((l) => l.map((t) => t.name));
    expect(split({ a: 1, contacts: 50, b: 20, c: 10 })).toEqual([['contacts'], ['b', 'c', 'a']]);
    expect(split({ a: 5, b: 4, c: 3, d: 2 })).toEqual([
      ['a', 'd'],
      ['b', 'c'],
    ]);
    expect(balance([])).toEqual([[], []]);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('vacuumAnalyze (PostgreSQL)', () => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour('postgres');
    await createDemo(h, { clients: 50, contacts: 300 });
  });
  afterAll(() => h.dispose());

  it("vacuums and analyses every one of the application's tables", async () => {
    await vacuumAnalyze(h.db);
    const { rows } = await sql<{ relname: string; vacuumed: boolean; analysed: boolean }>`
      select relname, last_vacuum is not null as vacuumed, last_analyze is not null as analysed
      from pg_stat_user_tables where schemaname = current_schema()`.execute(h.db);
    expect(rows.map((r) => r.relname)).toEqual(
      expect.arrayContaining(['contacts', 'clients', 'client_month']),
    );
    expect(rows.filter((r) => !r.vacuumed || !r.analysed)).toEqual([]);
  });
});
