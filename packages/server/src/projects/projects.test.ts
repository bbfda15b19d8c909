/**
 * Consortium projects through the HTTP API on both databases: a lead sets a project up, members
 * record spending (in another currency at the period's rate, converted exactly), the dashboard adds
 * it up by member and line (hand-computed), and access is decided in one place — the lead sees and
 * changes all, a member only its own, a donor the totals, anyone else nothing — for reads and writes.
 */

import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolClient } from '../clients/registry.js';
import { recordContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { createUser } from '../identity/users.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

/** Two years, two members: the consortium (HRC) leads; Street Light (SLN) and Bridges (BRC) spend. */
const PROJECT = {
  code: 'RCF-2025',
  name: 'Harm reduction consortium grant',
  donor: 'Robert Carr Fund',
  keeper: 'HRC',
  currency: 'USD',
  start: '2025-01-01',
  end: '2026-12-31',
  totalBudget: '974623',
  lines: [
    { code: 'staff', name: 'Staff' },
    { code: 'services', name: 'Services' },
    { code: 'advocacy', name: 'Advocacy' },
  ],
  members: [
    { code: 'SLN', budget: { staff: '200000', services: '64024' } },
    { code: 'BRC', budget: { staff: '100000', advocacy: '50000' } },
  ],
};

for (const dialect of DIALECTS) {
  describe(`consortium projects (${dialect})`, () => {
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
      h.setNow('2025-12-31T12:00:00Z');
      await createStaff(h);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      const lead = await signInAs(app, 'programme');
      expect((await lead.post('/api/v1/projects', PROJECT)).statusCode).toBe(201);
      return { h, app, lead };
    }

    it('adds up spending by member and line against the budget, converting other currencies exactly (hand-computed)', async () => {
      const { h, app, lead } = await start();
      const sln = await signInAs(app, 'sln-manager');
      const brc = await signInAs(app, 'brc-manager');
      const spend = (c: typeof sln, body: Record<string, unknown>) =>
        c.post('/api/v1/projects/RCF-2025/spending', body);
      expect(
        (await spend(sln, { member: 'SLN', line: 'staff', period: '2025Q1', amount: '60000' })).statusCode,
      ).toBe(201);
      // 1,000,000 UAH at 0.0243 USD per UAH = 24,300.00 USD.
      const uah = await spend(sln, {
        member: 'SLN',
        line: 'services',
        period: '2025Q2',
        amount: '1000000',
        currency: 'UAH',
        rate: '0.0243',
      });
      expect(uah.json()).toMatchObject({ converted: '24300.00', replaced: false });
      // A second entry for the same member, line and period replaces the first.
      await spend(sln, { member: 'SLN', line: 'staff', period: '2025Q3', amount: '30000' });
      expect(
        (await spend(sln, { member: 'SLN', line: 'staff', period: '2025Q3', amount: '40000' })).json(),
      ).toMatchObject({ converted: '40000.00', replaced: true });
      await spend(brc, { member: 'BRC', line: 'staff', period: '2025Q4', amount: '20000.50' });

      const d = (await lead.get('/api/v1/projects/RCF-2025?asOf=2025-12-31')).json();
      // Half the project's days are gone (365 of 730).
      expect(d.elapsed).toBe(0.5);
      // 60,000 + 24,300 + 40,000 + 20,000.50 = 144,300.50 spent of 414,024 budgeted.
      expect(d.total).toMatchObject({ budget: '414024.00', spent: '144300.50', remaining: '269723.50' });
      expect(d.total.projected).toBe('288601.00');
      const sln_ = d.byMember.find((m: { code: string }) => m.code === 'SLN');
      expect(sln_).toMatchObject({
        budget: '264024.00',
        spent: '124300.00',
        projected: '248600.00',
        flag: null,
      });
      // BRC spent 20,000.50 of 150,000 at half time: under pace.
      expect(d.byMember.find((m: { code: string }) => m.code === 'BRC')).toMatchObject({
        flag: 'under_pace',
      });
      expect(d.byLine.find((l: { code: string }) => l.code === 'services')).toMatchObject({
        budget: '64024.00',
        spent: '24300.00',
        projected: '48600.00',
      });
      expect(d.spending).toHaveLength(4);
      // Members' budgets (414,024) are not the project's total (974,623): said to the lead.
      expect(d.warnings[0]).toContain('414024.00');
      const actions = (
        await h.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'project').execute()
      ).map((a) => a.action);
      expect(actions.filter((a) => a === 'project.spending_recorded')).toHaveLength(5);
      expect(actions).toContain('project.created');
    });

    it('names what is wrong and keeps nothing of a bad entry', async () => {
      const { app, lead } = await start();
      const sln = await signInAs(app, 'sln-manager');
      const bad = async (body: Record<string, unknown>) => {
        const r = await sln.post('/api/v1/projects/RCF-2025/spending', {
          member: 'SLN',
          line: 'staff',
          period: '2025Q1',
          amount: '10',
          ...body,
        });
        expect(r.statusCode).toBe(400);
        return r.json().errors[0];
      };
      expect(await bad({ currency: 'UAH' })).toMatchObject({ field: 'rate', rule: 'required' });
      expect(await bad({ currency: 'UAH', rate: '-1' })).toMatchObject({ field: 'rate', rule: 'format' });
      expect(await bad({ amount: '-5' })).toMatchObject({ field: 'amount' });
      expect(await bad({ period: '2027Q1' })).toMatchObject({ field: 'period', rule: 'project_dates' });
      expect(await bad({ period: '2026Q2' })).toMatchObject({ field: 'period', rule: 'future' });
      expect(await bad({ period: 'soon' })).toMatchObject({ field: 'period', rule: 'format' });
      expect(await bad({ line: 'travel' })).toMatchObject({ field: 'line', value: 'travel' });
      const d = (await lead.get('/api/v1/projects/RCF-2025')).json();
      expect(d.spending).toEqual([]);
      // Set-up: a negative budget, an unknown line, a member that is not an organisation, dates reversed.
      const setup = await lead.post('/api/v1/projects', {
        ...PROJECT,
        code: 'BAD-1',
        start: '2026-01-01',
        end: '2025-01-01',
        members: [
          { code: 'SLN', budget: { staff: '-1' } },
          { code: 'UA-KYIV', budget: { travel: '5' } },
        ],
      });
      expect(setup.statusCode).toBe(400);
      expect(setup.json().errors.map((e: { field: string }) => e.field)).toContain('members.0.budget.staff');
      const setup2 = await lead.post('/api/v1/projects', {
        ...PROJECT,
        code: 'BAD-2',
        start: '2026-01-01',
        end: '2025-01-01',
        members: [{ code: 'UA-KYIV', budget: { travel: '5' } }],
      });
      expect(
        setup2
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['end', 'members.0.budget.travel', 'members.0.code'].sort());
      expect((await lead.post('/api/v1/projects', PROJECT)).statusCode).toBe(409);
    });

    it('decides access in one place: lead all, member its own, donor totals, others nothing — reads and writes', async () => {
      const { app, lead } = await start();
      const sln = await signInAs(app, 'sln-manager');
      const brc = await signInAs(app, 'brc-manager');
      await sln.post('/api/v1/projects/RCF-2025/spending', {
        member: 'SLN',
        line: 'staff',
        period: '2025Q1',
        amount: '100',
      });
      await brc.post('/api/v1/projects/RCF-2025/spending', {
        member: 'BRC',
        line: 'staff',
        period: '2025Q1',
        amount: '200',
      });
      const view = async (who: string) => {
        const c = await signInAs(app, who);
        const list = (await c.get('/api/v1/projects')).json().projects ?? [];
        const d = await c.get('/api/v1/projects/RCF-2025');
        return {
          listed: list.map((p: { code: string; access: string }) => `${p.code}:${p.access}`),
          status: d.statusCode,
          entries: d.statusCode === 200 ? d.json().spending.map((e: { member: string }) => e.member) : null,
          cells:
            d.statusCode === 200
              ? [...new Set(d.json().cells.map((e: { member: string }) => e.member))]
              : null,
          total: d.statusCode === 200 ? d.json().total.spent : null,
        };
      };
      expect(await view('programme')).toEqual({
        listed: ['RCF-2025:lead'],
        status: 200,
        entries: expect.arrayContaining(['SLN', 'BRC']),
        cells: expect.arrayContaining(['SLN', 'BRC']),
        total: '300.00',
      });
      expect(await view('sln-manager')).toEqual({
        listed: ['RCF-2025:member'],
        status: 200,
        entries: ['SLN'],
        cells: ['SLN'],
        total: '300.00',
      });
      expect(await view('sln-me')).toMatchObject({ listed: ['RCF-2025:member'], entries: ['SLN'] });
      expect(await view('donor')).toEqual({
        listed: ['RCF-2025:totals'],
        status: 200,
        entries: [],
        cells: [],
        total: '300.00',
      });
      // Roles without the permission are refused; an organisation outside the project sees nothing of it.
      expect((await view('staff')).status).toBe(403);
      await createUser((open[0] as { h: TestHarbour }).h, systemActor(), {
        username: 'other-manager',
        displayName: 'Other',
        password: 'harbour-demo',
        locale: 'en',
        staffCode: null,
        grants: [{ role: 'programme_manager', orgUnitCode: 'UA' }],
      });
      expect(await view('other-manager')).toEqual({
        listed: [],
        status: 404,
        entries: null,
        cells: null,
        total: null,
      });

      // Writes: a member records only its own spending; only the lead changes the set-up.
      const asMember = await sln.post('/api/v1/projects/RCF-2025/spending', {
        member: 'BRC',
        line: 'staff',
        period: '2025Q2',
        amount: '1',
      });
      expect(asMember.statusCode).toBe(400);
      expect(asMember.json().errors[0]).toMatchObject({ field: 'member', value: 'BRC' });
      expect((await sln.put('/api/v1/projects/RCF-2025', PROJECT)).statusCode).toBe(403);
      expect(
        (
          await (
            await signInAs(app, 'donor')
          ).post('/api/v1/projects/RCF-2025/spending', {
            member: 'SLN',
            line: 'staff',
            period: '2025Q2',
            amount: '1',
          })
        ).statusCode,
      ).toBe(403);
      const outsider = await signInAs(app, 'other-manager');
      expect(
        (
          await outsider.post('/api/v1/projects/RCF-2025/spending', {
            member: 'SLN',
            line: 'staff',
            period: '2025Q2',
            amount: '1',
          })
        ).statusCode,
      ).toBe(404);
      expect((await outsider.put('/api/v1/projects/RCF-2025', PROJECT)).statusCode).toBe(404);
      // A member may not set up a project kept above it.
      expect(
        (await sln.post('/api/v1/projects', { ...PROJECT, code: 'SLN-OWN' })).json().errors[0],
      ).toMatchObject({
        field: 'keeper',
        value: 'HRC',
      });
      // The lead records for any member, and may not drop a member with spending from the set-up.
      expect(
        (
          await lead.post('/api/v1/projects/RCF-2025/spending', {
            member: 'BRC',
            line: 'advocacy',
            period: '2025Q3',
            amount: '5',
          })
        ).statusCode,
      ).toBe(201);
      const drop = await lead.put('/api/v1/projects/RCF-2025', { ...PROJECT, members: [PROJECT.members[0]] });
      expect(drop.statusCode).toBe(400);
      expect(drop.json().errors[0]).toMatchObject({ field: 'members', rule: 'has_spending' });
      const rename = await lead.put('/api/v1/projects/RCF-2025', { ...PROJECT, name: 'Renamed' });
      expect(rename.json()).toMatchObject({ name: 'Renamed', access: 'lead' });
    });

    it('reads targets against achieved: Harbour’s own indicators live per member (summed with a caveat), manual ones entered with evidence', async () => {
      const { h, app, lead } = await start();
      // People reached in 2025: 3 clients at Street Light (one seen twice), 2 at Bridges.
      const cli = systemActor();
      for (const [site, uic, dates] of [
        ['ODESA-PORT', 'AAA0190', ['2025-02-03', '2025-05-04']],
        ['ODESA-PORT', 'BBB0190', ['2025-02-10']],
        ['KYIV-DIC', 'CCC0190', ['2025-08-01']],
        ['JKT-DIC', 'DDD0190', ['2025-03-03']],
        ['JKT-DIC', 'EEE0190', ['2025-11-11']],
      ] as const) {
        const c = await enrolClient(h, cli, {
          siteCode: site,
          uic,
          sex: 'male',
          birthYear: 1990,
          kp: 'pwid',
        });
        for (const date of dates)
          await recordContact(h, cli, {
            clientId: c.id,
            siteCode: site,
            date,
            placeType: 'outreach',
            items: [{ code: 'syringes', qty: 10 }],
          });
      }
      const framework = {
        indicators: [
          {
            code: 'reach',
            objective: 'Reach people who use drugs',
            result: 'More people reached with prevention',
            name: 'People reached',
            harbour: 'reached',
            baseline: 2,
            splitYearly: true,
            targets: { '2025': 4 },
          },
          {
            code: 'events',
            objective: 'Change policy',
            result: 'Decision makers engaged',
            name: 'Advocacy events held',
            unit: 'events',
            targets: { '2025': 6 },
          },
        ],
      };
      expect((await lead.put('/api/v1/projects/RCF-2025/framework', framework)).statusCode).toBe(204);
      const sln = await signInAs(app, 'sln-manager');
      const brc = await signInAs(app, 'brc-manager');
      const enter = (c: typeof sln, body: Record<string, unknown>) =>
        c.post('/api/v1/projects/RCF-2025/results', body);
      expect(
        (
          await enter(sln, {
            indicator: 'events',
            member: 'SLN',
            period: '2025',
            value: 4,
            evidence: 'Minutes of the city council hearing, 12 May',
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (await enter(brc, { indicator: 'events', member: 'BRC', period: '2025', value: 3 })).statusCode,
      ).toBe(204);
      // Refused: another member's value, a computed indicator, a period outside the project.
      expect(
        (await enter(brc, { indicator: 'events', member: 'SLN', period: '2025', value: 9 })).json().errors[0],
      ).toMatchObject({ field: 'member' });
      expect(
        (await enter(sln, { indicator: 'reach', member: 'SLN', period: '2025', value: 9 })).json().errors[0],
      ).toMatchObject({ field: 'indicator', rule: 'computed' });
      expect(
        (await enter(sln, { indicator: 'events', member: 'SLN', period: '2030', value: 1 })).json().errors[0],
      ).toMatchObject({ field: 'period' });

      const r = (await lead.get('/api/v1/projects/RCF-2025/results')).json();
      const reach = r.indicators.find((i: { code: string }) => i.code === 'reach');
      expect(reach).toMatchObject({ harbour: 'reached', baseline: 2, sumCountsPeopleTwice: true });
      expect(reach.periods.map((p: { period: string }) => p.period)).toEqual([
        '2025',
        '2025Q1',
        '2025Q2',
        '2025Q3',
        '2025Q4',
      ]);
      // The year: SLN 3, BRC 2 → 5 of 4 (125%); Q1: SLN 2, BRC 1 → 3 of a quarter of 4.
      expect(reach.periods[0]).toMatchObject({ target: 4, achieved: 5, share: 1.25 });
      expect(reach.periods[0].byMember).toEqual([
        { member: 'SLN', value: 3, evidence: null, source: 'computed', receivedAt: null },
        { member: 'BRC', value: 2, evidence: null, source: 'computed', receivedAt: null },
      ]);
      expect(reach.periods[1]).toMatchObject({ target: 1, achieved: 3 });
      const events = r.indicators.find((i: { code: string }) => i.code === 'events');
      expect(events).toMatchObject({ sumCountsPeopleTwice: false });
      expect(events.periods).toEqual([
        {
          period: '2025',
          target: 6,
          achieved: 7,
          share: 7 / 6,
          byMember: [
            {
              member: 'SLN',
              value: 4,
              evidence: 'Minutes of the city council hearing, 12 May',
              source: null,
              receivedAt: null,
            },
            { member: 'BRC', value: 3, evidence: null, source: null, receivedAt: null },
          ],
        },
      ]);
      // A donor reads the same framework through suppression: Harbour's small figures hidden, so no sum.
      const donor = (await (await signInAs(app, 'donor')).get('/api/v1/projects/RCF-2025/results')).json();
      const donorReach = donor.indicators[0].periods[0];
      expect(donorReach.byMember.map((b: { value: unknown }) => b.value)).toEqual(['<5', '<5']);
      expect(donorReach.achieved).toBeNull();
      // A member's manager reads exact reports for its own organisation only: the other member's
      // Harbour figure is empty for them, and so is the total.
      const asMember = (await sln.get('/api/v1/projects/RCF-2025/results')).json().indicators[0].periods[0];
      expect(asMember.byMember).toEqual([
        { member: 'SLN', value: 3, evidence: null, source: 'computed', receivedAt: null },
        { member: 'BRC', value: null, evidence: null, source: 'computed', receivedAt: null },
      ]);
      expect(asMember.achieved).toBeNull();
      // A manual indicator with values cannot be dropped from the framework.
      const drop = await lead.put('/api/v1/projects/RCF-2025/framework', {
        indicators: [framework.indicators[0]],
      });
      expect(drop.json().errors[0]).toMatchObject({
        field: 'indicators',
        value: 'events',
        rule: 'has_values',
      });
      expect((await sln.put('/api/v1/projects/RCF-2025/framework', framework)).statusCode).toBe(403);
      const bad = await lead.put('/api/v1/projects/RCF-2025/framework', {
        indicators: [
          { ...framework.indicators[0], harbour: 'no.such', targets: { '2031': 1 } },
          framework.indicators[1],
        ],
      });
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['indicators.0.harbour', 'indicators.0.targets.2031']);
    });

    it("sets a project up from the finance officer's workbook uploaded in the console, framework and all, or refuses the whole file", async () => {
      const { app, lead } = await start();
      const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const template = await lead.get('/api/v1/projects/template.xlsx');
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toBe(XLSX);
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
      const about = wb.getWorksheet('Project')!;
      about.getCell('B2').value = 'UP-1';
      about.getCell('B5').value = 'HRC';
      about.getCell('B7').value = '2025-01-01';
      about.getCell('B8').value = '2026-12-31';
      const fw = wb.getWorksheet('Framework')!;
      const upload = async (client: typeof lead, query = '') =>
        client.request({
          method: 'POST',
          url: `/api/v1/projects/workbook${query}`,
          headers: { 'content-type': XLSX },
          payload: Buffer.from(await wb.xlsx.writeBuffer()),
        });
      // A target year outside the project's dates: the whole file refused, named by its sheet row.
      const header = (fw.getRow(1).values as unknown[]).map(String);
      const yearColumn = header.findIndex((v) => /^\d{4}$/.test(v));
      expect(yearColumn).toBeGreaterThan(0);
      fw.getRow(1).getCell(yearColumn).value = '2031';
      const bad = await upload(lead);
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain(
        'Framework row 2 (targets.2031)',
      );
      expect((await lead.get('/api/v1/projects/UP-1')).statusCode).toBe(404);
      fw.getRow(1).getCell(yearColumn).value = '2025';
      // Someone who may not set projects up, and a body that is not a workbook.
      expect((await upload(await signInAs(app, 'staff'))).statusCode).toBe(403);
      // A member's manager leads nothing above their organisation: HRC answered like an unknown unit.
      const member = await upload(await signInAs(app, 'sln-manager'));
      expect(member.statusCode).toBe(400);
      expect(member.json().errors[0]).toMatchObject({ field: 'keeper' });
      const notBook = await lead.request({
        method: 'POST',
        url: '/api/v1/projects/workbook',
        headers: { 'content-type': XLSX },
        payload: Buffer.from('not a workbook'),
      });
      expect(notBook.statusCode).toBe(400);
      expect(notBook.json().errors[0]).toMatchObject({ field: 'file', rule: 'format' });
      const made = await upload(lead);
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ code: 'UP-1', framework: true });
      const results = (await lead.get('/api/v1/projects/UP-1/results')).json();
      expect(results.indicators.length).toBeGreaterThan(0);
      // The same file again is refused (the code is taken) unless it replaces the project.
      expect((await upload(lead)).statusCode).toBe(409);
      about.getCell('B3').value = 'Renamed from the workbook';
      const replaced = await upload(lead, '?replace=true');
      expect(replaced.statusCode, replaced.body).toBe(201);
      expect(replaced.json().name).toBe('Renamed from the workbook');
    });
  });
}
