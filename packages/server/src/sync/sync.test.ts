/**
 * Field sync through the HTTP API, on both databases, under the faults a phone meets: the same batch
 * twice, a push whose answer never arrived, a server restart mid-batch, a wrong phone clock, a week
 * offline, two phones enrolling the same person, a site the worker lost access to, revoke and wipe.
 */

import { gzipSync } from 'node:zlib';
import { formatHlc, type ItemResult, uuidv7 } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeClients } from '../clients/duplicates.js';
import { enrolClient, updateClient } from '../clients/registry.js';
import type { Config } from '../config.js';
import { openHarbour } from '../context.js';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { addGrant, findUserIdByUsername, removeGrant } from '../identity/users.js';
import { importRegister } from '../register-import/importer.js';
import { bufferSource } from '../register-import/read-rows.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { finishPush, preparePush, writePushes } from './push.js';

const NOW = '2026-11-23T09:00:00Z';
const TODAY = '2026-11-23';

interface Phone {
  token: string;
  push(items: unknown[], pending?: number): Promise<{ status: number; results: ItemResult[] }>;
  pull(cursor: string): Promise<{
    status: number;
    body: Record<string, unknown> & { cursor: string; clients: { id: string }[] };
  }>;
}

async function enrolPhone(app: FastifyInstance, name: string, siteCode = 'ODESA-PORT'): Promise<Phone> {
  const worker = await signInAs(app, 'outreach');
  const res = await worker.post('/api/v1/devices', { name, siteCode, appVersion: 'test' });
  expect(res.statusCode).toBe(201);
  const { token, uicKey } = res.json();
  expect(uicKey).toMatch(/^[\w-]{40,}$/);
  return phoneWith(app, token);
}

function phoneWith(app: FastifyInstance, token: string): Phone {
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    async push(items, pending = 0) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers,
        payload: { appVersion: 'test', pending, items },
      });
      return { status: r.statusCode, results: r.statusCode === 200 ? r.json().results : r.json() };
    },
    async pull(cursor) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/sync/pull?cursor=${cursor}`, headers });
      return { status: r.statusCode, body: r.json() };
    },
  };
}

const stamp = (iso: string, node = 'phone1') => formatHlc({ ms: Date.parse(iso), counter: 0, node });

function enrolment(uic: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'client.enrol',
    id: uuidv7(),
    siteCode: 'ODESA-PORT',
    uic,
    sex: 'male',
    birthYear: 1991,
    kp: 'pwid',
    at: stamp(NOW),
    ...extra,
  };
}

function contact(clientId: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'contact.record',
    id: uuidv7(),
    clientId,
    siteCode: 'ODESA-PORT',
    date: TODAY,
    time: '06:30',
    placeType: 'outreach',
    items: [
      { code: 'syringes', qty: 10 },
      { code: 'condoms', qty: 5 },
    ],
    ...extra,
  };
}

async function contactCount(h: TestHarbour, where: { clientId?: string; source?: string } = {}) {
  let q = h.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.clientId) q = q.where('client_id', '=', where.clientId);
  if (where.source) q = q.where('source', '=', where.source);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

for (const dialect of DIALECTS) {
  describe(`field sync (${dialect})`, () => {
    const open: { h: TestHarbour; app: FastifyInstance }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.app.close();
        await o.h.dispose();
      }
    });

    async function start(overrides: Partial<Config> = {}) {
      const h = await createTestHarbour(dialect, overrides);
      await createDemo(h, { clients: 0 });
      h.setNow(NOW);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      return { h, app };
    }

    it('answers phones pushing at once, their pushes written through the one queue of the server', async () => {
      const { h, app } = await start({ syncBatchesAtOnce: 1 });
      const phones = [await enrolPhone(app, 'A'), await enrolPhone(app, 'B'), await enrolPhone(app, 'C')];
      const answers = await Promise.all(
        ['GAA0191', 'GAB0191', 'GAC0191'].map((uic, i) => {
          const a = enrolment(uic);
          return phones[i]!.push([a, contact(a.id)]);
        }),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers.flatMap((a) => a.results.map((r) => r.status))).toEqual(Array(6).fill('accepted'));
      expect(h.pushQueue.pushes).toBe(3);
      expect(await contactCount(h, { source: 'sync' })).toBe(3);
    });

    it("writes several phones' pushes in one transaction, each answered, remembered and tallied as its own", async () => {
      const { h, app } = await start();
      const names = ['G1', 'G2', 'G3'];
      const phone1 = await enrolPhone(app, 'G1');
      for (const n of names.slice(1)) await enrolPhone(app, n);
      const known = enrolment('OLD0191');
      await phone1.push([known]);
      const actor = await actorFor(h.db, 'outreach');
      const ctxOf = async (name: string) => ({
        actor,
        device: await h.db
          .selectFrom('devices')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirstOrThrow(),
      });
      const [c1, c2, c3] = [await ctxOf('G1'), await ctxOf('G2'), await ctxOf('G3')];
      const body = (items: unknown[]) => ({ appVersion: 'test', pending: 0, items });
      // One person enrolled on two phones the same day; the second phone's contact follows them.
      const first = enrolment('GRP0191');
      const again = enrolment('GRP0191');
      const a1 = contact(known.id);
      const second = [again, contact(again.id), contact(again.id, { date: '2026-12-30' })];
      const pushes = [
        await preparePush(h, c1, body([first, a1, contact(first.id)])),
        await preparePush(h, c2, body(second)),
        // A third phone sending a contact the first sends (its id), and a profile edit applied after.
        await preparePush(
          h,
          c3,
          body([
            { ...a1 },
            { kind: 'client.update', id: uuidv7(), clientId: first.id, at: stamp(NOW), kp: 'partner' },
          ]),
        ),
      ];
      await writePushes(h, pushes);
      const [r1, r2, r3] = await Promise.all(pushes.map((p) => finishPush(h, p)));
      expect(r1.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      expect(r2.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
      expect(r2.results[0]!.clientId).toBe(first.id);
      expect(r2.results[1]!.clientId).toBe(first.id);
      expect(r2.results[2]).toMatchObject({ field: 'date' });
      expect(r3.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
      expect(await contactCount(h, { clientId: first.id })).toBe(2);
      expect(await contactCount(h, { clientId: known.id })).toBe(1);
      const tallies = await h.db
        .selectFrom('devices')
        .select(['name', 'accepted', 'rejected'])
        .where('name', 'in', names)
        .orderBy('name')
        .execute();
      expect(tallies.map((t) => [t.name, Number(t.accepted), Number(t.rejected)])).toEqual([
        ['G1', 4, 0],
        ['G2', 2, 1],
        ['G3', 2, 0],
      ]);
      const synced = await h.db
        .selectFrom('audit_log')
        .select(['entity_id', 'details'])
        .where('action', '=', 'contact.synced')
        .execute();
      const byDevice = new Map(synced.map((e) => [e.entity_id, JSON.parse(e.details) as { count: number }]));
      expect([c1, c2, c3].map((c) => byDevice.get(c.device.id)?.count)).toEqual([2, 1, 0]);
      // The second phone's batch again: what was applied answers as before, the bad item is checked again.
      const repeat = await preparePush(h, c2, body(second));
      await writePushes(h, [repeat]);
      const { results } = await finishPush(h, repeat);
      expect(results.map((r) => [r.status, r.clientId])).toEqual([
        ['duplicate', first.id],
        ['duplicate', first.id],
        ['rejected', undefined],
      ]);
      expect(await contactCount(h, { clientId: first.id })).toBe(2);
    });

    it('applies a batch once however often it arrives, answering each item', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'Oksana phone');
      const a = enrolment('ABC0191');
      const batch = [a, contact(a.id), contact(a.id, { items: [{ code: 'naloxone', qty: 2 }] })];
      const first = await phone.push(batch);
      expect(first.status).toBe(200);
      expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      // The answer was lost on the way back (network dropped): the phone sends the same batch again.
      const again = await phone.push(batch);
      expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(await contactCount(h, { source: 'sync' })).toBe(2);
      const row = await h.db
        .selectFrom('contacts')
        .select(['device_id', 'worker_code'])
        .where('id', '=', batch[1]!.id)
        .executeTakeFirstOrThrow();
      expect(row.worker_code).toBe('OW-ODS-01');
      expect(row.device_id).not.toBeNull();
    });

    it('lets a phone take back its own recent contacts once, and nobody else’s', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'Oksana phone');
      const other = await enrolPhone(app, 'Second phone');
      const a = enrolment('ABC0191');
      const kept = contact(a.id);
      const mistaken = contact(a.id);
      const takeBack = (contactId: string) => ({
        kind: 'contact.void',
        id: uuidv7(),
        contactId,
        reason: 'duplicate_entry',
      });
      // A double tap recorded twice; the phone undoes the second in the same batch.
      const undo = takeBack(mistaken.id);
      const first = await phone.push([a, kept, mistaken, undo]);
      expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
      const active = async () =>
        (await h.db.selectFrom('contacts').select('id').where('active', '=', 1).execute()).map((r) => r.id);
      expect(await active()).toEqual([kept.id]);
      // The same batch again, and a second undo of the same contact: nothing changes.
      expect((await phone.push([undo])).results[0]?.status).toBe('duplicate');
      expect((await phone.push([takeBack(mistaken.id)])).results[0]?.status).toBe('duplicate');
      // Another phone cannot take back this phone's contact: unknown to it.
      const stranger = await other.push([takeBack(kept.id)]);
      expect(stranger.results[0]).toMatchObject({ status: 'rejected' });
      expect(await active()).toEqual([kept.id]);
      // A week later it is the console's to void.
      h.setNow('2026-12-01T09:00:00Z');
      const late = await phone.push([takeBack(kept.id)]);
      expect(late.results[0]).toMatchObject({ status: 'rejected', field: 'contactId' });
      expect(late.results[0]?.reason).toContain('7 days');
      expect(await active()).toEqual([kept.id]);
      const audit = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'contact.voided')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('lets a phone correct its own recent contacts: the new supersedes the old (following its own corrections, never the console’s), active contacts count the new', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'Oksana phone');
      const other = await enrolPhone(app, 'Second phone');
      const a = enrolment('COR0191');
      const wrong = contact(a.id, { items: [{ code: 'syringes', qty: 50 }] });
      expect((await phone.push([a, wrong])).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const { kind: _k, id: _i, ...fields } = wrong;
      const correction = {
        ...fields,
        kind: 'contact.correct',
        id: uuidv7(),
        contactId: wrong.id,
        items: [{ code: 'syringes', qty: 5 }],
      };
      const first = await phone.push([correction]);
      expect(first.results[0]).toMatchObject({ status: 'accepted' });
      expect((await phone.push([correction])).results[0]).toMatchObject({ status: 'duplicate' });
      const rows = await h.db
        .selectFrom('contacts')
        .select(['id', 'active', 'supersedes_id', 'superseded_by', 'device_id'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        expect.objectContaining({ id: wrong.id, active: 0, superseded_by: correction.id }),
        expect.objectContaining({
          id: correction.id,
          active: 1,
          supersedes_id: wrong.id,
          device_id: expect.any(String),
        }),
      ]);
      const syringes = await h.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.sum<number>('syringes').as('n'))
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      expect(Number(syringes.n)).toBe(5);
      // Correcting the old one again corrects its newest version (this phone's own correction).
      const again = { ...correction, id: uuidv7(), items: [{ code: 'syringes', qty: 6 }] };
      expect((await phone.push([again])).results[0]).toMatchObject({ status: 'accepted' });
      expect(
        await h.db.selectFrom('contacts').select(['id', 'supersedes_id']).where('active', '=', 1).execute(),
      ).toEqual([{ id: again.id, supersedes_id: correction.id }]);
      // Once the console has corrected it, the phone may not.
      const officer = await signInAs(app, 'meofficer');
      const byConsole = await officer.post(`/api/v1/contacts/${again.id}/correct`, {
        siteCode: wrong.siteCode,
        date: wrong.date,
        placeType: wrong.placeType,
        items: [{ code: 'syringes', qty: 5 }],
      });
      expect(byConsole.statusCode).toBe(201);
      const refused = await phone.push([{ ...correction, id: uuidv7() }]);
      expect(refused.results[0]).toMatchObject({ status: 'rejected', field: 'contactId' });
      expect(refused.results[0]?.reason).toContain('console');
      const stranger = await other.push([{ ...correction, id: uuidv7(), contactId: correction.id }]);
      expect(stranger.results[0]).toMatchObject({ status: 'rejected' });
      // A bad item is named, and nothing changes.
      const fresh = contact(a.id);
      await phone.push([fresh]);
      const bad = await phone.push([
        { ...correction, id: uuidv7(), contactId: fresh.id, items: [{ code: 'syringes', qty: -1 }] },
      ]);
      expect(bad.results[0]).toMatchObject({ status: 'rejected' });
      expect(bad.results[0]?.reason).toMatch(/qty|quantity|number/i);
      const audit = await h.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'contact.corrected')
        .execute();
      expect(audit).toHaveLength(3);
      expect(audit[0]!.details).toContain(wrong.id);
      expect(audit[0]!.details).toContain('device');
    });

    it('voids the newest version when a take-back names a contact this phone has corrected since', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'Oksana phone');
      const a = enrolment('VOI0191');
      const first = contact(a.id, { items: [{ code: 'syringes', qty: 50 }] });
      await phone.push([a, first]);
      const { kind: _k, id: _i, ...fields } = first;
      const correction = {
        ...fields,
        kind: 'contact.correct',
        id: uuidv7(),
        contactId: first.id,
        items: [{ code: 'syringes', qty: 5 }],
      };
      expect((await phone.push([correction])).results[0]).toMatchObject({ status: 'accepted' });
      // The worker takes back the contact as the phone knew it before the correction went.
      const undo = { kind: 'contact.void', id: uuidv7(), contactId: first.id, reason: 'entered_in_error' };
      expect((await phone.push([undo])).results[0]).toMatchObject({ status: 'accepted' });
      const rows = await h.db
        .selectFrom('contacts')
        .select(['id', 'active', 'voided_at'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        expect.objectContaining({ id: first.id, active: 0, voided_at: null }),
        expect.objectContaining({ id: correction.id, active: 0, voided_at: expect.any(String) }),
      ]);
    });

    it('offers a phone the places above its site for rights cases, not the organisation itself', async () => {
      const { app } = await start();
      const phone = await enrolPhone(app, 'Oksana phone');
      const r = await app.inject({
        method: 'GET',
        url: '/api/v1/sync/status',
        headers: { authorization: `Bearer ${phone.token}` },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().settings.rightsPlaces.map((p: { code: string }) => p.code)).toEqual(['UA-ODESA', 'UA']);
    });

    it('accepts a gzip-compressed batch (phones on 3G) and refuses a body that inflates past the limit', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('GZP0191');
      const body = {
        appVersion: 'test',
        pending: 0,
        items: [a, ...Array.from({ length: 200 }, () => contact(a.id))],
      };
      const headers = {
        authorization: `Bearer ${phone.token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      };
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers,
        payload: gzipSync(JSON.stringify(body)),
      });
      expect(ok.statusCode).toBe(200);
      expect(await contactCount(h)).toBe(200);
      const bomb = gzipSync(Buffer.from(`{"appVersion":"${'x'.repeat(6 * 1024 * 1024)}"}`));
      const refused = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers, payload: bomb });
      expect(refused.statusCode).toBe(413);
    });

    it('rejects one bad item with a reason and keeps the rest of the batch', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('DEF0192');
      const { results } = await phone.push([
        a,
        contact(a.id),
        contact(a.id, { date: '2026-12-30' }),
        contact(a.id, { items: [{ code: 'syringes', qty: 99999 }] }),
        { kind: 'contact.record', id: 'not-an-id' },
        contact(uuidv7()),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect(results[2]).toMatchObject({ field: 'date' });
      expect(results[2]!.reason).toMatch(/future/);
      expect(results[3]!.reason).toBeTruthy();
      expect(results[5]!.reason).toMatch(/enrolment/);
      expect(await contactCount(h)).toBe(1);
    });

    it('survives a server restart in the middle of a batch', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const clients = Array.from({ length: 5 }, (_, i) => enrolment(`RST${i}190`));
      const contacts = clients.flatMap((c) => [contact(c.id), contact(c.id)]);
      // The first half reached the server before it went down.
      await phone.push([...clients.slice(0, 2), ...contacts.slice(0, 4)]);
      await app.close();
      await h.close();
      const reopened = await openHarbour(h.config, { now: () => new Date(NOW) });
      const app2 = await buildApp(reopened, { webDist: '/nonexistent' });
      try {
        const { results } = await phoneWith(app2, phone.token).push([...clients, ...contacts]);
        expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(6);
        expect(results.filter((r) => r.status === 'accepted')).toHaveLength(9);
        expect(await contactCount(reopened)).toBe(10);
      } finally {
        await app2.close();
        await reopened.close();
        // dispose() in afterEach drops the database; the first handle is already closed.
        open.splice(0);
        await h.testDb.drop();
      }
    });

    it('takes a week offline: 50 enrolments and 500 contacts in batches of 500', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const clients = Array.from({ length: 50 }, (_, i) =>
        enrolment(`WK${String.fromCharCode(65 + (i % 26))}${String(i).padStart(2, '0')}190`),
      );
      const days = [
        '2026-11-17',
        '2026-11-18',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
        '2026-11-22',
        '2026-11-23',
      ];
      const contacts = Array.from({ length: 500 }, (_, i) =>
        contact(clients[i % 50]!.id, { date: days[i % 7] }),
      );
      const outbox = [...clients, ...contacts];
      const answered: ItemResult[] = [];
      for (let i = 0; i < outbox.length; i += 500)
        answered.push(...(await phone.push(outbox.slice(i, i + 500), outbox.length - i)).results);
      expect(answered.filter((r) => r.status === 'accepted')).toHaveLength(550);
      expect(await contactCount(h, { source: 'sync' })).toBe(500);
      const device = await h.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
      expect(device.accepted).toBe(550);
      expect(device.last_sync_at).toBe(new Date(NOW).toISOString());
    });

    it('makes one client of two offline enrolments of the same code on two phones', async () => {
      const { h, app } = await start();
      const p1 = await enrolPhone(app, 'phone 1');
      const p2 = await enrolPhone(app, 'phone 2');
      const e1 = enrolment('TWO0191', {
        sex: 'unknown',
        birthYear: null,
        at: stamp('2026-11-22T07:00:00Z', 'p1'),
      });
      const e2 = enrolment('two 01 91', {
        sex: 'female',
        birthYear: 1991,
        at: stamp('2026-11-22T08:00:00Z', 'p2'),
      });
      const r1 = await p1.push([e1, contact(e1.id)]);
      const r2 = await p2.push([e2, contact(e2.id), contact(e2.id)]);
      expect(r1.results[0]).toMatchObject({ status: 'accepted', clientId: e1.id });
      expect(r2.results[0]).toMatchObject({ status: 'accepted', clientId: e1.id });
      const live = await h.db.selectFrom('clients').selectAll().where('merged_into', 'is', null).execute();
      expect(live).toHaveLength(1);
      expect(live[0]).toMatchObject({ id: e1.id, sex: 'female', birth_year: 1991 });
      expect(await contactCount(h, { clientId: e1.id })).toBe(3);
      // The alias keeps working for anything phone 2 records later.
      expect((await p2.push([contact(e2.id)])).results[0]).toMatchObject({
        status: 'accepted',
        clientId: e1.id,
      });
    });

    it('rejects contacts at a site the worker lost access to, and keeps the rest', async () => {
      const { h, app } = await start();
      const cli = systemActor();
      const outreach = (await findUserIdByUsername(h.db, 'outreach'))!;
      await addGrant(h, cli, outreach, { role: 'outreach_worker', orgUnitCode: 'ODESA-DIC' });
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('LST0191');
      const atDic = contact(a.id, { siteCode: 'ODESA-DIC', placeType: 'fixed_site' });
      await removeGrant(h, cli, outreach, { role: 'outreach_worker', orgUnitCode: 'ODESA-DIC' });
      const { results } = await phone.push([a, contact(a.id), atDic, contact(a.id)]);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted']);
      expect(results[2]).toMatchObject({ field: 'siteCode' });
      expect(results[2]!.reason).toMatch(/ODESA-DIC/);
      expect(await contactCount(h)).toBe(2);
    });

    it('copes with a phone clock a day wrong either way', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('CLK0191', { sex: 'unknown', at: stamp('2026-11-24T09:00:00Z') });
      const { results } = await phone.push([
        a,
        contact(a.id, { date: '2026-11-24' }),
        contact(a.id, { date: '2026-11-22' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      // The fast clock's stamp was pulled back to the server's time: a later console edit still wins,
      // and a later edit from the same phone (stamped a day ahead) does not undo it.
      h.setNow('2026-11-23T10:00:00Z');
      await updateClient(h, systemActor(), a.id, { kp: 'pwud' });
      await phone.push([
        {
          kind: 'client.update',
          id: uuidv7(),
          clientId: a.id,
          kp: 'partner',
          at: stamp('2026-11-23T09:30:00Z'),
        },
      ]);
      const c = await h.db.selectFrom('clients').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(c.kp).toBe('pwud');
      const clock = JSON.parse(c.profile_clock) as Record<string, string>;
      expect(clock.sex!.startsWith(String(Date.parse(NOW)).padStart(13, '0'))).toBe(true);
    });

    it('keeps a console correction to "not stated" against older phone edits, and a merge keeps the stamps it takes', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const profile = (id: string) =>
        h.db
          .selectFrom('clients')
          .select(['kp', 'profile_clock'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
      const edit = (clientId: string, at: string, kp: string) => ({
        kind: 'client.update',
        id: uuidv7(),
        clientId,
        at: stamp(at),
        kp,
      });

      // Said on the phone at 08:00, corrected at the console to "not stated" at 09:00.
      const a = enrolment('NOT0191', { kp: 'pwid', at: stamp('2026-11-23T08:00:00Z') });
      await phone.push([a]);
      h.setNow('2026-11-23T09:00:00Z');
      await updateClient(h, systemActor(), a.id, { kp: null });
      expect((await profile(a.id)).kp).toBeNull();
      // A phone edit made at 08:30, synced after the correction, is older than it: "not stated" stands.
      await phone.push([edit(a.id, '2026-11-23T08:30:00Z', 'partner')]);
      expect((await profile(a.id)).kp).toBeNull();
      // One made after it is newer: it wins.
      h.setNow('2026-11-23T10:00:00Z');
      await phone.push([edit(a.id, '2026-11-23T09:30:00Z', 'partner')]);
      expect((await profile(a.id)).kp).toBe('partner');

      // A merge fills the survivor's unknown group from the merged record, with the merged record's
      // stamp (07:00), not the merge's time: a phone edit made at 07:30 is newer, and wins.
      const survivor = await enrolClient(h, systemActor(), {
        siteCode: 'ODESA-PORT',
        uic: 'SUR0191',
        sex: 'male',
      });
      const merged = enrolment('MER0191', { kp: 'pwud', at: stamp('2026-11-23T07:00:00Z') });
      await phone.push([merged]);
      h.setNow('2026-11-23T11:00:00Z');
      await mergeClients(h, systemActor(), survivor.id, merged.id);
      const after = await profile(survivor.id);
      expect(after.kp).toBe('pwud');
      expect(JSON.parse(after.profile_clock).kp).toBe(stamp('2026-11-23T07:00:00Z'));
      await phone.push([edit(survivor.id, '2026-11-23T07:30:00Z', 'partner')]);
      expect((await profile(survivor.id)).kp).toBe('partner');
    });

    it('orders what the console, phones and a register say about a person by when each was said', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const profile = async (id: string) =>
        h.db
          .selectFrom('clients')
          .select(['sex', 'kp', 'profile_clock'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
      const edit = (clientId: string, at: string, change: Record<string, unknown>) => ({
        kind: 'client.update',
        id: uuidv7(),
        clientId,
        at: stamp(at),
        ...change,
      });

      // Enrolled at the console now: a phone's edit made an hour before, synced after, does not undo it.
      const enrolled = await enrolClient(h, systemActor(), {
        siteCode: 'ODESA-PORT',
        uic: 'CON0191',
        sex: 'female',
        kp: 'pwid',
      });
      await phone.push([edit(enrolled.id, '2026-11-23T08:00:00Z', { sex: 'male' })]);
      expect((await profile(enrolled.id)).sex).toBe('female');
      // One made after the enrolment (synced at 10:00) is newer: it wins.
      h.setNow('2026-11-23T10:00:00Z');
      await phone.push([edit(enrolled.id, '2026-11-23T09:30:00Z', { sex: 'male' })]);
      expect((await profile(enrolled.id)).sex).toBe('male');

      // A register row fills what the phone did not know, as of the row's day.
      const a = enrolment('REG0191', { sex: 'unknown', kp: null, at: stamp('2026-11-01T10:00:00Z') });
      await phone.push([a]);
      const register =
        'contact_date,site,uic,sex,kp,syringes_out\n2026-11-20,ODESA-PORT,REG0191,female,pwud,10\n';
      const imported = await importRegister(h, systemActor(), bufferSource('r.csv', Buffer.from(register)));
      expect(imported.imported).toBe(1);
      const filled = await profile(a.id);
      expect([filled.sex, filled.kp]).toEqual(['female', 'pwud']);
      expect(JSON.parse(filled.profile_clock)).toMatchObject({ sex: '2026-11-20T00:00:00.000Z|register' });
      // An edit made on the phone before that day, synced late, is older than the row: the row stands.
      await phone.push([edit(a.id, '2026-11-19T12:00:00Z', { sex: 'male', kp: 'partner' })]);
      expect([(await profile(a.id)).sex, (await profile(a.id)).kp]).toEqual(['female', 'pwud']);
      // One made after it is newer: it wins.
      await phone.push([edit(a.id, '2026-11-22T12:00:00Z', { kp: 'partner' })]);
      expect((await profile(a.id)).kp).toBe('partner');
    });

    it('pulls the site caseload by cursor, including changes made in the console', async () => {
      const { h, app } = await start();
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('PUL0191');
      const b = enrolment('PUL0192');
      await phone.push([a, b, contact(a.id, { items: [{ code: 'referral', to: 'art' }] })]);
      const first = await phone.pull('0');
      expect(first.status).toBe(200);
      expect(first.body.clients.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
      const pulledA = first.body.clients.find((c) => c.id === a.id) as unknown as {
        referrals: unknown[];
        lastContactDate: string;
        uicHash: string;
      };
      expect(pulledA.referrals).toHaveLength(1);
      expect(pulledA.lastContactDate).toBe(TODAY);
      expect(JSON.stringify(first.body)).not.toContain('PUL0191');
      const none = await phone.pull(first.body.cursor);
      expect(none.body.clients).toHaveLength(0);
      await updateClient(h, systemActor(), b.id, { birthYear: 1980 });
      const next = await phone.pull(first.body.cursor);
      expect(next.body.clients.map((c) => c.id)).toEqual([b.id]);
      expect(Number(next.body.cursor)).toBeGreaterThan(Number(first.body.cursor));
    });

    it('sends a client again only when a contact moves their dates, not for every contact', async () => {
      const { app } = await start();
      const phone = await enrolPhone(app, 'p');
      const a = enrolment('DAY0191');
      await phone.push([a, contact(a.id, { date: '2026-11-20' })]);
      const first = await phone.pull('0');
      expect(first.body.clients.map((c) => c.id)).toEqual([a.id]);
      // Another contact the same day, and one inside the dates already known: nothing new for phones.
      await phone.push([contact(a.id, { date: '2026-11-20' }), contact(a.id, { date: '2026-11-20' })]);
      expect((await phone.pull(first.body.cursor)).body.clients).toHaveLength(0);
      // A later day moves the last contact date: the client is sent again, with it.
      await phone.push([contact(a.id)]);
      const later = await phone.pull(first.body.cursor);
      expect(later.body.clients.map((c) => c.id)).toEqual([a.id]);
      expect((later.body.clients[0] as unknown as { lastContactDate: string }).lastContactDate).toBe(TODAY);
      // An earlier day moves the first contact date.
      await phone.push([contact(a.id, { date: '2026-11-02' })]);
      const earlier = await phone.pull(later.body.cursor);
      expect((earlier.body.clients[0] as unknown as { firstContactDate: string }).firstContactDate).toBe(
        '2026-11-02',
      );
    });

    it.runIf(dialect === 'postgres')(
      'numbers changes in the order they commit, without holding up writers until then',
      async () => {
        const { h, app } = await start();
        const phone = await enrolPhone(app, 'p');
        const a = enrolment('ORD0191');
        const b = enrolment('ORD0192');
        await phone.push([a, b]);
        let release!: () => void;
        const gate = new Promise<void>((r) => {
          release = r;
        });
        let changedA!: () => void;
        const aChanged = new Promise<void>((r) => {
          changedA = r;
        });
        const slow = h.db.transaction().execute(async (trx) => {
          await trx.updateTable('clients').set({ birth_year: 1981 }).where('id', '=', a.id).execute();
          changedA();
          await gate;
        });
        await aChanged;
        // Another writer in the same organisation commits while the first is still open: it does not wait.
        await h.db.updateTable('clients').set({ birth_year: 1982 }).where('id', '=', b.id).execute();
        release();
        await slow;
        const seq = new Map(
          (await h.db.selectFrom('sync_changes').select(['client_id', 'seq']).execute()).map((r) => [
            r.client_id,
            Number(r.seq),
          ]),
        );
        // The change committed last comes last, so a phone's cursor never skips it.
        expect(seq.get(a.id)!).toBeGreaterThan(seq.get(b.id)!);
      },
    );

    it('stops a revoked phone at once, and tells a wiped phone to erase itself', async () => {
      const { app } = await start();
      const phone = await enrolPhone(app, 'lost phone');
      const admin = await signInAs(app, 'admin');
      const mgr = await signInAs(app, 'outreach');
      // The outreach worker may enrol but not manage devices; administrators see the phones (no client data).
      expect((await mgr.get('/api/v1/devices')).statusCode).toBe(403);
      expect(
        (await admin.get('/api/v1/devices')).json().devices.map((d: { name: string }) => d.name),
      ).toEqual(['lost phone']);
      const { h } = open[0]!;
      await addGrant(h, systemActor(), (await findUserIdByUsername(h.db, 'manager'))!, {
        role: 'site_manager',
        orgUnitCode: 'UA-ODESA',
      });
      const site = await signInAs(app, 'manager');
      const list = (await site.get('/api/v1/devices')).json().devices;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ name: 'lost phone', status: 'active', user: 'outreach' });
      await site.post(`/api/v1/devices/${list[0].id}/revoke`, { wipe: false });
      const refused = await phone.push([]);
      expect(refused.status).toBe(401);
      expect(refused.results).toMatchObject({ code: 'device_revoked' });
      await site.post(`/api/v1/devices/${list[0].id}/revoke`, { wipe: true });
      const wiped = await phone.pull('0');
      expect(wiped.status).toBe(410);
      expect(wiped.body).toMatchObject({ code: 'device_wipe' });
      expect((await site.get('/api/v1/devices')).json().devices[0].status).toBe('wiped');
      const caseload = await site.get('/api/v1/caseload?site=ODESA-PORT');
      expect(caseload.statusCode).toBe(200);
      expect(caseload.json()).toMatchObject({ site: { code: 'ODESA-PORT' }, weeks: expect.any(Array) });
    });
  });
}
