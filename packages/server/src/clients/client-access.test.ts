/**
 * The client access rule (docs/access.md), through the HTTP API as each user would try it: by id
 * inside and outside the subtree, reads and writes; by code anywhere in the organisation; and the
 * history shown only where the programme shares it.
 */

import { uuidv7 } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';

const CODE = 'ALM1981';
const DAY = '2026-03-10';

for (const dialect of DIALECTS) {
  describe(`who reaches a client, on ${dialect}`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    const as: Record<string, Client> = {};
    let clientId = '';
    let almatyContact = '';
    let referralId = '';
    let pairId = '';
    let twinId = '';

    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      for (const u of ['staff', 'outreach', 'manager', 'meofficer', 'jakarta'])
        as[u] = await signInAs(app, u);
      // Enrolled and served in Almaty, with an HIV result and a referral; a probable twin beside them.
      const me = as.meofficer!;
      const enrolled = await me.post('/api/v1/clients', { siteCode: 'ALMATY-DIC', uic: CODE, sex: 'male' });
      expect(enrolled.statusCode).toBe(201);
      clientId = enrolled.json().id;
      const twin = await me.post('/api/v1/clients', { siteCode: 'ALMATY-NSP', uic: 'ALM1982', sex: 'male' });
      twinId = twin.json().id;
      const contact = await me.post('/api/v1/contacts', {
        clientId,
        siteCode: 'ALMATY-DIC',
        date: DAY,
        placeType: 'fixed_site',
        items: [
          { code: 'hiv_test', result: 'positive' },
          { code: 'referral', to: 'art' },
        ],
      });
      expect(contact.statusCode).toBe(201);
      almatyContact = contact.json().id;
      referralId = (
        await h.db
          .selectFrom('referrals')
          .select('id')
          .where('client_id', '=', clientId)
          .executeTakeFirstOrThrow()
      ).id;
      pairId = uuidv7();
      const org = await h.db
        .selectFrom('clients')
        .select('org_id')
        .where('id', '=', clientId)
        .executeTakeFirstOrThrow();
      const [a, b] = [clientId, twinId].sort();
      await h.db
        .insertInto('duplicate_pairs')
        .values({
          id: pairId,
          org_id: org.org_id,
          client_a: a!,
          client_b: b!,
          reason: 'char:7',
          status: 'open',
          created_at: h.now().toISOString(),
          resolved_at: null,
          resolved_by: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('answers 404 to every read and write by id from outside the subtree, as for an unknown id', async () => {
      const tries: [string, Client, () => Promise<{ statusCode: number }>][] = [];
      for (const name of ['staff', 'outreach', 'manager'] as const) {
        const u = as[name]!;
        tries.push(
          [`${name} reads the client`, u, () => u.get(`/api/v1/clients/${clientId}`)],
          [`${name} reads the timeline`, u, () => u.get(`/api/v1/clients/${clientId}/timeline`)],
          [`${name} edits the profile`, u, () => u.patch(`/api/v1/clients/${clientId}`, { kp: 'pwid' })],
          [
            `${name} sets the referral outcome`,
            u,
            () => u.patch(`/api/v1/referrals/${referralId}`, { status: 'completed', completedDate: DAY }),
          ],
        );
      }
      for (const name of ['staff', 'manager'] as const) {
        const u = as[name]!;
        tries.push(
          [
            `${name} voids the contact`,
            u,
            () => u.post(`/api/v1/contacts/${almatyContact}/void`, { reason: 'entered_in_error' }),
          ],
          [
            `${name} corrects the contact into Kyiv`,
            u,
            () =>
              u.post(`/api/v1/contacts/${almatyContact}/correct`, {
                siteCode: 'KYIV-DIC',
                date: DAY,
                placeType: 'fixed_site',
                items: [{ code: 'syringes', qty: 1 }],
              }),
          ],
        );
      }
      const manager = as.manager!;
      tries.push(
        [
          'manager merges the pair',
          manager,
          () => manager.post(`/api/v1/duplicates/${pairId}/merge`, { survivorId: clientId }),
        ],
        [
          'manager marks the pair distinct',
          manager,
          () => manager.post(`/api/v1/duplicates/${pairId}/distinct`, {}),
        ],
      );
      const wrong: string[] = [];
      for (const [what, , send] of tries) {
        const res = await send();
        if (res.statusCode !== 404) wrong.push(`${what}: ${res.statusCode}`);
      }
      expect(wrong).toEqual([]);
      // The pair is not even listed for the Kyiv manager, and nothing changed.
      const pairs = (await manager.get('/api/v1/duplicates')).json() as { id: string }[];
      expect(pairs.map((p) => p.id)).not.toContain(pairId);
      const stored = await h.db
        .selectFrom('contacts')
        .select(['active', 'site_id'])
        .where('id', '=', almatyContact)
        .executeTakeFirstOrThrow();
      expect(Number(stored.active)).toBe(1);
      const referral = await h.db
        .selectFrom('referrals')
        .select('status')
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow();
      expect(referral.status).toBe('issued');
      expect(
        (
          await h.db
            .selectFrom('clients')
            .select('merged_into')
            .where('id', '=', twinId)
            .executeTakeFirstOrThrow()
        ).merged_into,
      ).toBeNull();
    });

    it('finds the client by code anywhere in the organisation, enough to serve them, and lets the user record at their own site', async () => {
      const staff = as.staff!;
      const found = await staff.post('/api/v1/clients/lookup', { siteCode: 'KYIV-DIC', uic: CODE });
      expect(found.statusCode, found.body).toBe(200);
      const [match] = found.json().matches;
      expect(match).toMatchObject({
        id: clientId,
        access: 'serve',
        alias: null,
        firstContactDate: null,
        lastContactDate: DAY,
      });
      // Another organisation does not find them at all, and cannot record for them by id.
      const jakarta = as.jakarta!;
      expect(
        (await jakarta.post('/api/v1/clients/lookup', { siteCode: 'JKT-DIC', uic: CODE })).json().matches,
      ).toEqual([]);
      const foreign = await jakarta.post('/api/v1/contacts', {
        clientId,
        siteCode: 'JKT-DIC',
        date: DAY,
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 5 }],
      });
      expect(foreign.statusCode).toBe(404);

      const served = await staff.post('/api/v1/contacts', {
        clientId,
        siteCode: 'KYIV-DIC',
        date: '2026-03-12',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 10 }],
      });
      expect(served.statusCode, served.body).toBe(201);
      // Served in Kyiv now: the record opens, but Almaty's history stays hidden.
      expect((await staff.get(`/api/v1/clients/${clientId}`)).statusCode).toBe(200);
      const timeline = (await staff.get(`/api/v1/clients/${clientId}/timeline`)).json();
      expect(timeline.contacts.map((c: { site: { code: string } }) => c.site.code)).toEqual(['KYIV-DIC']);
      expect(timeline.referrals).toEqual([]);
      expect(timeline.elsewhere).toEqual({ contacts: 1, referrals: 1, ostEpisodes: 0 });
      expect(JSON.stringify(timeline)).not.toContain('positive');
      // …and Almaty's records still cannot be changed from Kyiv.
      expect(
        (await staff.post(`/api/v1/contacts/${almatyContact}/void`, { reason: 'entered_in_error' }))
          .statusCode,
      ).toBe(404);
      expect((await staff.patch(`/api/v1/referrals/${referralId}`, { status: 'lost' })).statusCode).toBe(404);
    });

    it('shows the whole history when the programme shares it', async () => {
      const { putProgrammeSettings } = await import('../programme/programme-settings.js');
      const { systemActor } = await import('../identity/actor.js');
      const { clearProgrammeCache } = await import('../programme/programme-settings.js');
      await putProgrammeSettings(h, systemActor('test'), 'SLN', { historySharing: true });
      clearProgrammeCache();
      const timeline = (await as.staff!.get(`/api/v1/clients/${clientId}/timeline`)).json();
      expect(timeline.contacts.map((c: { site: { code: string } }) => c.site.code).sort()).toEqual([
        'ALMATY-DIC',
        'KYIV-DIC',
      ]);
      expect(timeline.elsewhere).toEqual({ contacts: 0, referrals: 0, ostEpisodes: 0 });
      await putProgrammeSettings(h, systemActor('test'), 'SLN', { historySharing: false });
      clearProgrammeCache();
    });

    it("refuses a phone a profile change for a client of a site outside its worker's subtree", async () => {
      const device = (
        await as.outreach!.post('/api/v1/devices', { name: 'p', siteCode: 'ODESA-PORT', appVersion: 't' })
      ).json();
      const push = await app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { authorization: `Bearer ${device.token}` },
        payload: {
          appVersion: 't',
          pending: 0,
          items: [
            { kind: 'client.update', id: uuidv7(), clientId, kp: 'partner', at: '2026-03-14T10:00:00.000Z' },
          ],
        },
      });
      expect(push.json().results[0]).toMatchObject({ status: 'rejected', field: 'clientId' });
      const stored = await h.db
        .selectFrom('clients')
        .select('kp')
        .where('id', '=', clientId)
        .executeTakeFirstOrThrow();
      expect(stored.kp).toBeNull();
    });

    it('lets users whose subtree holds the records read and change them', async () => {
      const me = as.meofficer!;
      expect((await me.get(`/api/v1/clients/${clientId}/timeline`)).json().elsewhere.contacts).toBe(0);
      expect((await me.post(`/api/v1/duplicates/${pairId}/distinct`, {})).statusCode).toBe(200);
      expect(
        (await me.post(`/api/v1/contacts/${almatyContact}/void`, { reason: 'entered_in_error' })).statusCode,
      ).toBe(204);
    });
  });
}
