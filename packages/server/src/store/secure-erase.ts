/**
 * Deleting so that nothing of the old rows stays in the database files (a withdrawn consent's
 * narrative and keys, docs/rights.md). SQLite overwrites the bytes it frees while `work` runs and
 * empties its write-ahead log after; PostgreSQL vacuums the tables after, removing dead row versions.
 */

import { type Kysely, sql } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

export async function eraseLeavingNoTrace<T>(
  s: { db: Kysely<Database>; dialect: DialectName },
  tables: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  if (s.dialect === 'sqlite') {
    await sql`pragma secure_delete = ON`.execute(s.db);
    let result: T;
    try {
      result = await work();
    } finally {
      await sql`pragma secure_delete = OFF`.execute(s.db);
    }
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(s.db);
    return result;
  }
  const result = await work();
  await sql`vacuum ${sql.join(tables.map((t) => sql.table(t)))}`.execute(s.db);
  return result;
}
