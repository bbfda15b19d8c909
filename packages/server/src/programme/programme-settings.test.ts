import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';

for (const dialect of DIALECTS) {
  describe(`programme settings (${dialect})`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    let admin: Client;

    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      admin = await signInAs(app, 'admin');
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('starts from PASMO, and switches an organisation to another preset that the devices then ask for', async () => {
      expect((await admin.get('/api/v1/programme/settings?orgUnit=SLN')).json()).toMatchObject({
        organisation: 'SLN',
        uicScheme: 'pasmo',
        aliasEnabled: false,
        referralFollowUpDays: 14,
      });
      const res = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'UA-KYIV',
        uicScheme: 'parents-initials',
        referralFollowUpDays: 10,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        organisation: 'SLN',
        uicScheme: 'parents-initials',
        referralFollowUpDays: 10,
      });
      const staff = await signInAs(app, 'staff');
      const programme = (await staff.get('/api/v1/programme?siteCode=KYIV-DIC')).json();
      expect(programme.uicScheme.questions).toEqual(['motherName', 'fatherName', 'sex', 'birthDate']);
      // The other organisation keeps its own.
      const jakarta = await signInAs(app, 'jakarta');
      expect((await jakarta.get('/api/v1/programme?siteCode=JKT-DIC')).json().uicScheme.id).toBe('pasmo');
      const audit = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'programme.settings_changed')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it("sets the outreach phones' wrong-PIN limit and idle lock, which enrolled phones get at their next sync", async () => {
      const outreach = await signInAs(app, 'outreach');
      const enrolled = await outreach.post('/api/v1/devices', {
        name: 'phone',
        siteCode: 'ODESA-PORT',
        appVersion: 'test',
      });
      expect(enrolled.statusCode).toBe(201);
      expect(enrolled.json().settings).toMatchObject({ pinAttemptsBeforeWipe: 10, idleLockMinutes: 3 });
      for (const [field, value] of [
        ['pinAttemptsBeforeWipe', 2],
        ['pinAttemptsBeforeWipe', 21],
        ['idleLockMinutes', 0],
      ] as const) {
        const bad = await admin.put('/api/v1/programme/settings', { orgUnit: 'SLN', [field]: value });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().errors[0].field).toBe(field);
      }
      const res = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'SLN',
        pinAttemptsBeforeWipe: 5,
        idleLockMinutes: 1,
      });
      expect(res.json()).toMatchObject({ pinAttemptsBeforeWipe: 5, idleLockMinutes: 1 });
      const status = await app.inject({
        method: 'GET',
        url: '/api/v1/sync/status',
        headers: { authorization: `Bearer ${enrolled.json().token}` },
      });
      expect(status.json().settings).toMatchObject({ pinAttemptsBeforeWipe: 5, idleLockMinutes: 1 });
    });

    it('takes a template of parts, naming what is wrong in a bad one', async () => {
      const bad = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'BRC',
        uicScheme: { id: 'ours', parts: [{ kind: 'letters', question: 'nickname', positions: [1] }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('uicScheme');
      const good = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'BRC',
        uicScheme: {
          id: 'jakarta-2026',
          parts: [
            { kind: 'letters', question: 'motherName', positions: [1, 2, 3] },
            { kind: 'birthYear', digits: 4 },
            { kind: 'site', width: 2 },
          ],
        },
      });
      expect(good.statusCode).toBe(200);
      expect(good.json().uicScheme.id).toBe('jakarta-2026');
    });

    it('adds programme items to the catalogue, recorded like any other', async () => {
      const res = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'SLN',
        catalogueExtra: [{ code: 'hygiene_kit', kind: 'commodity', label: 'Hygiene kit', maxQuantity: 5 }],
      });
      expect(res.statusCode).toBe(200);
      const clash = await admin.put('/api/v1/programme/settings', {
        orgUnit: 'SLN',
        catalogueExtra: [{ code: 'syringes', kind: 'commodity', label: 'Syringes again' }],
      });
      expect(clash.json().errors[0]).toMatchObject({ field: 'catalogueExtra.0.code' });
      const staff = await signInAs(app, 'staff');
      const client = (
        await staff.post('/api/v1/clients', {
          siteCode: 'KYIV-DIC',
          uic: 'ANBO M 90',
          sex: 'male',
          birthYear: 1990,
        })
      ).json();
      const contact = await staff.post('/api/v1/contacts', {
        clientId: client.id,
        siteCode: 'KYIV-DIC',
        date: '2026-01-05',
        placeType: 'fixed_site',
        items: [{ code: 'hygiene_kit', qty: 9 }],
      });
      expect(contact.statusCode).toBe(400);
      expect(contact.json().errors[0]).toMatchObject({ field: 'items.0.qty', rule: 'max' });
    });

    it('is for administrators of that part of the tree only', async () => {
      const manager = await signInAs(app, 'manager');
      expect((await manager.get('/api/v1/programme/settings?orgUnit=SLN')).statusCode).toBe(403);
    });
  });
}
