/** The monitoring API as the console and scripts use it: every format, file names, scoped lists, import errors. */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolClient } from '../../clients/registry.js';
import { recordContact } from '../../contacts/contacts.js';
import { createDemo } from '../../demo/demo.js';
import { systemActor } from '../../identity/actor.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../../test-support/dialects.js';
import { type Client, signInAs } from '../../test-support/http.js';
import { buildApp } from '../app.js';

for (const dialect of DIALECTS) {
  describe(`monitoring API (${dialect})`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    let me: Client;

    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-23T12:00:00Z');
      const cli = systemActor();
      for (const uic of ['AAA0190', 'BBB0191', 'CCC0192', 'DDD0193', 'EEE0194', 'FFF0195']) {
        const c = await enrolClient(h, cli, {
          siteCode: 'KYIV-DIC',
          uic,
          sex: 'male',
          birthYear: 1990,
          kp: 'pwid',
        });
        await recordContact(h, cli, {
          clientId: c.id,
          siteCode: 'KYIV-DIC',
          date: '2026-10-05',
          placeType: 'fixed_site',
          items: [{ code: 'syringes', qty: 10 }],
        });
      }
      app = await buildApp(h, { webDist: '/nonexistent' });
      me = await signInAs(app, 'meofficer');
      await (await signInAs(app, 'programme')).post('/api/v1/estimates/import', {
        csv: 'org_unit,year,pwid,pwid_opioid\nUA-KYIV,2026,1200,900\nID-BALI,2026,250,\n',
      });
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('answers harbour.report/1 and the same numbers in every file format, with a file name', async () => {
      const json = await me.get('/api/v1/reports?period=202610&orgUnit=UA-KYIV&disaggregate=sex');
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({
        format: 'harbour.report/1',
        orgUnit: 'UA-KYIV',
        suppression: null,
      });
      const unmapped = await me.get('/api/v1/reports?period=202610&orgUnit=UA-KYIV&format=dhis2');
      expect(unmapped.statusCode).toBe(400);
      expect(unmapped.json().errors[0]).toMatchObject({ field: 'format', rule: 'mapping' });
      await me.put('/api/v1/dhis2/config', {
        orgUnit: 'SLN',
        mapping: {
          dataElements: { reached: { dataElement: 'DE_REACHED', categoryOptionCombos: { '': 'COC' } } },
        },
      });
      const types: Record<string, RegExp> = {
        csv: /^text\/csv/,
        xlsx: /spreadsheetml/,
        pdf: /^application\/pdf/,
        dhis2: /^application\/json/,
        adx: /xml/,
      };
      for (const [format, type] of Object.entries(types)) {
        const res = await me.get(`/api/v1/reports?period=202610&orgUnit=UA-KYIV&format=${format}`);
        expect(res.statusCode, format).toBe(200);
        expect(res.headers['content-type'], format).toMatch(type);
        expect(res.headers['content-disposition'], format).toMatch(
          /^attachment; filename="harbour-UA-KYIV-202610\./,
        );
      }
      const csv = (await me.get('/api/v1/reports?period=202610&orgUnit=UA-KYIV&format=csv')).body;
      expect(csv.split('\n')[0]).toMatch(/^\uFEFFperiod,period_start,period_end,org_unit,indicator,/);
      expect(csv).toMatch(/\n202610,2026-10-01,2026-10-31,UA-KYIV,reached,6\r?\n/);
    });

    it('suppresses on request for sharing, and always for donors', async () => {
      const shared = (await me.get('/api/v1/reports?period=202610&orgUnit=UA-KYIV&suppress=10')).json();
      expect(shared.suppression).toEqual({ threshold: 10 });
      expect(shared.values.find((v: { indicator: string }) => v.indicator === 'reached').value).toBe('<10');
      const donor = await signInAs(app, 'donor');
      expect((await donor.get('/api/v1/reports?period=202610&orgUnit=UA-KYIV')).json().suppression).toEqual({
        threshold: 5,
      });
    });

    it('lists estimates and targets only inside the caller’s part of the tree', async () => {
      await me.post('/api/v1/targets/import', {
        csv: 'org_unit,indicator,period,value\nUA-KYIV,reached,2026Q4,40\n',
      });
      const manager = await signInAs(app, 'manager');
      expect(
        (await manager.get('/api/v1/estimates')).json().map((e: { orgUnit: string }) => e.orgUnit),
      ).toEqual(['UA-KYIV']);
      expect((await manager.get('/api/v1/targets')).json()).toEqual([
        { orgUnit: 'UA-KYIV', indicator: 'reached', period: '2026Q4', value: 40 },
      ]);
      const programme = await signInAs(app, 'programme');
      expect((await programme.get('/api/v1/estimates')).json()).toHaveLength(2);
    });

    it('names each bad estimate row and keeps the good ones', async () => {
      const res = await me.post('/api/v1/estimates/import', {
        csv: 'org_unit,year,pwid,pwid_opioid\nUA-ODESA,2026,900,\nNOWHERE,2026,10,\nUA-KYIV,20x6,10,\n',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().saved).toBe(1);
      expect(res.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
        [3, 'org_unit'],
        [4, 'year'],
      ]);
    });

    it('gives the dashboard with the map level and coverage bands', async () => {
      const d = (await me.get('/api/v1/dashboard?period=2026Q4&orgUnit=UA')).json();
      expect(d.map).toEqual({ level: 4 });
      expect(d.levels).toEqual({ nsp: [100, 200], ost: [20, 40] });
      expect(d.months).toHaveLength(12);
    });
  });
}
