/**
 * OST as clinics run it, through the HTTP API on both databases: a dose for someone not on OST is
 * refused until a new episode is confirmed; the prescription sets what is dispensed; a stop carries
 * its reason; and a client who stopped coming ends as lost to treatment — in the register, the
 * census and the 6-month retention cohort alike, by the programme's limit (hand-computed).
 */

import { reportValue } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolClient } from '../clients/registry.js';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { buildReport } from '../reports/report-service.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';
import { rederiveAllOstEpisodes } from './ost-episodes.js';

const SITE = 'KYIV-OST';

for (const dialect of DIALECTS) {
  describe(`OST prescriptions, stops and lost to treatment (${dialect})`, () => {
    const open: { h: TestHarbour; app: FastifyInstance }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.app.close();
        await o.h.dispose();
      }
    });

    async function start() {
      const h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-23T09:00:00Z');
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      const manager = await signInAs(app, 'manager');
      const enrol = async (uic: string) =>
        (
          await enrolClient(h, systemActor(), {
            siteCode: SITE,
            uic,
            sex: 'male',
            birthYear: 1985,
            kp: 'pwid',
          })
        ).id;
      return { h, app, manager, enrol };
    }

    const dose = (c: Client, clientId: string, extra: Record<string, unknown> = {}) =>
      c.post('/api/v1/ost/doses', { clientId, siteCode: SITE, ...extra });
    const register = async (c: Client) =>
      (await c.get(`/api/v1/ost/register?siteCode=${SITE}`)).json() as {
        clientId: string;
        medicine: string | null;
        lastDoseMg: number | null;
        prescription: { medicine: string; mg: number; takeHomeDays: number } | null;
        missed: boolean;
      }[];

    it('refuses a dose for someone not on OST until a new episode is confirmed, and dispenses as prescribed', async () => {
      const { manager, enrol } = await start();
      const x = await enrol('XOS0185');
      const refused = await dose(manager, x, { medicine: 'methadone', mg: 60 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().errors[0]).toMatchObject({ field: 'startEpisode', rule: 'confirm' });
      // The console's contact form is held to the same rule.
      const contact = await manager.post('/api/v1/contacts', {
        clientId: x,
        siteCode: SITE,
        date: '2026-11-23',
        placeType: 'fixed_site',
        items: [{ code: 'ost', event: 'dose', medicine: 'methadone', mg: 60 }],
      });
      expect(contact.statusCode).toBe(409);
      expect(contact.json().errors[0]).toMatchObject({ field: 'items.0.event', rule: 'not_on_ost' });
      // No medicine said and none prescribed: asked, never guessed.
      const noMedicine = await dose(manager, x, { mg: 60, startEpisode: true });
      expect(noMedicine.statusCode).toBe(400);
      expect(noMedicine.json().errors[0].field).toBe('medicine');
      expect((await dose(manager, x, { medicine: 'methadone', mg: 60, startEpisode: true })).statusCode).toBe(
        201,
      );

      const rx = await manager.post('/api/v1/ost/prescriptions', {
        clientId: x,
        siteCode: SITE,
        medicine: 'methadone',
        mg: 80,
        takeHomeDays: 2,
      });
      expect(rx.statusCode, rx.body).toBe(201);
      // A dose with nothing said follows the prescription.
      expect((await dose(manager, x)).statusCode).toBe(201);
      const [row] = await register(manager);
      expect(row).toMatchObject({
        clientId: x,
        medicine: 'methadone',
        lastDoseMg: 80,
        prescription: { medicine: 'methadone', mg: 80, takeHomeDays: 2 },
        missed: false,
      });
    });

    it('answers OST reads and writes outside the caller’s tree as for what does not exist: a site like an unknown site, a client not found', async () => {
      const { manager, enrol, app } = await start();
      const x = await enrol('AOS0185');
      expect((await dose(manager, x, { medicine: 'methadone', mg: 60, startEpisode: true })).statusCode).toBe(
        201,
      );
      // Another organisation's clinic worker: the client and the site are unknown to them.
      const jakarta = await signInAs(app, 'jakarta');
      const outside = [
        await jakarta.get(`/api/v1/ost/register?siteCode=${SITE}`),
        await dose(jakarta, x, { medicine: 'methadone', mg: 60 }),
        await jakarta.post('/api/v1/ost/doses', {
          clientId: x,
          siteCode: 'JKT-DIC',
          medicine: 'methadone',
          mg: 60,
        }),
        await jakarta.post('/api/v1/ost/prescriptions', {
          clientId: x,
          siteCode: SITE,
          medicine: 'methadone',
          mg: 90,
          takeHomeDays: 0,
        }),
        await jakarta.post('/api/v1/ost/prescriptions', {
          clientId: x,
          siteCode: 'JKT-DIC',
          medicine: 'methadone',
          mg: 90,
          takeHomeDays: 0,
        }),
        await jakarta.post('/api/v1/ost/stops', { clientId: x, siteCode: SITE, reason: 'transferred' }),
        await jakarta.post('/api/v1/ost/stops', { clientId: x, siteCode: 'JKT-DIC', reason: 'transferred' }),
      ];
      // A site outside the tree is refused exactly as a site that does not exist (the field named);
      // a client outside it is not found.
      const unknownSite = await jakarta.get('/api/v1/ost/register?siteCode=NO-SUCH-SITE');
      const asUnknown = (r: (typeof outside)[number], code: string) => ({
        status: r.statusCode,
        error: r.json().errors?.[0],
        expected: {
          status: unknownSite.statusCode,
          error: {
            ...unknownSite.json().errors[0],
            value: code,
            message: unknownSite.json().errors[0].message.replace('NO-SUCH-SITE', code),
          },
        },
      });
      for (const i of [0, 1, 3, 5]) {
        const r = asUnknown(outside[i]!, SITE);
        expect({ status: r.status, error: r.error }).toEqual(r.expected);
      }
      expect(unknownSite.json().errors[0]).toMatchObject({ field: 'siteCode', rule: 'exists' });
      expect([2, 4, 6].map((i) => outside[i]!.statusCode)).toEqual([404, 404, 404]);
      // Staff of another site of the same organisation do not see this clinic's register either.
      const staff = await signInAs(app, 'staff');
      const kyivDic = await staff.get(`/api/v1/ost/register?siteCode=${SITE}`);
      expect(kyivDic.statusCode).toBe(400);
      expect(kyivDic.json().errors[0]).toMatchObject({ field: 'siteCode', rule: 'exists', value: SITE });
      // Nothing changed: one dose, no prescription, still on OST.
      const [row] = await register(manager);
      expect(row).toMatchObject({ clientId: x, lastDoseMg: 60, prescription: null });
    });

    it('stops an episode with its reason, and a client who stopped coming is lost by the programme limit in census and retention', async () => {
      const { h, app, manager, enrol } = await start();
      const x = await enrol('XOS0185');
      const y = await enrol('YOS0185');
      const z = await enrol('ZOS0185');
      const visit = (clientId: string, date: string, startEpisode = false) =>
        dose(manager, clientId, { date, medicine: 'methadone', mg: 60, startEpisode });
      // X doses at most 29 days apart from 5 January to 17 November: in treatment throughout.
      expect((await visit(x, '2026-01-05', true)).statusCode).toBe(201);
      for (const d of [
        '02-01',
        '03-01',
        '03-30',
        '04-28',
        '05-27',
        '06-25',
        '07-24',
        '08-22',
        '09-20',
        '10-19',
        '11-17',
      ])
        expect((await visit(x, `2026-${d}`)).statusCode).toBe(201);
      // Y: started 10 January, last dose 1 February, then nothing: lost from 2 February (limit 30).
      await visit(y, '2026-01-10', true);
      await visit(y, '2026-02-01');
      // Z: started 20 January, stopped on 1 November (transferred); before that, dosed as X.
      await visit(z, '2026-01-20', true);
      for (const d of [
        '02-15',
        '03-15',
        '04-10',
        '05-05',
        '06-01',
        '06-28',
        '07-25',
        '08-20',
        '09-15',
        '10-10',
      ])
        await visit(z, `2026-${d}`);
      const stop = await manager.post('/api/v1/ost/stops', {
        clientId: z,
        siteCode: SITE,
        date: '2026-11-01',
        reason: 'transferred',
      });
      expect(stop.statusCode, stop.body).toBe(201);
      const stopAgain = await manager.post('/api/v1/ost/stops', {
        clientId: z,
        siteCode: SITE,
        reason: 'completed',
      });
      expect(stopAgain.json().errors[0]).toMatchObject({ field: 'clientId', rule: 'not_on_ost' });
      const episodes = await h.db
        .selectFrom('ost_episodes')
        .select(['client_id', 'stop_date', 'stop_reason'])
        .where('client_id', '=', z)
        .execute();
      expect(episodes.map((e) => [e.stop_date, e.stop_reason])).toEqual([['2026-11-01', 'transferred']]);

      // Only X is on the register today: Y is lost, Z transferred.
      expect((await register(manager)).map((r) => r.clientId)).toEqual([x]);
      const q1 = async () =>
        (await buildReport(h, systemActor(), { period: '2026Q1', orgUnit: 'SLN', disaggregate: null }))
          .report;
      // Census on 31 March: X and Z (Y lost since 2 February). Started in Q1: 3. Retained at day 182:
      // X (to 4 July) and Z (to 19 July; stopped in November); Y not: 2 of 3.
      let r = await q1();
      expect([
        reportValue(r, 'ost.active'),
        reportValue(r, 'ost.new'),
        reportValue(r, 'ost.retention_6m'),
      ]).toEqual([2, 3, 2 / 3]);
      // A programme that allows a year without a dose keeps Y in treatment: every figure follows.
      const admin = await signInAs(app, 'admin');
      const put = await admin.put('/api/v1/programme/settings', { orgUnit: 'SLN', ostLostAfterDays: 365 });
      expect(put.statusCode, put.body).toBe(200);
      r = await q1();
      expect([reportValue(r, 'ost.active'), reportValue(r, 'ost.retention_6m')]).toEqual([3, 1]);
      expect((await register(manager)).map((row) => row.clientId).sort()).toEqual([x, y].sort());
    });

    it('re-derives episodes stored before the lost-to-treatment rule, as an upgrade does once', async () => {
      const { h, manager, enrol } = await start();
      const y = await enrol('YUP0185');
      // Dosed in January, gone for three months, back in May (a new episode, confirmed).
      for (const [date, start] of [
        ['2026-01-10', true],
        ['2026-02-01', false],
        ['2026-05-04', true],
      ] as const)
        expect(
          (
            await manager.post('/api/v1/ost/doses', {
              clientId: y,
              siteCode: SITE,
              date,
              medicine: 'methadone',
              mg: 60,
              ...(start ? { startEpisode: true } : {}),
            })
          ).statusCode,
        ).toBe(201);
      const stored = () =>
        h.db
          .selectFrom('ost_episodes')
          .select(['start_date', 'stop_date', 'stop_reason', 'last_dose_date'])
          .orderBy('start_date')
          .execute();
      const derived = await stored();
      expect(derived.map((e) => [e.start_date, e.stop_reason, e.last_dose_date])).toEqual([
        ['2026-01-10', 'lost', '2026-02-01'],
        ['2026-05-04', null, '2026-05-04'],
      ]);
      // As the code before migration 0016 stored it: one episode, never lost.
      const [first] = await h.db.selectFrom('ost_episodes').selectAll().orderBy('start_date').execute();
      await h.db.deleteFrom('ost_episodes').execute();
      await h.db
        .insertInto('ost_episodes')
        .values({ ...first!, stop_date: null, stop_reason: null, last_dose_date: '2026-05-04' })
        .execute();
      await rederiveAllOstEpisodes(h.db, h.dialect);
      expect(
        (await stored()).map((e) => [e.start_date, e.stop_date, e.stop_reason, e.last_dose_date]),
      ).toEqual(derived.map((e) => [e.start_date, e.stop_date, e.stop_reason, e.last_dose_date]));
    });
  });
}
