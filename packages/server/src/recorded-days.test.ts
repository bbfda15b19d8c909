/**
 * Every day recorded in Harbour follows one rule (core dates.ts `futureDayIssue`): up to tomorrow —
 * a phone or a clinic a time zone ahead of the server is already there — and not after. Contacts,
 * overdose events, OST doses, rights cases and referral outcomes once disagreed (some refused
 * tomorrow); both databases.
 */

import { describe, expect, it } from 'vitest';
import { enrolClient } from './clients/registry.js';
import { recordContact } from './contacts/contacts.js';
import { createDemo } from './demo/demo.js';
import { dispense } from './ost/ost-service.js';
import { recordOverdose } from './overdoses/overdose-events.js';
import { listReferrals, updateReferral } from './referrals/referrals.js';
import { createCase } from './rights/cases.js';
import { actorFor } from './test-support/actors.js';
import { createTestHarbour, DIALECTS, disposedAfterEach } from './test-support/dialects.js';

const TOMORROW = '2026-11-21';
const AFTER = '2026-11-22';

for (const dialect of DIALECTS) {
  describe(`days recorded ahead of the server on ${dialect}`, () => {
    const cleanup = disposedAfterEach();

    it('takes tomorrow and refuses the day after, in every place a day is recorded', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-20T23:30:00Z');
      const staff = await actorFor(h.db, 'staff');
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      const refused = { issues: [expect.objectContaining({ rule: 'future' })] };
      const tries: [string, (day: string) => Promise<unknown>][] = [
        [
          'contact',
          (date) =>
            recordContact(h, staff, {
              clientId: c.id,
              siteCode: 'KYIV-DIC',
              date,
              placeType: 'fixed_site',
              items: [{ code: 'condoms', qty: 1 }],
            }),
        ],
        [
          'overdose',
          (date) =>
            recordOverdose(
              h,
              staff,
              {
                siteCode: 'KYIV-DIC',
                clientId: null,
                date,
                time: null,
                place: 'home',
                ambulance: false,
                doses: 1,
                outcome: 'survived',
              },
              { source: 'console' },
            ),
        ],
        [
          'OST dose',
          (date) =>
            dispense(h, staff, {
              clientId: c.id,
              siteCode: 'KYIV-DIC',
              date,
              medicine: 'methadone',
              mg: 60,
              startEpisode: true,
            }),
        ],
        [
          'rights case',
          async (occurredOn) =>
            createCase(h, await actorFor(h.db, 'rights'), {
              siteCode: 'ODESA-PORT',
              placeCode: 'UA-ODESA',
              occurredOn,
              channel: 'outreach',
              person: { sex: 'male', ageBand: '25-34', kp: 'pwid' },
              consent: { record: true, advocacy: false, contact: false },
              acts: [{ violation: 'extortion', perpetrator: 'police' }],
            }),
        ],
      ];
      for (const [what, record] of tries) {
        await expect(record(AFTER), what).rejects.toMatchObject(refused);
        await expect(record(TOMORROW), what).resolves.toBeDefined();
      }
      await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-11-01',
        placeType: 'fixed_site',
        items: [{ code: 'referral', to: 'hcv' }],
      });
      const [referral] = await listReferrals(h, staff, {});
      await expect(
        updateReferral(h, staff, referral!.id, { status: 'completed', completedDate: AFTER }),
      ).rejects.toMatchObject(refused);
      await updateReferral(h, staff, referral!.id, { status: 'completed', completedDate: TOMORROW });
    });
  });
}
