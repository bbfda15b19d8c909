/**
 * Reports through the store, with a programme small enough to work out by hand: a first contact
 * before the period, merged clients, a correction, a void, OST stopping on the census day, ART
 * exactly 90 and 91 days after a positive result, ages on band edges, and a scope whose estimate is
 * the sum of its children's.
 */

import { reportValue } from '@harbour/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeClients } from '../clients/duplicates.js';
import { enrolClient } from '../clients/registry.js';
import { correctContact, recordContact, voidContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import { systemActor } from '../identity/actor.js';
import { importOrgUnits } from '../org/org-units.js';
import { recordOverdose } from '../overdoses/overdose-events.js';
import { clearProgrammeCache } from '../programme/programme-settings.js';
import { putSetting } from '../settings/settings.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { buildDashboard } from './dashboard.js';
import { importEstimates, importTargets } from './estimates.js';
import { buildReport } from './report-service.js';

const cli = systemActor();

for (const dialect of DIALECTS) {
  describe(`reports through the store on ${dialect}`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-23T12:00:00Z');
      // The episodes below are sparse by design (a start, a dose months later): no episode here ends
      // as lost to treatment. That rule has its own tests (core ost.test.ts, ost/ost-service.test.ts).
      const sln = await h.db
        .selectFrom('org_units')
        .select('id')
        .where('code', '=', 'SLN')
        .executeTakeFirstOrThrow();
      await putSetting(h.db, 'ost.lostAfterDays', 365, h.now(), sln.id);
      clearProgrammeCache();
      const enrol = (
        site: string,
        uic: string,
        sex: 'male',
        birthYear: number | null,
        kp: 'pwid' | 'pwud' | null,
      ) => enrolClient(h, cli, { siteCode: site, uic, sex, birthYear, kp });
      const visit = (
        clientId: string,
        site: string,
        date: string,
        items: Parameters<typeof recordContact>[2]['items'],
      ) => recordContact(h, cli, { clientId, siteCode: site, date, placeType: 'fixed_site', items });

      const A = await enrol('KYIV-DIC', 'AAA0191', 'male', 1991, 'pwid');
      await visit(A.id, 'KYIV-DIC', '2025-12-20', [{ code: 'iec' }]);
      await visit(A.id, 'KYIV-DIC', '2026-01-05', [
        { code: 'syringes', qty: 10 },
        { code: 'condoms', qty: 2 },
      ]);
      const voided = await visit(A.id, 'KYIV-DIC', '2026-02-20', [{ code: 'naloxone', qty: 1 }]);
      await voidContact(h, cli, voided.id, 'entered_in_error');

      const B = await enrol('ODESA-PORT', 'BBB0101', 'female' as 'male', 2001, 'pwid');
      await visit(B.id, 'ODESA-PORT', '2026-02-01', [
        { code: 'needles', qty: 5 },
        { code: 'hiv_test', result: 'positive' },
      ]);
      await visit(B.id, 'ODESA-PORT', '2026-05-02', [{ code: 'art_start' }]); // 90 days later: linked

      const C = await enrol('KYIV-DIC', 'CCC0190', 'male', 1990, 'pwid');
      await visit(C.id, 'KYIV-DIC', '2026-01-10', [{ code: 'hiv_test', result: 'positive' }]);
      await visit(C.id, 'KYIV-DIC', '2026-04-11', [{ code: 'art_start' }]); // 91 days later: not linked

      const D = await enrol('KYIV-DIC', 'DDD0102', 'trans_woman' as 'male', 2002, 'pwud');
      const wrong = await visit(D.id, 'KYIV-DIC', '2026-02-15', [{ code: 'syringes', qty: 3 }]);
      await correctContact(h, cli, wrong.id, {
        siteCode: 'KYIV-DIC',
        date: '2026-02-16',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 4 }],
      });

      const E = await enrol('KYIV-DIC', 'EEE0185', 'male', 1985, 'pwid');
      const F = await enrol('KYIV-DIC', 'FFF0185', 'unknown' as 'male', null, 'pwid');
      await visit(E.id, 'KYIV-DIC', '2026-03-01', [{ code: 'syringes', qty: 7 }]);
      await visit(F.id, 'KYIV-DIC', '2026-03-02', [{ code: 'iec' }]);
      await mergeClients(h, cli, E.id, F.id);

      const G = await enrol('KYIV-OST', 'GGG0180', 'male', 1980, 'pwid');
      await visit(G.id, 'KYIV-OST', '2025-11-01', [
        { code: 'ost', event: 'start', medicine: 'methadone', mg: 40 },
      ]);
      await visit(G.id, 'KYIV-OST', '2026-02-10', [{ code: 'ost', event: 'dose', mg: 60 }]);
      await visit(G.id, 'KYIV-OST', '2026-03-31', [{ code: 'ost', event: 'stop' }]); // stopped on the census day
      const H = await enrol('KYIV-OST', 'HHH0195', 'female' as 'male', 1995, 'pwid');
      await visit(H.id, 'KYIV-OST', '2026-01-15', [
        { code: 'ost', event: 'start', medicine: 'buprenorphine', mg: 8 },
      ]);

      await importEstimates(
        h,
        cli,
        'org_unit,year,pwid,pwid_opioid\nUA-KYIV,2026,100,80\nUA-ODESA,2025,50,\n',
      );
      await importTargets(h, cli, 'org_unit,indicator,period,value\nUA,reached,2026Q1,14\n');
    });
    afterAll(async () => h.dispose());

    const report = async (period: string, orgUnit: string, disaggregate?: string) =>
      (await buildReport(h, cli, { period, orgUnit, disaggregate: disaggregate ?? null })).report;

    it('counts contacts, people and new people (a first contact before the period is not new; a merged pair is one person)', async () => {
      const r = await report('2026Q1', 'UA');
      expect(reportValue(r, 'contacts')).toBe(9);
      expect(reportValue(r, 'reached')).toBe(7);
      expect(reportValue(r, 'reached.new')).toBe(5);
      expect(reportValue(r, 'reached.package')).toBe(3);
      expect(reportValue(r, 'naloxone.kits')).toBe(0);
    });

    it('counts an organisation with overdose events and no client, answers zeros for one with nothing, and reads only the indicators asked', async () => {
      // New organisations in a harbour of their own (the other tests count this one's units).
      const other = await createTestHarbour(dialect);
      await createDemo(other, { clients: 0 });
      other.setNow('2026-11-23T12:00:00Z');
      await importOrgUnits(
        other,
        cli,
        'code,name,parent\nNEWORG,New organisation,HRC\nNEW-SITE,New site,NEWORG\nEMPTYORG,Empty organisation,HRC\nEMPTY-SITE,Empty site,EMPTYORG\n',
      );
      await recordOverdose(
        other,
        cli,
        {
          siteCode: 'NEW-SITE',
          clientId: null,
          date: '2026-02-10',
          time: null,
          place: 'public_place',
          ambulance: false,
          doses: 2,
          outcome: 'survived',
        },
        { source: 'console' },
      );
      const own = async (orgUnit: string) =>
        (await buildReport(other, cli, { period: '2026Q1', orgUnit, disaggregate: null })).report;
      const fresh = await own('NEWORG');
      expect(reportValue(fresh, 'overdose.events')).toBe(1);
      expect(reportValue(fresh, 'naloxone.reversals')).toBe(1);
      expect(reportValue(fresh, 'reached')).toBe(0);
      const empty = await own('EMPTYORG');
      await other.dispose();
      for (const v of empty.values)
        if (typeof v.value === 'number' && !v.indicator.startsWith('estimate.'))
          expect(v.value, v.indicator).toBe(0);
      // Only what is asked, with the same figures as the whole report.
      const whole = await report('2026Q1', 'UA');
      const few = (
        await buildReport(
          h,
          cli,
          { period: '2026Q1', orgUnit: 'UA', disaggregate: null },
          { indicators: ['reached', 'ost.active', 'overdose.events'] },
        )
      ).report;
      expect(new Set(few.values.map((v) => v.indicator))).toEqual(
        new Set(['reached', 'ost.active', 'overdose.events']),
      );
      for (const v of few.values) expect(v.value, v.indicator).toEqual(reportValue(whole, v.indicator));
      expect(reportValue(whole, 'ost.active')).toBeGreaterThan(0);
    });

    it('uses the corrected contact, not the one it supersedes', async () => {
      const r = await report('2026Q1', 'UA');
      expect(reportValue(r, 'nsp.syringes')).toBe(21);
      expect(reportValue(r, 'nsp.needles')).toBe(5);
      expect(reportValue(r, 'nsp.clients')).toBe(3);
      expect(reportValue(r, 'nsp.per_client')).toBe(7);
    });

    it('links ART 90 days after a positive result, not 91', async () => {
      const r = await report('2026Q1', 'UA');
      expect([
        reportValue(r, 'hts.tested'),
        reportValue(r, 'hts.positive'),
        reportValue(r, 'art.linked'),
      ]).toEqual([2, 2, 1]);
    });

    it('takes the OST census on the last day (a stop that day is off) and follows retention', async () => {
      const r = await report('2026Q1', 'UA');
      expect([
        reportValue(r, 'ost.active'),
        reportValue(r, 'ost.new'),
        reportValue(r, 'ost.retention_6m'),
      ]).toEqual([1, 1, 1]);
      const before = await report('2026-03-30/2026-03-30', 'UA');
      expect(reportValue(before, 'ost.active')).toBe(2);
    });

    it('sums the children when a scope has no estimate of its own, falls back to PWID for OST, and says which year', async () => {
      const r = await report('2026Q1', 'UA');
      expect(reportValue(r, 'estimate.pwid')).toBe(150);
      expect(reportValue(r, 'estimate.pwid_opioid')).toBeNull();
      expect(reportValue(r, 'estimate.year')).toBe(2025);
      expect(reportValue(r, 'estimate.ost_denominator')).toBe('pwid');
      expect(reportValue(r, 'ost.coverage')).toBeCloseTo(1 / 150, 12);
      expect(reportValue(r, 'nsp.per_pwid_year')).toBeCloseTo((21 / 150) * (365 / 90), 12);
      const kyiv = await report('2026Q1', 'UA-KYIV');
      expect(reportValue(kyiv, 'estimate.ost_denominator')).toBe('pwid_opioid');
      expect(reportValue(kyiv, 'ost.coverage')).toBeCloseTo(1 / 80, 12);
      expect(reportValue(r, 'targets.achievement', { indicator: 'reached' })).toBe(0.5);
    });

    it('puts an age exactly on a band edge in the upper band, and breaks down by org unit', async () => {
      const r = await report('2026Q1', 'UA', 'sex,age:gf');
      expect(reportValue(r, 'reached', { sex: 'female', age: '25+' })).toBe(2); // B (25 exactly) and H
      expect(reportValue(r, 'reached', { sex: 'trans_woman', age: '20-24' })).toBe(1);
      expect(reportValue(r, 'reached', { sex: 'transgender', age: '20-24' })).toBe(1);
      const fine = await report('2026Q1', 'UA', 'age:fine');
      expect(reportValue(fine, 'reached', { age: '25-29' })).toBe(1);
      const units = await report('2026Q1', 'UA', 'orgUnit:4');
      expect(reportValue(units, 'reached', { orgUnit: 'UA-KYIV' })).toBe(6);
      expect(reportValue(units, 'reached', { orgUnit: 'UA-ODESA' })).toBe(1);
      expect(reportValue(units, 'estimate.pwid', { orgUnit: 'UA-ODESA' })).toBe(50);
      expect(reportValue(units, 'nsp.coverage', { orgUnit: 'UA-KYIV' })).toBe(0.02);
    });

    it('sees a new contact in the next report at once', async () => {
      const before = reportValue(await report('2026Q2', 'UA'), 'contacts') as number;
      const c = await enrolClient(h, cli, { siteCode: 'ODESA-DIC', uic: 'NEW0199', sex: 'male' });
      await recordContact(h, cli, {
        clientId: c.id,
        siteCode: 'ODESA-DIC',
        date: '2026-05-05',
        placeType: 'outreach',
        items: [{ code: 'condoms', qty: 3 }],
      });
      expect(reportValue(await report('2026Q2', 'UA'), 'contacts')).toBe(before + 1);
    });

    it('builds the dashboard from the same reports: twelve months, coverage by the mapped level, data quality', async () => {
      const d = await buildDashboard(h, cli, { period: '2026Q1', orgUnit: 'UA' });
      expect(d.months.map((m) => m.month)).toEqual([
        '2025-04',
        '2025-05',
        '2025-06',
        '2025-07',
        '2025-08',
        '2025-09',
        '2025-10',
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
      ]);
      const jan = d.months.find((m) => m.month === '2026-01')!;
      // A (first seen in December), C and H; C and H are new.
      expect([jan.reached, jan.reachedNew, jan.syringes]).toEqual([3, 2, 10]);
      expect(d.months.find((m) => m.month === '2025-11')!.ostNew).toBe(1);
      // The demo's schematic boundaries exist for regions, so the map of a country shows its regions.
      expect(d.map).toEqual({ level: 4 });
      expect(d.units.map((u) => [u.code, u.reached, u.estimatePwid])).toEqual([
        ['UA-KYIV', 6, 100],
        ['UA-ODESA', 1, 50],
      ]);
      expect(d.dataQuality.sitesNotReporting.map((x) => x.code)).toEqual(['KYIV-VAN', 'ODESA-DIC']);
      expect([d.dataQuality.missingSex, d.dataQuality.missingBirthYear]).toEqual([0, 0]);
      const whole = await buildDashboard(h, cli, { period: '2026Q1', orgUnit: 'HRC' });
      expect(whole.map).toEqual({ level: 3 });
      expect(whole.units.map((u) => u.code)).toEqual(['ID', 'KZ', 'UA']);
    });

    it("shows a donor each unit the same in the report by unit and in the unit's own report, whatever the breakdown", async () => {
      const donor = await actorFor(h.db, 'donor');
      const ask = async (orgUnit: string, disaggregate: string) =>
        (await buildReport(h, donor, { period: '2026Q1', orgUnit, disaggregate })).report.values;
      for (const dims of ['sex', 'sex,age:gf', 'kp', 'age:fine,kp']) {
        const byUnit = await ask('UA', `orgUnit:4,${dims}`);
        for (const unit of ['UA-KYIV', 'UA-ODESA']) {
          const own = await ask(unit, dims);
          const cells = own.filter((v) => Object.keys(v.disaggregation).length > 0);
          expect(cells.length).toBeGreaterThan(0);
          for (const v of cells) {
            const there = byUnit.find(
              (u) =>
                u.indicator === v.indicator &&
                u.disaggregation.orgUnit === unit &&
                Object.entries(v.disaggregation).every(([k, x]) => u.disaggregation[k] === x),
            );
            expect({ ...v, value: there?.value }).toEqual(v);
          }
        }
      }
    });

    it('always suppresses for donors and advocates, and keeps other organisations out', async () => {
      const donor = await actorFor(h.db, 'donor');
      const r = (await buildReport(h, donor, { period: '2026Q1', orgUnit: 'UA' })).report;
      expect(r.suppression).toEqual({ threshold: 5 });
      expect(reportValue(r, 'reached')).toBe(7);
      expect(reportValue(r, 'reached.package')).toBe('<5');
      const lower = (await buildReport(h, donor, { period: '2026Q1', orgUnit: 'UA', suppress: 2 })).report;
      expect(lower.suppression).toEqual({ threshold: 5 });
      const manager = await actorFor(h.db, 'manager');
      expect(
        (await buildReport(h, manager, { period: '2026Q1', orgUnit: 'UA-KYIV' })).report.suppression,
      ).toBeNull();
      await expect(buildReport(h, manager, { period: '2026Q1', orgUnit: 'UA' })).rejects.toMatchObject({
        status: 404,
      });
      await expect(
        buildReport(h, await actorFor(h.db, 'staff'), { period: '2026Q1', orgUnit: 'KYIV-DIC' }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        buildReport(h, manager, { period: '2026Q5', orgUnit: 'UA-KYIV', disaggregate: 'colour' }),
      ).rejects.toMatchObject({
        issues: [
          expect.objectContaining({ field: 'period' }),
          expect.objectContaining({ field: 'disaggregate', value: 'colour' }),
        ],
      });
    });
  });
}
