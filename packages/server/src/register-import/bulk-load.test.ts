import { describe, expect, it } from 'vitest';
import { writeStockTally } from '../contacts/projections/stock.js';
import { StockTally } from '../contacts/projections/stock-tally.js';
import { createDemo } from '../demo/demo.js';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { systemActor } from '../identity/actor.js';
import { buildDeferredIndexes, DEFERRED_INDEXES } from '../store/deferred-indexes.js';
import { Writes } from '../store/sql-helpers.js';
import {
  createTestHarbour,
  DIALECTS,
  disposedAfterEach,
  type TestHarbour,
} from '../test-support/dialects.js';
import { beginBulkLoad, endBulkLoad, STOCK_NOTE } from './bulk-load.js';
import { importRegister } from './importer.js';
import { bufferSource } from './read-rows.js';

const register = (() => {
  const lines = [REGISTER_HEADER.join(',')];
  for (const r of generateRegister({
    seed: 11,
    clients: 60,
    contacts: 900,
    sites: ['KYIV-DIC', 'KYIV-OST', 'ODESA-PORT'],
    start: '2025-01-01',
    months: 14,
  }))
    lines.push(registerCsvLine(r));
  return Buffer.from(`${lines.join('\n')}\n`);
})();

/** Every row of stock handed out, zeros included, by site code (ids differ between installations). */
async function stock(h: TestHarbour) {
  return h.db
    .selectFrom('stock_distributed as s')
    .innerJoin('org_units as site', 'site.id', 's.site_id')
    .innerJoin('org_units as org', 'org.id', 's.org_id')
    .select(['site.code as site', 's.commodity', 's.day', 'org.code as org', 's.quantity'])
    .orderBy(['site.code', 's.commodity', 's.day'])
    .execute();
}

const notes = async (h: TestHarbour) =>
  (await h.db.selectFrom('deferred_indexes').select('name').execute()).map((r) => r.name).sort();

for (const dialect of DIALECTS) {
  describe(`a register bulk-loaded into a new installation, on ${dialect}`, () => {
    const made = disposedAfterEach();
    const installation = async () => {
      const h = await createTestHarbour(dialect);
      made.push(h);
      h.setNow('2026-03-10T12:00:00Z');
      await createDemo(h, { clients: 0 });
      return h;
    };
    const load = (h: TestHarbour, stockTally?: StockTally) =>
      importRegister(h, systemActor('import'), bufferSource('r.csv', register), {
        stockTally,
        batchSize: 200,
      });

    /** Stock handed out as an import into a live programme writes it: contact by contact. */
    const rowByRow = async () => {
      const h = await installation();
      const summary = await load(h);
      expect(summary.rejected).toBe(0);
      const rows = await stock(h);
      expect(rows.length).toBeGreaterThan(100);
      return rows;
    };

    it('writes stock handed out once at its end, as contact by contact would', async () => {
      const expected = await rowByRow();
      const h = await installation();
      const tally = await beginBulkLoad(h.store);
      expect(tally).toBeInstanceOf(StockTally);
      expect(await notes(h)).toEqual([...DEFERRED_INDEXES, STOCK_NOTE].sort());
      await load(h, tally);
      // Until the end, nothing is in the table.
      expect(await stock(h)).toEqual([]);
      await endBulkLoad(h.store, tally, () => {});
      expect(await stock(h)).toEqual(expected);
      expect(await notes(h)).toEqual([]);
      // The database now holds contacts: the next import is no bulk load.
      expect(await beginBulkLoad(h.store)).toBeUndefined();
      expect(await notes(h)).toEqual([]);
    });

    it('writes the tally midway when it outgrows its cells, with the same result', async () => {
      const expected = await rowByRow();
      const h = await installation();
      await beginBulkLoad(h.store);
      // Room for a few weeks of one site: written out many times over.
      const small = new StockTally(500);
      await load(h, small);
      expect((await stock(h)).length).toBeGreaterThan(0);
      await endBulkLoad(h.store, small, () => {});
      expect(await stock(h)).toEqual(expected);
    });

    it('counts nothing twice when a server started meanwhile recomputed the stock', async () => {
      const expected = await rowByRow();
      const h = await installation();
      const tally = await beginBulkLoad(h.store);
      await load(h, tally);
      // What `harbour serve` does when it starts and finds the notes: indexes built, stock recomputed.
      await buildDeferredIndexes(h.store, () => {});
      expect(await stock(h)).toEqual(expected);
      await endBulkLoad(h.store, tally, () => {});
      expect(await stock(h)).toEqual(expected);
      expect(await notes(h)).toEqual([]);
    });

    it('recomputes stock handed out from the contacts when the import did not finish', async () => {
      const expected = await rowByRow();
      const h = await installation();
      const tally = await beginBulkLoad(h.store);
      await load(h, tally);
      // Some of it written midway (a tally that outgrew its cells), and a row a void left below zero.
      const first = expected[0]!;
      const site = await h.db
        .selectFrom('org_units')
        .select(['id', 'org_id'])
        .where('code', '=', first.site)
        .executeTakeFirstOrThrow();
      const at = { siteId: site.id, orgId: site.org_id! };
      await h.db.transaction().execute(async (trx) => {
        const part = new StockTally();
        part.add([{ ...at, date: first.day, items: [{ code: first.commodity, qty: 3 }] }]);
        await writeStockTally(new Writes(trx, h.store.dialect), part);
      });
      await h.db
        .insertInto('stock_distributed')
        .values({
          site_id: at.siteId,
          org_id: at.orgId,
          commodity: 'naloxone',
          day: '2024-12-31',
          quantity: -4,
        })
        .execute();
      // As after a crash: no tally is given, only the note is left.
      await endBulkLoad(h.store, undefined, () => {});
      const recomputed = await stock(h);
      expect(recomputed.filter((r) => r.day !== '2024-12-31')).toEqual(expected);
      expect(recomputed.filter((r) => r.day === '2024-12-31')).toEqual([
        { site: first.site, commodity: 'naloxone', day: '2024-12-31', org: first.org, quantity: 0 },
      ]);
      expect(await notes(h)).toEqual([]);
    });
  });
}
