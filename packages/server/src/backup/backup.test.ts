import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openHarbour } from '../context.js';
import { createDemo } from '../demo/demo.js';
import { DEMO_USERS } from '../demo/demo-tree.js';
import { openStore } from '../store/database.js';
import {
  createTestDatabase,
  createTestHarbour,
  DIALECTS,
  disposedAfterEach,
} from '../test-support/dialects.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { BACKUP_TABLES, DERIVED_TABLES, STORE_TABLES } from './tables.js';

const PASS = 'correct horse battery staple';

async function dump(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of BACKUP_TABLES) {
    let q = db.selectFrom(t.name).selectAll();
    for (const k of t.key) q = q.orderBy(k);
    out[t.name] = await q.execute();
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`backup and restore on ${dialect}`, () => {
    const cleanup = disposedAfterEach();

    it('round-trips every row of every table, and the keys, into each dialect', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const file = join(h.testDb.dataDir, 'harbour.backup');
      const summary = await backupDatabase(h.store, h.keys, file, PASS);
      expect(summary.tables.users).toBe(DEMO_USERS.length);
      const original = await dump(h.db);
      const raw = readFileSync(file);
      expect(raw.includes(Buffer.from('harbour-demo'))).toBe(false);
      expect(raw.includes(Buffer.from('Kyiv drop-in centre'))).toBe(false);

      for (const target of DIALECTS) {
        const tdb = await createTestDatabase(target);
        cleanup.push(tdb);
        const r = await restoreDatabase(tdb.url, file, PASS);
        expect(r.keys?.master.equals(h.keys.master)).toBe(true);
        expect(r.keys?.uic.equals(h.keys.uic)).toBe(true);
        const store = openStore(tdb.url);
        try {
          expect(await dump(store.db as Kysely<any>)).toEqual(original);
        } finally {
          await store.close();
        }
      }
    });

    it('is a consistent snapshot while another connection keeps writing', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const writer = await openHarbour(h.config);
      const file = join(h.testDb.dataDir, 'live.backup');
      let written = 0;
      try {
        // Small pages and writes between tables: a backup that was not one snapshot would carry an
        // audit head older than the audit rows after it, and the restored chain would not verify.
        await backupDatabase(h.store, h.keys, file, PASS, {
          pageSize: 3,
          onTable: async () => {
            await writer.db.transaction().execute((trx) =>
              writer.audit.append(trx, {
                actorId: null,
                actor: 'writer',
                action: 'test.write',
                entityType: 'test',
              }),
            );
            written++;
          },
        });
      } finally {
        await writer.close();
      }
      expect(written).toBe(BACKUP_TABLES.length);
      const tdb = await createTestDatabase(dialect);
      cleanup.push(tdb);
      await restoreDatabase(tdb.url, file, PASS);
      const restored = await openHarbour({ ...h.config, databaseUrl: tdb.url });
      try {
        expect(await restored.audit.verify(restored.db)).toMatchObject({ ok: true });
        const writes = await restored.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'test.write')
          .execute();
        expect(writes).toHaveLength(0);
      } finally {
        await restored.close();
      }
    });

    it('refuses a wrong passphrase, a damaged or cut file, and a non-empty target', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const file = join(h.testDb.dataDir, 'b.backup');
      await backupDatabase(h.store, h.keys, file, PASS);

      const tdb = await createTestDatabase(dialect);
      cleanup.push(tdb);
      await expect(restoreDatabase(tdb.url, file, 'wrong passphrase here')).rejects.toThrow(
        /passphrase is wrong/,
      );
      const bytes = readFileSync(file);
      const damaged = Buffer.from(bytes);
      damaged[damaged.length - 40]! ^= 0xff;
      writeFileSync(`${file}.damaged`, damaged);
      await expect(restoreDatabase(tdb.url, `${file}.damaged`, PASS, { replace: true })).rejects.toThrow(
        /damaged|passphrase/,
      );
      writeFileSync(`${file}.cut`, bytes.subarray(0, bytes.length - 100));
      await expect(restoreDatabase(tdb.url, `${file}.cut`, PASS, { replace: true })).rejects.toThrow(
        /incomplete|damaged/,
      );
      await restoreDatabase(tdb.url, file, PASS, { replace: true });
      await expect(restoreDatabase(tdb.url, file, PASS)).rejects.toThrow(/already holds/);
      await restoreDatabase(tdb.url, file, PASS, { replace: true });
    });

    it('leaves the previous backup whole when a new one over it stops midway', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const file = join(h.testDb.dataDir, 'harbour.backup');
      await backupDatabase(h.store, h.keys, file, PASS);
      const previous = readFileSync(file);
      // Stopped after its first tables, as a kill or a full disk would stop it.
      await expect(
        backupDatabase(h.store, h.keys, file, PASS, {
          onTable: (table) => {
            if (table === 'sessions') throw new Error('stopped');
          },
        }),
      ).rejects.toThrow('stopped');
      expect(readFileSync(file).equals(previous)).toBe(true);
      expect(readdirSync(h.testDb.dataDir).filter((f) => f.includes('.partial'))).toEqual([]);
      const tdb = await createTestDatabase(dialect);
      cleanup.push(tdb);
      expect((await restoreDatabase(tdb.url, file, PASS)).tables.users).toBe(DEMO_USERS.length);
    });

    it('restores into PostgreSQL a database that holds a NUL an older Harbour accepted', async () => {
      const h = await createTestHarbour('sqlite');
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      await h.db
        .updateTable('org_units')
        .set({ name: 'Kyiv\u0000DIC' })
        .where('code', '=', 'KYIV-DIC')
        .execute();
      const file = join(h.testDb.dataDir, 'harbour.backup');
      await backupDatabase(h.store, h.keys, file, PASS);
      const tdb = await createTestDatabase(dialect);
      cleanup.push(tdb);
      const r = await restoreDatabase(tdb.url, file, PASS);
      expect(r.nulReplaced).toBe(dialect === 'postgres' ? 1 : 0);
      const store = openStore(tdb.url);
      try {
        const row = await (store.db as Kysely<any>)
          .selectFrom('org_units')
          .select('name')
          .where('code', '=', 'KYIV-DIC')
          .executeTakeFirstOrThrow();
        expect(row.name).toBe(dialect === 'postgres' ? 'Kyiv\uFFFDDIC' : 'Kyiv\u0000DIC');
      } finally {
        await store.close();
      }
    });

    it('carries every table the migrations create', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      const tables = (await h.db.introspection.getTables())
        .map((t) => t.name)
        .filter((n) => !STORE_TABLES.includes(n) && !DERIVED_TABLES.includes(n));
      expect(tables.sort()).toEqual(BACKUP_TABLES.map((t) => t.name).sort());
    });
  });
}
