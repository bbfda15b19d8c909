/** Forward-only migrations whose compiled SQL is checksummed, so an edited past migration is caught at start. */

import { createHash } from 'node:crypto';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { DialectName } from './database.js';

export interface Compilable {
  compile(): CompiledQuery;
}

/**
 * A migration is data: the statements it would run for a dialect. Because the statements are
 * compiled before they run, the checksum covers the exact SQL, not the TypeScript around it.
 */
export interface Migration {
  name: string;
  statements(db: Kysely<any>, dialect: DialectName): Compilable[];
}

export function compileMigration(m: Migration, db: Kysely<any>, dialect: DialectName): CompiledQuery[] {
  return m.statements(db, dialect).map((s) => s.compile());
}

export function checksumOf(queries: readonly CompiledQuery[]): string {
  const h = createHash('sha256');
  for (const q of queries) {
    h.update(q.sql);
    h.update('\u0000');
    h.update(JSON.stringify(q.parameters));
    h.update('\u0001');
  }
  return h.digest('hex');
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

async function ensureTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('harbour_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
}

/** Refuses a database whose recorded migrations differ from the code's (changed, reordered, or from a newer Harbour). */
export async function checkMigrations(
  db: Kysely<any>,
  dialect: DialectName,
  migrations: readonly Migration[],
): Promise<{ pending: Migration[] }> {
  await ensureTable(db);
  const recorded = await db
    .selectFrom('harbour_migrations')
    .select(['name', 'checksum'])
    .orderBy('name')
    .execute();
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const r of recorded) {
    const m = known.get(r.name);
    if (!m) {
      throw new MigrationError(
        `The database has migration "${r.name}", which this version of Harbour does not know. It was made by a newer Harbour: upgrade Harbour, or restore a backup made by this version.`,
      );
    }
    const sum = checksumOf(compileMigration(m, db, dialect));
    if (sum !== r.checksum) {
      throw new MigrationError(
        `Migration "${r.name}" was changed after it was applied (checksum ${r.checksum.slice(0, 12)} in the database, ${sum.slice(0, 12)} in the code). Past migrations are never edited: restore the original migration and add a new one.`,
      );
    }
  }
  const done = new Set(recorded.map((r) => r.name));
  const pending = migrations.filter((m) => !done.has(m.name));
  const lastDone = recorded.at(-1)?.name;
  if (lastDone && pending.some((p) => p.name < lastDone)) {
    throw new MigrationError(
      `Migration "${pending.find((p) => p.name < lastDone)!.name}" sorts before the already applied "${lastDone}": new migrations must come after all applied ones.`,
    );
  }
  return { pending };
}

/** Applies pending migrations, each in its own transaction with its record. */
export async function migrate(
  db: Kysely<any>,
  dialect: DialectName,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
): Promise<MigrationReport> {
  const { pending } = await checkMigrations(db, dialect, migrations);
  const applied: string[] = [];
  for (const m of pending) {
    const queries = compileMigration(m, db, dialect);
    await db.transaction().execute(async (trx) => {
      for (const q of queries) await trx.executeQuery(q);
      await trx
        .insertInto('harbour_migrations')
        .values({ name: m.name, checksum: checksumOf(queries), applied_at: now().toISOString() })
        .execute();
    });
    applied.push(m.name);
  }
  return { applied, alreadyApplied: migrations.length - pending.length };
}

/** `sql` re-exported so migrations import from one place. */
export { sql };
