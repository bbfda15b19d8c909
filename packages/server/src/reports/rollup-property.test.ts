/**
 * The report built from rollups equals the report recomputed by brute force from raw contacts, for
 * random programmes with corrections, voids, merges, unmerges and referral follow-ups — on SQLite
 * and PostgreSQL, for many periods and disaggregations.
 */

import { type ContactItem, HIV_RESULTS, REFERRAL_SERVICES, TB_RESULTS } from '@harbour/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeClients, undoMerge } from '../clients/duplicates.js';
import { enrolClient } from '../clients/registry.js';
import { correctContact, recordContact, voidContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import { type Actor, systemActor } from '../identity/actor.js';
import { updateReferral } from '../referrals/referrals.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { rawFacts } from './raw-facts.js';
import { buildReport } from './report-service.js';

const SITES = ['KYIV-DIC', 'KYIV-OST', 'KYIV-VAN', 'ODESA-PORT', 'ODESA-DIC'];
const day = fc
  .integer({ min: 0, max: 272 })
  .map((n) => new Date(Date.UTC(2025, 9, 1) + n * 86_400_000).toISOString().slice(0, 10));

const item: fc.Arbitrary<ContactItem> = fc.oneof(
  fc.record({
    code: fc.constantFrom('syringes', 'needles', 'syringes_returned', 'condoms', 'naloxone'),
    qty: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ code: fc.constant('naloxone_reversal'), qty: fc.integer({ min: 1, max: 2 }) }),
  fc.record({
    code: fc.constant('naloxone_reversal'),
    doses: fc.integer({ min: 1, max: 3 }),
    outcome: fc.constantFrom('survived' as const, 'died' as const, 'unknown' as const),
  }),
  fc.record({ code: fc.constantFrom('iec', 'art_start', 'prep', 'hcv_treatment_start') }),
  fc.record({
    code: fc.constant('hiv_test'),
    result: fc.constantFrom(...HIV_RESULTS),
    selfTest: fc.boolean(),
  }),
  fc.record({ code: fc.constant('hcv_test'), result: fc.constantFrom('negative', 'positive', 'referred') }),
  fc.record({ code: fc.constant('tb_screening'), result: fc.constantFrom(...TB_RESULTS) }),
  fc.record({
    code: fc.constant('ost'),
    event: fc.constantFrom('start', 'dose', 'stop') as fc.Arbitrary<'start' | 'dose' | 'stop'>,
  }),
  fc.record({ code: fc.constant('referral'), to: fc.constantFrom(...REFERRAL_SERVICES) }),
);
// At most one viral load per contact: two on one day in one contact would have no defined order.
const items = fc
  .tuple(
    fc.array(item, { minLength: 1, maxLength: 5 }),
    fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
  )
  .map(([xs, vl]) => (vl === undefined ? xs : [...xs, { code: 'viral_load', copies: vl }]));

const op = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('contact' as const),
      client: fc.nat(),
      site: fc.constantFrom(...SITES),
      date: day,
      items,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      pick: fc.nat(),
      site: fc.constantFrom(...SITES),
      date: day,
      items,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unmerge' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('referral' as const),
      pick: fc.nat(),
      status: fc.constantFrom('completed', 'declined', 'lost') as fc.Arbitrary<
        'completed' | 'declined' | 'lost'
      >,
    }),
  },
);

const programme = fc.record({
  clients: fc.array(
    fc.record({
      site: fc.constantFrom(...SITES),
      sex: fc.constantFrom(
        'male',
        'female',
        'trans_woman',
        'trans_man',
        'nonbinary',
        'unknown',
      ) as fc.Arbitrary<'male'>,
      birthYear: fc.option(fc.integer({ min: 1960, max: 2012 }), { nil: null }),
      kp: fc.option(fc.constantFrom('pwid', 'pwud', 'partner', 'family', 'other') as fc.Arbitrary<'pwid'>, {
        nil: null,
      }),
    }),
    { minLength: 2, maxLength: 8 },
  ),
  ops: fc.array(op, { minLength: 10, maxLength: 40 }),
});

const PERIODS = [
  '2025Q4',
  '2026Q1',
  '202602',
  '2026-01-10/2026-03-05',
  '2026W3',
  '2026S1',
  '2025-10-01/2026-06-30',
];
const DIMS = ['', 'sex,age:gf', 'kp,age:fine', 'orgUnit:4', 'orgUnit:5,sex', 'age:gam,sex,kp'];

for (const dialect of DIALECTS) {
  describe(`rollup report = brute-force report on ${dialect}`, () => {
    let h: TestHarbour;
    const cli: Actor = systemActor();
    let codeNo = 0;
    const merges: string[] = [];
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-23T12:00:00Z');
    });
    afterAll(async () => h.dispose());

    it('agrees on every indicator for random programmes with corrections, voids and merges', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(programme, async (prog) => {
          runs++;
          const clientIds: string[] = [];
          for (const c of prog.clients) {
            const code = `QA${(codeNo++).toString().padStart(5, '0')}`;
            clientIds.push(
              (
                await enrolClient(h, cli, {
                  siteCode: c.site,
                  uic: code,
                  sex: c.sex,
                  birthYear: c.birthYear,
                  kp: c.kp,
                })
              ).id,
            );
          }
          const contactIds: string[] = [];
          for (const o of prog.ops) {
            try {
              if (o.kind === 'contact') {
                contactIds.push(
                  (
                    await recordContact(h, cli, {
                      clientId: clientIds[o.client % clientIds.length]!,
                      siteCode: o.site,
                      date: o.date,
                      placeType: 'outreach',
                      items: o.items,
                    })
                  ).id,
                );
              } else if (o.kind === 'correct' && contactIds.length) {
                contactIds.push(
                  (
                    await correctContact(h, cli, contactIds[o.pick % contactIds.length]!, {
                      siteCode: o.site,
                      date: o.date,
                      placeType: 'fixed_site',
                      items: o.items,
                    })
                  ).id,
                );
              } else if (o.kind === 'void' && contactIds.length) {
                await voidContact(h, cli, contactIds[o.pick % contactIds.length]!, 'entered_in_error');
              } else if (o.kind === 'merge') {
                const a = clientIds[o.a % clientIds.length]!;
                const b = clientIds[o.b % clientIds.length]!;
                if (a !== b) merges.push((await mergeClients(h, cli, a, b)).mergeId);
              } else if (o.kind === 'unmerge' && merges.length) {
                await undoMerge(h, cli, merges.pop()!);
              } else if (o.kind === 'referral') {
                const refs = await h.db
                  .selectFrom('referrals')
                  .select('id')
                  .where('status', '=', 'issued')
                  .orderBy('id')
                  .execute();
                if (refs.length)
                  await updateReferral(h, cli, refs[o.pick % refs.length]!.id, {
                    status: o.status,
                    completedDate: '2026-07-01',
                  });
              }
            } catch (e) {
              // Refusals are part of the game (a contact already corrected, a client already merged): only real faults fail.
              if (!['InputError', 'ConflictError', 'NotFoundError'].includes((e as Error).name)) throw e;
            }
          }
          for (const period of PERIODS) {
            for (const disaggregate of DIMS) {
              const req = {
                period,
                orgUnit: disaggregate.startsWith('orgUnit:5') ? 'UA' : 'SLN',
                disaggregate,
              };
              const fromRollups = (await buildReport(h, cli, req)).report.values;
              const fromRaw = (
                await buildReport(h, cli, req, { facts: (scope, p) => rawFacts(h.db, scope, p) })
              ).report.values;
              expect(fromRollups, `${period} ${disaggregate}`).toEqual(fromRaw);
            }
          }
        }),
        { numRuns: dialect === 'sqlite' ? 12 : 8, seed: 42 },
      );
      expect(runs).toBeGreaterThanOrEqual(8);
      // And the reports are not trivially empty.
      const total = (await buildReport(h, cli, { period: '2025-10-01/2026-06-30', orgUnit: 'SLN' })).report
        .values;
      expect(total.find((v) => v.indicator === 'contacts')!.value).toBeGreaterThan(50);
      expect(total.find((v) => v.indicator === 'ost.active')!.value).not.toBeNull();
    }, 600_000);
  });
}
