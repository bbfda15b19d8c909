import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test-support/dialects.js';
import { openStore, type Store } from './database.js';
import type { Database } from './schema.js';

const orOf = async (db: Kysely<Database>, values: string) =>
  (
    await sql<{ g: number; v: number | null }>`
      with t (g, x) as (values ${sql.raw(values)}) select g, bit_or(x) as v from t group by g order by g`.execute(
      db,
    )
  ).rows.map((r) => [Number(r.g), r.v === null ? null : Number(r.v)]);

describe.each(DIALECTS)('bit_or, as PostgreSQL has it (%s)', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    store = openStore(testDb.url);
  });
  afterAll(async () => {
    await store.close();
    await testDb.drop();
  });

  // Group 1: flags OR-ed (5 | 4 | 1024 | 5); group 2: nulls are skipped; group 3: only nulls give null.
  const values = '(1, 5), (1, 4), (1, 1024), (1, 5), (2, 2), (2, null), (3, null)';
  const expected = [
    [1, 1029],
    [2, 2],
    [3, null],
  ];

  it('on the writing connection', async () => {
    const typed = dialect === 'postgres' ? values.replace('(3, null)', '(3, null::int)') : values;
    expect(await orOf(store.db, typed)).toEqual(expected);
  });

  it('on the report readers (worker threads on a SQLite file)', async () => {
    const typed = dialect === 'postgres' ? values.replace('(3, null)', '(3, null::int)') : values;
    expect(await orOf(store.reportDb, typed)).toEqual(expected);
  });
});
