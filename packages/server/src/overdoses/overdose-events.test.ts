/**
 * Overdoses as they happen, on both databases: recorded from a phone (with and without a client,
 * exactly once however often the batch arrives) and in the console; counted by hand into
 * `overdose.events`, `overdose.deaths` and `naloxone.reversals` alongside a register-style reported
 * reversal and an older phone's overdose item; read and voided only inside one's subtree.
 */

import { formatHlc, type ItemResult, uuidv7 } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';

const NOW = '2026-11-23T09:00:00Z';
const TODAY = '2026-11-23';

function overdose(extra: Record<string, unknown>) {
  return {
    kind: 'overdose.record',
    id: uuidv7(),
    siteCode: 'ODESA-PORT',
    clientId: null,
    date: TODAY,
    time: '22:40',
    place: 'public_place',
    ambulance: false,
    doses: 1,
    outcome: 'survived',
    ...extra,
  };
}

type Values = { indicator: string; disaggregation: Record<string, string>; value: unknown }[];

async function report(me: Client, dims = ''): Promise<Values> {
  const res = await me.get(`/api/v1/reports?period=2026Q4&orgUnit=SLN${dims ? `&disaggregate=${dims}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().values;
}

const cell = (values: Values, indicator: string, dis: Record<string, string> = {}) =>
  values.find((v) => v.indicator === indicator && JSON.stringify(v.disaggregation) === JSON.stringify(dis))
    ?.value ?? 0;

for (const dialect of DIALECTS) {
  describe(`overdose events (${dialect})`, () => {
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
      h.setNow(NOW);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      const worker = await signInAs(app, 'outreach');
      const res = await worker.post('/api/v1/devices', {
        name: 'phone',
        siteCode: 'ODESA-PORT',
        appVersion: 't',
      });
      expect(res.statusCode).toBe(201);
      const headers = { authorization: `Bearer ${res.json().token}` };
      const push = async (items: unknown[]): Promise<ItemResult[]> => {
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/sync/push',
          headers,
          payload: { appVersion: 't', pending: 0, items },
        });
        expect(r.statusCode, r.body).toBe(200);
        return r.json().results;
      };
      return { h, app, worker, push };
    }

    it('counts events, deaths and reversals by hand on every path, once however often a batch arrives', async () => {
      const { h, app, push } = await start();
      const client = uuidv7();
      const enrol = {
        kind: 'client.enrol',
        id: client,
        siteCode: 'ODESA-PORT',
        uic: 'ABC0191',
        sex: 'male',
        birthYear: 1991,
        kp: 'pwid',
        at: formatHlc({ ms: Date.parse(NOW), counter: 0, node: 'phone1' }),
      };
      // 1: someone who is not a client, 2 doses, survived: one reversal (not two).
      const od1 = overdose({ doses: 2, ambulance: true });
      // 2: a client, 3 doses, died: a death, no reversal.
      const od2 = overdose({ clientId: client, doses: 3, outcome: 'died', place: 'home' });
      // 3: no naloxone (rescue breathing), survived: an event, no reversal.
      const od3 = overdose({ doses: 0 });
      // An older phone's overdose item on a contact: one reversal, not an event.
      const legacy = {
        kind: 'contact.record',
        id: uuidv7(),
        clientId: client,
        siteCode: 'ODESA-PORT',
        date: TODAY,
        time: '10:00',
        placeType: 'outreach',
        items: [{ code: 'naloxone_reversal', doses: 2, outcome: 'survived' }],
      };
      const batch = [enrol, od1, od2, od3, legacy];
      expect((await push(batch)).map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ]);
      // The answer was lost: the same batch again changes nothing.
      expect((await push(batch)).map((r) => r.status)).toEqual(Array(5).fill('duplicate'));
      expect(
        Number(
          (
            await h.db
              .selectFrom('overdose_events')
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(3);

      const staff = await signInAs(app, 'staff');
      // 4: in the console at Kyiv, unknown outcome: an event, no reversal.
      const od4 = await staff.post('/api/v1/overdoses', {
        siteCode: 'KYIV-DIC',
        clientId: null,
        date: TODAY,
        time: null,
        place: 'drop_in',
        ambulance: true,
        doses: 1,
        outcome: 'unknown',
      });
      expect(od4.statusCode, od4.body).toBe(201);
      // Reversals the client reports (the register's naloxone_reversals column, or the console's item): 2.
      const reported = await staff.post('/api/v1/contacts', {
        clientId: client,
        siteCode: 'KYIV-DIC',
        date: TODAY,
        placeType: 'fixed_site',
        items: [{ code: 'naloxone_reversal', qty: 2 }],
      });
      expect(reported.statusCode, reported.body).toBe(201);

      const me = await signInAs(app, 'meofficer');
      const total = await report(me);
      expect(cell(total, 'overdose.events')).toBe(4);
      expect(cell(total, 'overdose.deaths')).toBe(1);
      expect(cell(total, 'naloxone.reversals')).toBe(1 + 1 + 2);
      const bySex = await report(me, 'sex');
      expect(cell(bySex, 'overdose.events', { sex: 'unknown' })).toBe(3);
      expect(cell(bySex, 'overdose.events', { sex: 'male' })).toBe(1);
      expect(cell(bySex, 'overdose.deaths', { sex: 'male' })).toBe(1);
      expect(cell(bySex, 'naloxone.reversals', { sex: 'unknown' })).toBe(1);
      expect(cell(bySex, 'naloxone.reversals', { sex: 'male' })).toBe(3);

      // A void takes the event out of every count.
      const manager = await signInAs(app, 'manager');
      expect(
        (await manager.post(`/api/v1/overdoses/${od4.json().id}/void`, { reason: 'entered_in_error' }))
          .statusCode,
      ).toBe(204);
      expect(cell(await report(me), 'overdose.events')).toBe(3);
      const audit = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'overdose')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'overdose.recorded',
        'overdose.recorded',
        'overdose.recorded',
        'overdose.recorded',
        'overdose.voided',
      ]);
    });

    it('is read and voided only inside the subtree that holds its site; another organisation sees nothing', async () => {
      const { app, push, worker } = await start();
      const odesa = overdose({});
      await push([odesa]);
      const staff = await signInAs(app, 'staff');
      const kyiv = (
        await staff.post('/api/v1/overdoses', {
          ...overdose({ siteCode: 'KYIV-DIC' }),
          kind: undefined,
          id: undefined,
        })
      ).json().id as string;

      const ids = async (c: Client) =>
        ((await c.get('/api/v1/overdoses')).json().overdoses as { id: string }[]).map((o) => o.id);
      expect(await ids(worker)).toEqual([odesa.id]);
      expect(await ids(staff)).toEqual([kyiv]);
      const jakarta = await signInAs(app, 'jakarta');
      expect(await ids(jakarta)).toEqual([]);
      // Voids from outside the event's subtree answer as unknown, and change nothing.
      expect(
        (await staff.post(`/api/v1/overdoses/${odesa.id}/void`, { reason: 'test_record' })).statusCode,
      ).toBe(404);
      expect(
        (await jakarta.post(`/api/v1/overdoses/${kyiv}/void`, { reason: 'test_record' })).statusCode,
      ).toBe(404);
      // A worker without the right to correct records cannot void at all.
      expect(
        (await worker.post(`/api/v1/overdoses/${odesa.id}/void`, { reason: 'test_record' })).statusCode,
      ).toBe(403);
      expect(await ids(worker)).toEqual([odesa.id]);
      const list = (await worker.get('/api/v1/overdoses')).json().overdoses;
      expect(list[0]).toMatchObject({ voided: false, client: false, place: 'public_place', doses: 1 });
      // Recording at a site outside one's subtree, or for another organisation's client, is refused.
      const elsewhere = await jakarta.post('/api/v1/overdoses', {
        ...overdose({ siteCode: 'KYIV-DIC' }),
        kind: undefined,
        id: undefined,
      });
      expect(elsewhere.statusCode).toBe(400);
      expect(elsewhere.json().errors?.[0]?.field ?? elsewhere.body).toContain('siteCode');
    });

    it('names what is wrong: too many doses, a date in the future, an unknown client', async () => {
      const { push } = await start();
      const [tooMany, future, stranger] = await push([
        overdose({ doses: 21 }),
        overdose({ date: '2026-12-30' }),
        overdose({ clientId: uuidv7() }),
      ]);
      expect(tooMany).toMatchObject({ status: 'rejected', field: 'doses' });
      expect(future).toMatchObject({ status: 'rejected', field: 'date' });
      expect(stranger).toMatchObject({ status: 'rejected', field: 'clientId' });
    });
  });
}
