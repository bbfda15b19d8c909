import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test-support/dialects.js';
import { openStore } from './database.js';
import { checkMigrations, type Migration, MigrationError, migrate } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

const extra = (name: string, column: string): Migration => ({
  name,
  statements: (db) => [db.schema.createTable(`t_${column}`).addColumn(column, 'text')],
});

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let tdb: TestDatabase;
    afterEach(async () => tdb?.drop());

    it('applies every migration once and records a checksum', async () => {
      tdb = await createTestDatabase(dialect);
      const store = openStore(tdb.url);
      try {
        const first = await migrate(store.db, dialect, MIGRATIONS);
        expect(first.applied).toEqual(MIGRATIONS.map((m) => m.name));
        const again = await migrate(store.db, dialect, MIGRATIONS);
        expect(again.applied).toEqual([]);
        const rows = await store.db.selectFrom('harbour_migrations').selectAll().execute();
        for (const r of rows) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
        // The foundation tables exist and are empty.
        const n = await sql<{ n: number }>`select count(*) as n from org_units`.execute(store.db);
        expect(Number(n.rows[0]!.n)).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('refuses a database whose past migration was edited, and one made by a newer Harbour', async () => {
      tdb = await createTestDatabase(dialect);
      const store = openStore(tdb.url);
      try {
        await migrate(store.db, dialect, [...MIGRATIONS, extra('9000-extra', 'a')]);
        await expect(
          checkMigrations(store.db, dialect, [...MIGRATIONS, extra('9000-extra', 'b')]),
        ).rejects.toThrow(/was changed after it was applied/);
        await expect(checkMigrations(store.db, dialect, MIGRATIONS)).rejects.toThrow(MigrationError);
        await expect(checkMigrations(store.db, dialect, MIGRATIONS)).rejects.toThrow(/newer Harbour/);
      } finally {
        await store.close();
      }
    });

    it('refuses a new migration that sorts before an applied one', async () => {
      tdb = await createTestDatabase(dialect);
      const store = openStore(tdb.url);
      try {
        await migrate(store.db, dialect, [...MIGRATIONS, extra('9000-extra', 'a')]);
        await expect(
          migrate(store.db, dialect, [...MIGRATIONS, extra('8999-early', 'x'), extra('9000-extra', 'a')]),
        ).rejects.toThrow(/must come after/);
      } finally {
        await store.close();
      }
    });
  });
}
