import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { balance, vacuumAnalyze } from './vacuum.js';

describe('balance', () => {
  it('puts the largest table alone when it outweighs the rest, and otherwise evens the two lists out', () => {
    const names = (lists: { name: string }[][]) => lists.map((l) => l.map((t) => t.name));
    expect(
      names(
        balance([
          { name: 'a', size: 1 },
          { name: 'contacts', size: 50 },
          { name: 'b', size: 20 },
          { name: 'c', size: 10 },
        ]),
      ),
    ).toEqual([['contacts'], ['b', 'c', 'a']]);
    expect(
      names(
        balance([
          { name: 'a', size: 5 },
          { name: 'b', size: 4 },
          { name: 'c', size: 3 },
          { name: 'd', size: 2 },
        ]),
      ),
    ).toEqual([
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
