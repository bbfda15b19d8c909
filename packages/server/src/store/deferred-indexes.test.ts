import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openHarbour } from '../context.js';
import { createDemo } from '../demo/demo.js';
import { systemActor } from '../identity/actor.js';
import { buildReport } from '../reports/report-service.js';
import { createTestHarbour, DIALECTS, disposedAfterEach } from '../test-support/dialects.js';
import type { Store } from './database.js';
import { buildDeferredIndexes, DEFERRED_INDEXES, deferIndexes } from './deferred-indexes.js';

/** Every index on Harbour's tables with the statement that makes it (unique constraints' own included). */
async function indexes(store: Store): Promise<Map<string, string>> {
  const rows =
    store.dialect === 'sqlite'
      ? await sql<{ name: string; definition: string | null }>`select name, sql as definition
          from sqlite_master where type = 'index'`.execute(store.db)
      : await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
          from pg_indexes where schemaname = current_schema()`.execute(store.db);
  return new Map(rows.rows.map((r) => [r.name, r.definition ?? '(automatic)']));
}

const deferred = (all: Map<string, string>) => DEFERRED_INDEXES.filter((n) => all.has(n));

for (const dialect of DIALECTS) {
  describe(`indexes a bulk load builds at its end, on ${dialect}`, () => {
    const made = disposedAfterEach();

    it('names only indexes the migrations make, none of them unique', async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      const all = await indexes(h.store);
      expect(deferred(all)).toEqual([...DEFERRED_INDEXES]);
      for (const name of DEFERRED_INDEXES) expect(all.get(name), name).not.toMatch(/unique/i);
    });

    it('drops them from a database without contacts and builds the same again', async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      const before = await indexes(h.store);
      expect(await deferIndexes(h.store)).toBe(DEFERRED_INDEXES.length);
      const during = await indexes(h.store);
      expect(deferred(during)).toEqual([]);
      // Nothing else was touched.
      expect(during.size).toBe(before.size - DEFERRED_INDEXES.length);
      expect(await h.db.selectFrom('deferred_indexes').select('name').execute()).toHaveLength(
        DEFERRED_INDEXES.length,
      );

      let told = 0;
      const settings = () =>
        ['cache_size', 'threads', 'temp_store'].map((p) => h.store.sqlite?.pragma(p, { simple: true }));
      const usual = settings();
      expect(await buildDeferredIndexes(h.store, () => told++)).toBe(DEFERRED_INDEXES.length);
      // The sort's own settings (a helper thread, a small buffer, temporary files) end with it.
      expect(settings()).toEqual(usual);
      expect(told).toBe(1);
      expect(await indexes(h.store)).toEqual(before);
      expect(await h.db.selectFrom('deferred_indexes').select('name').execute()).toEqual([]);
      // With nothing left to build, nothing is said.
      expect(await buildDeferredIndexes(h.store, () => told++)).toBe(0);
      expect(told).toBe(1);
    });

    it('answers reports while they are missing, with the figures it gives once they are built', async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      h.setNow('2026-11-23T12:00:00Z');
      expect(await deferIndexes(h.store)).toBe(DEFERRED_INDEXES.length);
      // Contacts written while the indexes are missing, as during a bulk load; then a report.
      await createDemo(h, { clients: 60, contacts: 600 });
      const root = await h.db
        .selectFrom('org_units')
        .select('code')
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      const ask = async () =>
        (
          await buildReport(h, systemActor(), {
            period: '2026Q3',
            orgUnit: root.code,
            disaggregate: 'sex,kp',
          })
        ).report.values;
      const during = await ask();
      expect(during.some((v) => v.indicator === 'reached' && Number(v.value) > 0)).toBe(true);
      expect(await buildDeferredIndexes(h.store)).toBe(DEFERRED_INDEXES.length);
      expect(await ask()).toEqual(during);
    });

    it('keeps every index once the database holds contacts', async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      await createDemo(h, { clients: 20 });
      const before = await indexes(h.store);
      expect(await deferIndexes(h.store)).toBe(0);
      expect(await indexes(h.store)).toEqual(before);
    });

    it('builds what a load that never ended left, when the database is next opened for work', async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      const before = await indexes(h.store);
      await deferIndexes(h.store);
      // The import stops here: its process ends without building them.
      await h.store.close();
      const again = await openHarbour(
        loadConfig({}, { databaseUrl: h.testDb.url, dataDir: h.testDb.dataDir }),
      );
      try {
        expect(deferred(await indexes(again.store))).toEqual([]);
        expect(await buildDeferredIndexes(again.store)).toBe(DEFERRED_INDEXES.length);
        expect(await indexes(again.store)).toEqual(before);
      } finally {
        await again.close();
      }
      // The test harness closes its own store again on disposal: give it an open one.
      Object.assign(h, { close: async () => {} });
    });
  });
}
