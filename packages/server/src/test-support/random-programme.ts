/**
 * Random programmes for property tests: clients enrolled at the demo's Ukrainian sites, then contacts,
 * corrections, voids, merges, unmerges and referral follow-ups in random order — played through the
 * same services the console uses. Dates fall between October 2025 and June 2026.
 */

import { type ContactItem, HIV_RESULTS, REFERRAL_SERVICES, TB_RESULTS } from '@harbour/core';
import fc from 'fast-check';
import { mergeClients, undoMerge } from '../clients/duplicates.js';
import { enrolClient } from '../clients/registry.js';
import { correctContact, recordContact, voidContact } from '../contacts/contacts.js';
import type { Harbour } from '../context.js';
import { createDemo } from '../demo/demo.js';
import type { Actor } from '../identity/actor.js';
import { updateReferral } from '../referrals/referrals.js';
import type { DialectName } from '../store/database.js';
import { createTestHarbour, type TestHarbour } from './dialects.js';

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

export const randomProgramme = fc.record({
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

export type RandomProgramme = typeof randomProgramme extends fc.Arbitrary<infer P> ? P : never;

/** What lasts between the runs of one property on one Harbour: codes are unique, merges undone last first. */
export interface PlayState {
  codes: number;
  merges: string[];
}

/** Plays a random programme; refusals (a contact already corrected, a client already merged) are part of it. */
export async function playProgramme(
  h: Harbour,
  actor: Actor,
  programme: RandomProgramme,
  state: PlayState,
): Promise<{ clientIds: string[]; contactIds: string[] }> {
  const clientIds: string[] = [];
  for (const c of programme.clients) {
    const code = `QA${(state.codes++).toString().padStart(5, '0')}`;
    clientIds.push(
      (
        await enrolClient(h, actor, {
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
  for (const o of programme.ops) {
    try {
      if (o.kind === 'contact') {
        contactIds.push(
          (
            await recordContact(h, actor, {
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
            await correctContact(h, actor, contactIds[o.pick % contactIds.length]!, {
              siteCode: o.site,
              date: o.date,
              placeType: 'fixed_site',
              items: o.items,
            })
          ).id,
        );
      } else if (o.kind === 'void' && contactIds.length) {
        await voidContact(h, actor, contactIds[o.pick % contactIds.length]!, 'entered_in_error');
      } else if (o.kind === 'merge') {
        const a = clientIds[o.a % clientIds.length]!;
        const b = clientIds[o.b % clientIds.length]!;
        if (a !== b) state.merges.push((await mergeClients(h, actor, a, b)).mergeId);
      } else if (o.kind === 'unmerge' && state.merges.length) {
        await undoMerge(h, actor, state.merges.pop()!);
      } else if (o.kind === 'referral') {
        const refs = await h.db
          .selectFrom('referrals')
          .select('id')
          .where('status', '=', 'issued')
          .orderBy('id')
          .execute();
        if (refs.length)
          await updateReferral(h, actor, refs[o.pick % refs.length]!.id, {
            status: o.status,
            completedDate: '2026-07-01',
          });
      }
    } catch (e) {
      // Refusals are part of the game (a contact already corrected, a client already merged): only real faults fail.
      if (!['InputError', 'ConflictError', 'NotFoundError'].includes((e as Error).name)) throw e;
    }
  }
  return { clientIds, contactIds };
}

/** A Harbour with the demo's organisations and sites and no clients, its clock after every random date. */
export async function harbourForProgrammes(dialect: DialectName): Promise<TestHarbour> {
  const h = await createTestHarbour(dialect);
  await createDemo(h, { clients: 0 });
  h.setNow('2026-11-23T12:00:00Z');
  return h;
}
