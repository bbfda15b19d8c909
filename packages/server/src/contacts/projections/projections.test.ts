/**
 * Each projection's incremental changes (`add` inside every write, `remove` when a contact leaves)
 * reach exactly what its `rebuild` recomputes from the active contacts — table by table, for random
 * programmes with corrections, voids, merges, unmerges and referral follow-ups, on both databases.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../identity/actor.js';
import type { Database } from '../../store/schema.js';
import { Writes } from '../../store/sql-helpers.js';
import { DIALECTS, type TestHarbour } from '../../test-support/dialects.js';
import {
  harbourForProgrammes,
  type PlayState,
  playProgramme,
  randomProgramme,
} from '../../test-support/random-programme.js';
import { PROJECTIONS } from '../contact-writer.js';
import { writerContext } from '../contacts.js';
import type { Projection } from './projection.js';

/** Generated ids a rebuild draws afresh; everything else must be equal. */
const FRESH_IDS: Record<string, string> = { client_events: 'id', ost_episodes: 'id', referrals: 'id' };

/** A projection's tables, as sorted rows (only the date columns of `clients`, which it keeps). */
async function snapshot(h: TestHarbour, p: Projection): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of p.tables) {
    const rows =
      table === 'clients'
        ? await h.db.selectFrom('clients').select(['id', 'first_contact_date', 'last_contact_date']).execute()
        : await h.db.selectFrom(table).selectAll().execute();
    out[table] = rows
      .map((r) => {
        const row: Record<string, unknown> = { ...r };
        delete row[FRESH_IDS[table] ?? ''];
        return JSON.stringify(row);
      })
      .sort();
  }
  return out;
}

/** Breaks a projection's table the way a bug or a half-restored backup would. */
async function spoil(h: TestHarbour, table: keyof Database): Promise<void> {
  if (table === 'clients' || table === 'client_sites')
    // Their rows are the clients' and their enrolment sites' too: the dates go wrong.
    await h.db.updateTable(table).set({ last_contact_date: '2020-01-01' }).execute();
  else if (table === 'referrals') {
    // A referral staff have followed up is its own record, not derived: open ones go missing, and
    // those of contacts that left come back to life.
    await h.db.deleteFrom('referrals').where('status', '=', 'issued').execute();
    await h.db.updateTable('referrals').set({ status: 'issued' }).where('status', '=', 'void').execute();
  } else if (table === 'stock_distributed')
    // Rows a contact was taken back from stay at zero: the quantities go wrong instead.
    await h.db.updateTable('stock_distributed').set({ quantity: 7 }).execute();
  else await h.db.deleteFrom(table).execute();
}

async function rebuildAll(h: TestHarbour, p: Projection): Promise<void> {
  const ids = (await h.db.selectFrom('clients').select('id').execute()).map((c) => c.id);
  await h.db.transaction().execute(async (trx) => {
    await p.rebuild({ trx, ctx: writerContext(h), writes: new Writes(trx, h.dialect) }, ids);
  });
}

for (const dialect of DIALECTS) {
  describe(`projections on ${dialect}`, () => {
    let h: TestHarbour;
    const state: PlayState = { codes: 0, merges: [] };
    beforeAll(async () => {
      h = await harbourForProgrammes(dialect);
    });
    afterAll(async () => h.dispose());

    it('add and remove agree with rebuild, table by table', async () => {
      await fc.assert(
        fc.asyncProperty(randomProgramme, async (programme) => {
          await playProgramme(h, systemActor(), programme, state);
          // In list order: a rebuild of the events comes before what is read from them.
          for (const p of PROJECTIONS) {
            const kept = await snapshot(h, p);
            await rebuildAll(h, p);
            expect(await snapshot(h, p), p.tables.join(', ')).toEqual(kept);
          }
        }),
        { numRuns: dialect === 'sqlite' ? 25 : 15, seed: 7 },
      );
      // And the tables are not trivially empty.
      for (const p of PROJECTIONS)
        for (const rows of Object.values(await snapshot(h, p)))
          expect(rows.length, p.tables.join()).toBeGreaterThan(0);
    }, 600_000);

    it('rebuild repairs what went wrong in each projection', async () => {
      for (const p of PROJECTIONS) {
        const kept = await snapshot(h, p);
        for (const table of p.tables) await spoil(h, table);
        expect(await snapshot(h, p)).not.toEqual(kept);
        await rebuildAll(h, p);
        expect(await snapshot(h, p), p.tables.join(', ')).toEqual(kept);
      }
    });
  });
}
