import { FLAG } from '@harbour/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolClient, lookupClient } from '../clients/registry.js';
import { clientTimeline } from '../clients/timeline.js';
import { createDemo } from '../demo/demo.js';
import type { Actor } from '../identity/actor.js';
import { ostRegister } from '../ost/ost-register.js';
import { listReferrals, type ReferralView, updateReferral } from '../referrals/referrals.js';
import { recordMovement, setThreshold, stockAtSite } from '../stock/stock.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { correctContact, recordContact, voidContact } from './contacts.js';

for (const dialect of DIALECTS) {
  describe(`contacts and what they feed, on ${dialect}`, () => {
    let h: TestHarbour;
    let staff: Actor;
    beforeEach(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      staff = await actorFor(h.db, 'staff');
    });
    afterEach(async () => h.dispose());

    const month = (clientId: string) =>
      h.db
        .selectFrom('client_month')
        .selectAll()
        .where('client_id', '=', clientId)
        .orderBy('month')
        .execute();

    it('records a contact and keeps every derived table in step', async () => {
      const c = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3181',
        sex: 'male',
        birthYear: 1981,
        kp: 'pwid',
      });
      const { id } = await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-10',
        placeType: 'fixed_site',
        items: [
          { code: 'syringes', qty: 10 },
          { code: 'condoms', qty: 4 },
          { code: 'hiv_test', result: 'positive' },
          { code: 'referral', to: 'art' },
        ],
      });
      const contact = await h.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(contact).toMatchObject({ syringes: 10, condoms: 4, active: 1, worker_code: 'ST-KYV-01' });
      expect(contact.flags & FLAG.HIV_POSITIVE).toBeTruthy();
      expect(await month(c.id)).toEqual([
        expect.objectContaining({ month: '2026-03', contacts: 1, syringes: 10, condoms: 4 }),
      ]);
      const client = await h.db
        .selectFrom('clients')
        .selectAll()
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(client).toMatchObject({ first_contact_date: '2026-03-10', last_contact_date: '2026-03-10' });
      const events = await h.db
        .selectFrom('client_events')
        .select(['kind', 'value'])
        .where('client_id', '=', c.id)
        .execute();
      expect(events).toEqual([{ kind: 'hiv_result', value: 'positive' }]);
      const refs = await listReferrals(h, staff, {});
      expect(refs).toEqual([
        expect.objectContaining({
          service: 'art',
          issuedDate: '2026-03-10',
          dueDate: '2026-03-24',
          status: 'issued',
        }),
      ]);
      const dist = await h.db
        .selectFrom('stock_distributed')
        .select(['commodity', 'quantity'])
        .orderBy('commodity')
        .execute();
      expect(dist).toEqual([
        { commodity: 'condoms', quantity: 4 },
        { commodity: 'syringes', quantity: 10 },
      ]);
      // The same contact sent again (same id) changes nothing.
      const again = await recordContact(h, staff, {
        id,
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-10',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 10 }],
      });
      expect(again.duplicate).toBe(true);
      expect((await month(c.id))[0]!.contacts).toBe(1);
    });

    it('corrects and voids contacts, recomputing rollups, dates, events, referrals and stock', async () => {
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      const first = await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-01',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 10 }, { code: 'iec' }],
      });
      const second = await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-05',
        placeType: 'outreach',
        items: [
          { code: 'syringes', qty: 5 },
          { code: 'referral', to: 'hcv' },
        ],
      });
      expect((await month(c.id))[0]).toMatchObject({ contacts: 2, syringes: 15 });
      const corrected = await correctContact(h, staff, first.id, {
        siteCode: 'KYIV-DIC',
        date: '2026-02-27',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 20 }],
      });
      const rows = await month(c.id);
      expect(rows.map((r) => [r.month, r.contacts, r.syringes, r.flags & FLAG.IEC])).toEqual([
        ['2026-02', 1, 20, 0],
        ['2026-03', 1, 5, 0],
      ]);
      const old = await h.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      expect(old).toMatchObject({ active: 0, superseded_by: corrected.id });
      await expect(
        correctContact(h, staff, first.id, {
          siteCode: 'KYIV-DIC',
          date: '2026-02-27',
          placeType: 'fixed_site',
          items: [{ code: 'iec' }],
        }),
      ).rejects.toThrow(/already corrected/);
      await voidContact(h, staff, second.id, 'wrong_client');
      expect((await month(c.id)).map((r) => r.month)).toEqual(['2026-02']);
      expect((await listReferrals(h, staff, {})).length).toBe(0);
      const client = await h.db
        .selectFrom('clients')
        .selectAll()
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(client).toMatchObject({ first_contact_date: '2026-02-27', last_contact_date: '2026-02-27' });
      const dist = await h.db
        .selectFrom('stock_distributed')
        .select(['day', 'quantity'])
        .where('commodity', '=', 'syringes')
        .where('quantity', '!=', 0)
        .orderBy('day')
        .execute();
      expect(dist).toEqual([{ day: '2026-02-27', quantity: 20 }]);
      const timeline = await clientTimeline(h, staff, c.id);
      expect(timeline.contacts.map((t) => t.status)).toEqual(['voided', 'superseded', 'active']);
      const audit = (await h.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
      expect(audit).toEqual(
        expect.arrayContaining([
          'contact.recorded',
          'contact.corrected',
          'contact.voided',
          'client.enrolled',
          'client.timeline_read',
        ]),
      );
    });

    it('refuses future dates, unknown items and absurd quantities with the field named', async () => {
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      await expect(
        recordContact(h, staff, {
          clientId: c.id,
          siteCode: 'KYIV-DIC',
          date: '2026-04-01',
          placeType: 'fixed_site',
          items: [{ code: 'iec' }],
        }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ field: 'date', rule: 'future' })],
      });
      await expect(
        recordContact(h, staff, {
          clientId: c.id,
          siteCode: 'KYIV-DIC',
          date: '2026-03-01',
          placeType: 'fixed_site',
          items: [{ code: 'syringes', qty: 99999 }, { code: 'teleport' }],
        }),
      ).rejects.toMatchObject({
        issues: [
          expect.objectContaining({ field: 'items.0.qty', rule: 'max' }),
          expect.objectContaining({ field: 'items.1.code' }),
        ],
      });
      await expect(
        recordContact(h, staff, {
          clientId: c.id,
          siteCode: 'JKT-DIC',
          date: '2026-03-01',
          placeType: 'fixed_site',
          items: [{ code: 'iec' }],
        }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ field: 'siteCode' })],
      });
    });

    it('computes stock on hand, days left and alerts from receipts, counts and contacts', async () => {
      const manager = await actorFor(h.db, 'manager');
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      await recordMovement(h, manager, {
        siteCode: 'KYIV-DIC',
        commodity: 'syringes',
        kind: 'receipt',
        quantity: 1000,
        date: '2026-02-01',
      });
      await recordMovement(h, manager, {
        siteCode: 'KYIV-DIC',
        commodity: 'syringes',
        kind: 'count',
        quantity: 900,
        date: '2026-02-20',
      });
      for (const day of ['2026-03-01', '2026-03-05', '2026-03-10']) {
        await recordContact(h, staff, {
          clientId: c.id,
          siteCode: 'KYIV-DIC',
          date: day,
          placeType: 'fixed_site',
          items: [{ code: 'syringes', qty: 100 }],
        });
      }
      await recordMovement(h, manager, {
        siteCode: 'KYIV-DIC',
        commodity: 'syringes',
        kind: 'lost',
        quantity: 50,
        date: '2026-03-11',
      });
      await setThreshold(h, manager, 'KYIV-DIC', 'syringes', 700);
      const [line] = await stockAtSite(h, manager, 'KYIV-DIC');
      // 900 counted on 20 Feb, 300 handed out after it, 50 lost.
      expect(line).toMatchObject({
        commodity: 'syringes',
        onHand: 550,
        distributedLast30Days: 300,
        daysLeft: 55,
        minimum: 700,
        belowMinimum: true,
        lastCount: { date: '2026-02-20', quantity: 900 },
      });
      await expect(
        recordMovement(h, manager, {
          siteCode: 'KYIV-DIC',
          commodity: 'cake',
          kind: 'receipt',
          quantity: -5,
          date: '2030-01-01',
        }),
      ).rejects.toMatchObject({
        issues: [
          expect.objectContaining({ field: 'commodity' }),
          expect.objectContaining({ field: 'quantity' }),
          expect.objectContaining({ field: 'date' }),
        ],
      });
    });

    it('completes referrals and lists overdue ones', async () => {
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-02-01',
        placeType: 'fixed_site',
        items: [
          { code: 'referral', to: 'hcv' },
          { code: 'referral', to: 'legal' },
        ],
      });
      const overdue = await listReferrals(h, staff, { status: 'overdue' });
      expect(overdue.map((r) => [r.service, r.overdueDays])).toEqual([
        ['hcv', 28],
        ['legal', 28],
      ]);
      await updateReferral(h, staff, overdue[0]!.id, { status: 'completed', completedDate: '2026-02-10' });
      await expect(
        updateReferral(h, staff, overdue[1]!.id, { status: 'completed', completedDate: '2026-01-01' }),
      ).rejects.toThrow(/before the referral was issued/);
      expect((await listReferrals(h, staff, { status: 'overdue' })).map((r) => r.service)).toEqual(['legal']);
      const jakarta = await actorFor(h.db, 'jakarta');
      expect(await listReferrals(h, jakarta, {})).toEqual([]);
      await expect(updateReferral(h, jakarta, overdue[1]!.id, { status: 'lost' })).rejects.toMatchObject({
        status: 404,
      });
    });

    it('records every outcome on its date, undoes it, keeps where to, and lists the most urgent overdue first', async () => {
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      // Today is 2026-03-15 and follow-up is due after 14 days.
      await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-01-10',
        placeType: 'fixed_site',
        items: [{ code: 'referral', to: 'food' }],
      });
      await recordContact(h, staff, {
        clientId: c.id,
        siteCode: 'KYIV-DIC',
        date: '2026-02-25',
        placeType: 'fixed_site',
        items: [{ code: 'referral', to: 'art', provider: 'Kyiv City AIDS Centre' }],
      });
      const overdue = await listReferrals(h, staff, { status: 'overdue' });
      // ART 4 days late before food 50 days late.
      expect(overdue.map((r) => [r.service, r.overdueDays, r.provider])).toEqual([
        ['art', 4, 'Kyiv City AIDS Centre'],
        ['food', 50, null],
      ]);
      const [art, food] = overdue as [ReferralView, ReferralView];
      await updateReferral(h, staff, food.id, { status: 'lost', date: '2026-03-01', provider: 'Food bank' });
      let lost = (await listReferrals(h, staff, { status: 'lost' }))[0]!;
      expect([lost.completedDate, lost.provider]).toEqual(['2026-03-01', 'Food bank']);
      await expect(
        // After tomorrow (tomorrow itself is taken: a clinic a time zone ahead; recorded-days.test.ts).
        updateReferral(h, staff, art.id, { status: 'declined', date: '2026-03-17' }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'date', rule: 'future' })] });
      // Undone: issued again, the date cleared, the provider kept, and back on the overdue list.
      await updateReferral(h, staff, food.id, { status: 'issued' });
      expect(
        (await listReferrals(h, staff, { status: 'overdue' })).map((r) => [
          r.service,
          r.completedDate,
          r.provider,
        ]),
      ).toEqual([
        ['art', null, 'Kyiv City AIDS Centre'],
        ['food', null, 'Food bank'],
      ]);
      lost = (await listReferrals(h, staff, { status: 'lost' }))[0]!;
      expect(lost).toBeUndefined();
      const audit = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'referral')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['referral.updated', 'referral.reopened']);
    });

    it('finds clients by code within the organisation only, and audits each lookup', async () => {
      const c = await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      expect(
        (await lookupClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'pum-31 81' })).matches.map((m) => m.id),
      ).toEqual([c.id]);
      const jakarta = await actorFor(h.db, 'jakarta');
      expect((await lookupClient(h, jakarta, { siteCode: 'JKT-DIC', uic: 'PUM3181' })).matches).toEqual([]);
      const fromAnswers = await lookupClient(h, staff, {
        siteCode: 'KYIV-DIC',
        answers: { surname: 'Pumarejo', sex: 'male', birthDate: '1981-01-31' },
      });
      expect(fromAnswers.matches.map((m) => m.id)).toEqual([c.id]);
      await expect(
        enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'female' }),
      ).rejects.toMatchObject({ status: 409 });
      const looked = await h.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'client.looked_up')
        .execute();
      expect(looked).toHaveLength(2);
      expect(JSON.stringify(looked)).not.toContain('PUM3181');
    });

    it('keeps OST episodes from start/dose/stop and lists missed doses', async () => {
      const ostStaff = await actorFor(h.db, 'manager');
      const c = await enrolClient(h, ostStaff, {
        siteCode: 'KYIV-OST',
        uic: 'OST1111',
        sex: 'female',
        kp: 'pwid',
      });
      await recordContact(h, ostStaff, {
        clientId: c.id,
        siteCode: 'KYIV-OST',
        date: '2026-03-01',
        placeType: 'fixed_site',
        items: [{ code: 'ost', event: 'start', medicine: 'methadone', mg: 30 }],
      });
      await recordContact(h, ostStaff, {
        clientId: c.id,
        siteCode: 'KYIV-OST',
        date: '2026-03-10',
        placeType: 'fixed_site',
        items: [{ code: 'ost', event: 'dose', medicine: 'methadone', mg: 60 }],
      });
      let reg = await ostRegister(h, ostStaff, 'KYIV-OST');
      expect(reg).toEqual([
        expect.objectContaining({
          clientId: c.id,
          startDate: '2026-03-01',
          medicine: 'methadone',
          lastDoseDate: '2026-03-10',
          lastDoseMg: 60,
          daysSinceDose: 5,
          missed: true,
        }),
      ]);
      const stop = await recordContact(h, ostStaff, {
        clientId: c.id,
        siteCode: 'KYIV-OST',
        date: '2026-03-12',
        placeType: 'fixed_site',
        items: [{ code: 'ost', event: 'stop' }],
      });
      expect(await ostRegister(h, ostStaff, 'KYIV-OST')).toEqual([]);
      await voidContact(h, ostStaff, stop.id, 'entered_in_error');
      reg = await ostRegister(h, ostStaff, 'KYIV-OST');
      expect(reg).toHaveLength(1);
    });
  });
}
