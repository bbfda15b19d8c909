/**
 * Migration 0012 on both databases: overdoses a phone recorded with the old count (doses as
 * reversals, deaths included) are recounted in the contacts and in the monthly and quarterly rollups,
 * and a register's reported reversals are left as they were.
 */

import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolClient } from '../../clients/registry.js';
import { recordContact } from '../../contacts/contacts.js';
import { createDemo } from '../../demo/demo.js';
import { systemActor } from '../../identity/actor.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../../test-support/dialects.js';
import { compileMigration } from '../migration.js';
import { overdoseReversals } from './0012-overdose-reversals.js';

for (const dialect of DIALECTS) {
  describe(`0012 overdose reversals (${dialect})`, () => {
    let h: TestHarbour | undefined;
    afterEach(async () => {
      await h?.dispose();
      h = undefined;
    });

    it('recounts phones’ overdoses and their rollups, and leaves reported reversals alone', async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      const cli = systemActor();
      const client = await enrolClient(h, cli, {
        siteCode: 'KYIV-DIC',
        uic: 'AAA0190',
        sex: 'male',
        birthYear: 1990,
        kp: 'pwid',
      });
      const record = (date: string, items: Parameters<typeof recordContact>[2]['items']) =>
        recordContact(h as TestHarbour, cli, {
          clientId: client.id,
          siteCode: 'KYIV-DIC',
          date,
          placeType: 'outreach',
          items,
        });
      // As older phones sent them: the doses given as the quantity.
      const died = await record('2026-02-03', [{ code: 'naloxone_reversal', qty: 2, outcome: 'died' }]);
      const survived = await record('2026-02-10', [
        { code: 'naloxone_reversal', qty: 3, outcome: 'survived' },
      ]);
      const reported = await record('2026-03-01', [{ code: 'naloxone_reversal', qty: 2 }]);
      // What the old count stored (the sum of the quantities), written back to simulate the old code.
      const db = h.db;
      await db.updateTable('contacts').set({ reversals: 2 }).where('id', '=', died.id).execute();
      await db.updateTable('contacts').set({ reversals: 3 }).where('id', '=', survived.id).execute();
      await db.updateTable('client_month').set({ reversals: 5 }).where('month', '=', '2026-02').execute();
      await db.updateTable('client_quarter').set({ reversals: 7 }).where('quarter', '=', '2026Q1').execute();

      for (const q of compileMigration(overdoseReversals, db, dialect)) await sql.raw(q.sql).execute(db);

      const stored = async (id: string) =>
        (await db.selectFrom('contacts').select('reversals').where('id', '=', id).executeTakeFirstOrThrow())
          .reversals;
      expect(await stored(died.id)).toBe(0);
      expect(await stored(survived.id)).toBe(1);
      expect(await stored(reported.id)).toBe(2);
      const month = await db
        .selectFrom('client_month')
        .select(['month', 'reversals'])
        .orderBy('month')
        .execute();
      expect(month.map((m) => [m.month, Number(m.reversals)])).toEqual([
        ['2026-02', 1],
        ['2026-03', 2],
      ]);
      const quarter = await db.selectFrom('client_quarter').select(['quarter', 'reversals']).execute();
      expect(quarter.map((m) => [m.quarter, Number(m.reversals)])).toEqual([['2026Q1', 3]]);
    });
  });
}
