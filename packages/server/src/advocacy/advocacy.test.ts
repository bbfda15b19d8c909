/**
 * Country evidence through the HTTP API on both databases: the import keeps good rows and names bad
 * ones, the same file twice changes nothing, a change keeps its history; the profile contract; the
 * access matrix (who edits, who reads, whose evidence, who sees Harbour's own numbers exactly).
 */

import { countryProfileSchema, uuidv7 } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { createUser } from '../identity/users.js';
import { createOrgUnit, findUnitByCode, setOrgUnitCountry } from '../org/org-units.js';
import { importRegister } from '../register-import/importer.js';
import { bufferSource } from '../register-import/read-rows.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';
import { importFigures } from './advocacy-service.js';

const HEADER = 'country,year,measure,value,unit,source,as_of,lower,upper,url,notes';
const GOOD = [
  'TH,2024,pwid,36000,,HRI GSHR 2024,2024,27000,45000,https://hri.global/,',
  'TH,2024,pwud_opioid,27000,,HRI GSHR 2024,2024,,,,',
  'TH,2024,nsp.syringes,2900000,,National AIDS Council,2024-06,,,,',
  'TH,2024,fx.usd,134,THB,Bank of Thailand,2024,,,,',
  'TH,2024,prison.cost_per_day,450,THB,Prison service,2024,,,,',
  'TH,2024,policy.drug_use,criminal,,HRI GSHR 2024,2024,,,,',
];
/** One row for each kind of bad input the issue names, and the column it must be named by. */
const BAD: [string, string][] = [
  ['TH,2024,pwids,1,,src,,,,,', 'measure'],
  ['XX,2024,pwid,1,,src,,,,,', 'country'],
  ['TH,2024,funding.domestic,100,THX,src,,,,,', 'unit'],
  ['TH,2024,hiv.prevalence.pwid,120,,src,,,,,', 'value'],
  ['TH,2024,pwid,many,,src,,,,,', 'value'],
  ['TH,2024,funding.domestic,100,,src,,,,,', 'unit'],
  ['TH,2023,fx.usd,0,THB,src,,,,,', 'value'],
  ['TH,2031,pwid,1,,src,,,,,', 'year'],
  ['TH,2024,ost.clients,9500,,,,,,,', 'source'],
];

const csv = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

for (const dialect of DIALECTS) {
  describe(`advocacy evidence (${dialect})`, () => {
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
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      return { h, app };
    }

    it('keeps the good rows, names every bad one, and changes nothing on a second import', async () => {
      const { h, app } = await start();
      const advocate = await signInAs(app, 'advocate');
      const file = csv([...GOOD, ...BAD.map(([r]) => r)]);
      const dry = (
        await advocate.post('/api/v1/advocacy/figures/import', { csv: file, dryRun: true })
      ).json();
      expect(dry).toMatchObject({ imported: GOOD.length, updated: 0, rejected: BAD.length, dryRun: true });
      const before = (await advocate.get('/api/v1/advocacy/figures?country=TH')).json().figures;
      expect(before).toEqual([]);

      const first = (await advocate.post('/api/v1/advocacy/figures/import', { csv: file })).json();
      expect(first).toMatchObject({ imported: GOOD.length, updated: 0, unchanged: 0, rejected: BAD.length });
      BAD.forEach(([, column], i) => {
        const row = GOOD.length + i + 2;
        expect(
          first.errors.find((e: { row: number }) => e.row === row),
          `row ${row}`,
        ).toMatchObject({ column });
      });
      for (const e of first.errors) expect(e.message.length).toBeGreaterThan(10);

      const again = (await advocate.post('/api/v1/advocacy/figures/import', { csv: file })).json();
      expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: GOOD.length });
      const versions = await h.db
        .selectFrom('country_figure_versions')
        .innerJoin('country_figures', 'country_figures.id', 'country_figure_versions.figure_id')
        .select('figure_id')
        .where('country', '=', 'TH')
        .execute();
      expect(versions).toHaveLength(GOOD.length);

      // A later import of the same country, year and measure replaces the value and keeps the old one.
      const changed = csv(['TH,2024,pwid,38000,,UNODC 2025,2025,,,,']);
      expect((await advocate.post('/api/v1/advocacy/figures/import', { csv: changed })).json()).toMatchObject(
        {
          imported: 0,
          updated: 1,
        },
      );
      const list = (await advocate.get('/api/v1/advocacy/figures?country=TH')).json();
      expect(list.mayEdit).toBe(true);
      const pwid = list.figures.find((f: { measure: string }) => f.measure === 'pwid');
      expect(pwid).toMatchObject({ value: 38000, source: 'UNODC 2025', version: 2, updated_by: 'advocate' });
      const history = (await advocate.get(`/api/v1/advocacy/figures/${pwid.id}/history`)).json();
      expect(history.versions.map((v: { value: number; source: string }) => [v.value, v.source])).toEqual([
        [38000, 'UNODC 2025'],
        [36000, 'HRI GSHR 2024'],
      ]);
      const audit = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'advocacy.%')
        .where('actor', '=', 'advocate')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['advocacy.figures_imported', 'advocacy.figures_imported']);
    });

    it('answers bad input with 400 naming the field, never 500', async () => {
      const { app } = await start();
      const advocate = await signInAs(app, 'advocate');
      const noSource = await advocate.post('/api/v1/advocacy/figures/import', {
        csv: 'country,year,measure,value\nKE,2024,pwid,1\n',
      });
      expect(noSource.statusCode).toBe(400);
      expect(noSource.json().errors).toMatchObject([{ field: 'source', rule: 'missing_column' }]);
      const typed = await advocate.put('/api/v1/advocacy/figures', {
        country: 'KE',
        year: 2024,
        measure: 'hiv.prevalence.pwid',
        value: '101',
        source: 'x',
      });
      expect(typed.statusCode).toBe(400);
      expect(typed.headers['content-type']).toContain('application/problem+json');
      expect(typed.json().errors).toMatchObject([{ field: 'value', value: '101', rule: 'percent' }]);
      for (const url of [
        '/api/v1/advocacy/countries/ZZ/profile?year=2025',
        '/api/v1/advocacy/countries/UA/profile?year=soon',
        '/api/v1/advocacy/countries?year=2025&measure=nonsense',
        '/api/v1/advocacy/figures?country=UKR',
      ]) {
        const r = await advocate.get(url);
        expect(r.statusCode, url).toBe(400);
        expect(r.json().errors?.length ?? 0, url).toBeGreaterThan(0);
      }
      const whatIf = await advocate.post('/api/v1/advocacy/countries/UA/what-if', {
        year: 2025,
        whatIf: [{ measure: 'prison.cost_per_day', value: 'lots' }],
      });
      expect(whatIf.statusCode).toBe(400);
      expect(whatIf.json().errors).toMatchObject([{ field: 'whatIf.0.value', rule: 'number' }]);
    });

    it('returns the harbour.country-profile/1 contract, a what-if that moves the figures, and scenarios', async () => {
      const { app } = await start();
      const advocate = await signInAs(app, 'advocate');
      const res = await advocate.get('/api/v1/advocacy/countries/UA/profile?year=2025');
      expect(res.statusCode).toBe(200);
      const profile = res.json();
      // The exact shape: no field more, none less.
      expect(countryProfileSchema.strict().parse(profile)).toBeTruthy();
      expect(Object.keys(profile)).toEqual(['format', 'country', 'year', 'measures', 'derived']);
      for (const d of profile.derived)
        expect(Object.keys(d).slice(0, 5)).toEqual(['measure', 'value', 'unit', 'value_usd', 'missing']);
      expect(profile.derived).toHaveLength(17);
      const ratio = (p: { derived: { measure: string; value: unknown }[] }) =>
        p.derived.find((d) => d.measure === 'criminalisation.ratio')?.value as number;
      expect(ratio(profile)).toBeGreaterThan(1);
      // No demo figure is later than the year asked for.
      for (const m of profile.measures) expect(m.year).toBeLessThanOrEqual(2025);

      const doubled = (
        await advocate.post('/api/v1/advocacy/countries/UA/what-if', {
          year: 2025,
          whatIf: [{ measure: 'prison.cost_per_day', value: '1200' }],
        })
      ).json();
      expect(ratio(doubled)).toBeCloseTo(ratio(profile) * 2, 10);

      const saved = await advocate.post('/api/v1/advocacy/countries/UA/scenarios', {
        year: 2025,
        name: 'Prison cost doubled',
        whatIf: [{ measure: 'prison.cost_per_day', value: '1200' }],
      });
      expect(saved.statusCode).toBe(201);
      const withScenario = (
        await advocate.get(`/api/v1/advocacy/countries/UA/profile?year=2025&scenario=${saved.json().id}`)
      ).json();
      expect(ratio(withScenario)).toBe(ratio(doubled));
      expect((await advocate.get('/api/v1/advocacy/countries/UA/scenarios')).json().scenarios).toMatchObject([
        { name: 'Prison cost doubled', year: 2025 },
      ]);
      // Unsaved what-ifs leave the stored figures alone.
      expect(ratio((await advocate.get('/api/v1/advocacy/countries/UA/profile?year=2025')).json())).toBe(
        ratio(profile),
      );

      const map = (await advocate.get('/api/v1/advocacy/countries?year=2025&measure=nsp.level')).json();
      const codes = map.countries.map((c: { country: string }) => c.country);
      expect(codes).toEqual(expect.arrayContaining(['UA', 'KZ', 'ID', 'KE']));
      expect(codes).not.toContain('FR');
      expect(map.countries.find((c: { country: string }) => c.country === 'UA').value).toBe('low');
      const trends = (await advocacy(advocate, '/countries/UA/trends?from=2022&to=2025')).json();
      expect(trends.years.map((y: { year: number }) => y.year)).toEqual([2022, 2023, 2024, 2025]);

      for (const format of ['csv', 'xlsx', 'pdf']) {
        const file = await advocate.get(
          `/api/v1/advocacy/countries/UA/profile/export?year=2025&format=${format}`,
        );
        expect(file.statusCode, format).toBe(200);
        expect(file.headers['content-disposition'], format).toContain(`harbour-UA-2025`);
      }
      const pdf = await advocate.get(
        '/api/v1/advocacy/countries/UA/profile/export?year=2025&format=pdf&lang=ru',
      );
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // Two pages: the brief is a handout, not a report.
      expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
    });

    it('decides who edits, who reads and whose evidence in one place: reads and writes, inside and outside', async () => {
      const { h, app } = await start();
      // A second tree with its own evidence, and an advocate of one organisation inside the first.
      await createOrgUnit(h, systemActor(), { code: 'OTHER', name: 'Another consortium' });
      await importFigures(h, systemActor(), csv(['KE,2024,pwid,1234,,Other source,,,,,']), {
        keeper: 'OTHER',
      });
      await createUser(h, systemActor(), {
        username: 'sln-advocate',
        displayName: 'SLN advocate',
        password: 'harbour-demo',
        locale: 'en',
        staffCode: null,
        grants: [{ role: 'advocate', orgUnitCode: 'SLN' }],
      });
      const otherFigure = await h.db
        .selectFrom('country_figures')
        .innerJoin('org_units', 'org_units.id', 'country_figures.keeper_id')
        .select('country_figures.id')
        .where('org_units.code', '=', 'OTHER')
        .executeTakeFirstOrThrow();
      const put = { country: 'KE', year: 2024, measure: 'dcr.sites', value: 0, source: 'x' };

      const expectations: Record<string, { read: number; write: number }> = {
        advocate: { read: 200, write: 200 },
        programme: { read: 200, write: 200 },
        meofficer: { read: 200, write: 403 },
        donor: { read: 200, write: 403 },
        admin: { read: 403, write: 403 },
        staff: { read: 403, write: 403 },
        outreach: { read: 403, write: 403 },
        rights: { read: 403, write: 403 },
        manager: { read: 403, write: 403 },
      };
      for (const [who, want] of Object.entries(expectations)) {
        const c = await signInAs(app, who);
        // me_officer (at SLN) reads the consortium's evidence above it by naming it.
        const keeper = who === 'meofficer' ? '&keeper=HRC' : '';
        expect(
          (await c.get(`/api/v1/advocacy/countries/UA/profile?year=2025${keeper}`)).statusCode,
          who,
        ).toBe(want.read);
        expect((await c.get(`/api/v1/advocacy/countries?year=2025${keeper}`)).statusCode, who).toBe(
          want.read,
        );
        expect((await c.put(`/api/v1/advocacy/figures?keeper=HRC`, put)).statusCode, who).toBe(want.write);
        expect(
          (await c.post('/api/v1/advocacy/figures/import', { csv: csv([GOOD[0] as string]), keeper: 'HRC' }))
            .statusCode,
          who,
        ).toBe(want.write);
        // Another tree's evidence is unknown to everyone here: by code, by figure id and by scenario id.
        if (want.read === 200) {
          expect((await c.get('/api/v1/advocacy/figures?country=KE&keeper=OTHER')).statusCode, who).toBe(404);
          expect((await c.get(`/api/v1/advocacy/figures/${otherFigure.id}/history`)).statusCode, who).toBe(
            404,
          );
          expect((await c.put('/api/v1/advocacy/figures?keeper=OTHER', put)).statusCode, who).toBe(
            want.write === 200 ? 404 : 403,
          );
          expect(
            (await c.request({ method: 'DELETE', url: `/api/v1/advocacy/scenarios/${uuidv7()}` })).statusCode,
            who,
          ).toBe(want.write === 200 ? 404 : 403);
        }
      }
      // An organisation's advocate reads the consortium's evidence above it but does not change it,
      // and keeps its own.
      const sln = await signInAs(app, 'sln-advocate');
      expect((await sln.get('/api/v1/advocacy/figures?country=UA&keeper=HRC')).json().mayEdit).toBe(false);
      expect((await sln.put('/api/v1/advocacy/figures?keeper=HRC', put)).statusCode).toBe(403);
      expect((await sln.put('/api/v1/advocacy/figures?keeper=SLN', put)).statusCode).toBe(200);
      expect((await sln.put('/api/v1/advocacy/figures?keeper=BRC', put)).statusCode).toBe(404);
      expect(
        (await sln.get('/api/v1/advocacy/keepers')).json().keepers.map((k: { code: string }) => k.code),
      ).toEqual(['HRC', 'SLN']);
    });

    it("shows Harbour's own syringes exactly to those who read exact reports, and suppressed to advocates and donors", async () => {
      const { h, app } = await start();
      h.setNow('2026-03-15T10:00:00Z');
      // Three syringes at one Almaty site in 2025: a small number.
      const [rec] = [
        ...generateRegister({
          seed: 3,
          clients: 1,
          contacts: 1,
          sites: ['ALMATY-NSP'],
          start: '2025-05-01',
          months: 1,
        }),
      ];
      if (!rec) throw new Error('no record');
      const row = { ...rec, syringes_out: '3', needles_out: '0' };
      const text = `${REGISTER_HEADER.join(',')}\n${registerCsvLine(row)}\n`;
      const r = await importRegister(h, systemActor(), bufferSource('r.csv', Buffer.from(text)));
      expect(r.imported).toBe(1);
      const syringes = async (c: Client) =>
        (await c.get('/api/v1/advocacy/countries/KZ/profile?year=2025'))
          .json()
          .derived.find((d: { measure: string }) => d.measure === 'programme.nsp.syringes');
      expect(await syringes(await signInAs(app, 'programme'))).toMatchObject({ value: 3 });
      for (const who of ['advocate', 'donor'])
        expect(await syringes(await signInAs(app, who)), who).toMatchObject({
          value: null,
          suppressed: true,
        });
      // No unit carries a country code: no number, and the reason.
      const unit = await findUnitByCode(h.db, 'KZ');
      await setOrgUnitCountry(h, systemActor(), unit?.id as string, null);
      expect(await syringes(await signInAs(app, 'programme'))).toMatchObject({
        value: null,
        reason: 'No org unit carries this country code',
      });
    });

    it('marks country units by API and by org import, refusing codes that are not ISO 3166-1', async () => {
      const { app } = await start();
      const admin = await signInAs(app, 'admin');
      const units = (await admin.get('/api/v1/org-units')).json().units;
      const ua = units.find((u: { code: string }) => u.code === 'UA');
      expect(ua.country).toBe('UA');
      const bad = await admin.patch(`/api/v1/org-units/${ua.id}`, { country: 'UKR' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toMatchObject([{ field: 'country', rule: 'iso3166' }]);
      const imported = (
        await admin.post('/api/v1/org-units/import', {
          csv: 'code,name,parent,country\nKZ,Kazakhstan,SLN,\nID,Indonesia,BRC,XX\n',
        })
      ).json();
      expect(imported).toMatchObject({ countries: 1 });
      expect(imported.errors).toMatchObject([{ row: 3, column: 'country', value: 'XX' }]);
      const after = (await admin.get('/api/v1/org-units')).json().units;
      expect(after.find((u: { code: string }) => u.code === 'KZ').country).toBeNull();
      expect(after.find((u: { code: string }) => u.code === 'ID').country).toBe('ID');
    });
  });
}

function advocacy(c: Client, path: string) {
  return c.get(`/api/v1/advocacy${path}`);
}
