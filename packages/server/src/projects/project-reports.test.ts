/**
 * Members' periodic reports on both databases: the member submits a period's report once the period
 * is over, the lead sends it back with a comment or accepts it (and can reopen it), the calendar
 * flags late ones, and a period under review or accepted is closed to new spending. Access is
 * decided in one place: the lead sees and reviews all, a member reads and submits its own, a donor
 * sees the calendar's stages and no report.
 */

import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const PROJECT = {
  code: 'RCF-2025',
  name: 'Harm reduction consortium grant',
  donor: 'Robert Carr Fund',
  keeper: 'HRC',
  currency: 'USD',
  start: '2025-01-01',
  end: '2026-12-31',
  totalBudget: '400000',
  members: [
    { code: 'SLN', budget: { staff: '200000' } },
    { code: 'BRC', budget: { staff: '200000' } },
  ],
};

for (const dialect of DIALECTS) {
  describe(`members' periodic reports (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function start() {
      const h: TestHarbour = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2025-12-31T12:00:00Z');
      await createStaff(h);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      const lead = await signInAs(app, 'programme');
      const created = await lead.post('/api/v1/projects', PROJECT);
      expect(created.json().reporting).toEqual({ every: 'quarter', dueDays: 30 });
      return {
        h,
        app,
        lead,
        sln: await signInAs(app, 'sln-manager'),
        brc: await signInAs(app, 'brc-manager'),
      };
    }

    it('goes from submitted to sent back to accepted, closing the period to spending while under review or accepted', async () => {
      const { h, lead, sln } = await start();
      const url = '/api/v1/projects/RCF-2025/reports/SLN/2025Q3';
      const spend = (period: string) =>
        sln.post('/api/v1/projects/RCF-2025/spending', {
          member: 'SLN',
          line: 'staff',
          period,
          amount: '100',
        });
      expect((await spend('2025Q3')).statusCode).toBe(201);

      // The quarter under way cannot be reported yet.
      const early = await sln.post('/api/v1/projects/RCF-2025/reports/SLN/2025Q4/submit', { narrative: 'x' });
      expect(early.json().errors[0]).toMatchObject({ field: 'period', rule: 'period_open' });
      const unknown = await sln.post('/api/v1/projects/RCF-2025/reports/SLN/202508/submit', {
        narrative: 'x',
      });
      expect(unknown.json().errors[0]).toMatchObject({ field: 'period', rule: 'reporting_period' });

      const submitted = await sln.post(`${url}/submit`, {
        narrative: 'Outreach in Odesa doubled; staff costs on plan.',
      });
      expect(submitted.statusCode).toBe(200);
      expect(submitted.json()).toMatchObject({ stage: 'submitted', overdue: false, due: '2025-10-30' });
      const again = await sln.post(`${url}/submit`, { narrative: 'again' });
      expect(again.json().errors[0]).toMatchObject({ rule: 'under_review' });
      // Under review: the quarter and its months are closed to the member's spending; other quarters are not.
      for (const period of ['2025Q3', '202508', '2025']) {
        const r = await spend(period);
        expect(r.statusCode, period).toBe(400);
        expect(r.json().errors[0]).toMatchObject({ field: 'period', value: period, rule: 'closed' });
      }
      expect((await spend('2025Q2')).statusCode).toBe(201);

      // Sent back: a comment is required; then the period opens again.
      const bare = await lead.post(`${url}/review`, { decision: 'return' });
      expect(bare.json().errors[0]).toMatchObject({ field: 'comment', rule: 'required' });
      const returned = await lead.post(`${url}/review`, {
        decision: 'return',
        comment: 'Add the Kyiv van costs.',
      });
      expect(returned.json()).toMatchObject({ stage: 'returned', overdue: true });
      expect((await spend('2025Q3')).statusCode).toBe(201);
      await sln.post(`${url}/submit`, { narrative: 'Van costs added.' });
      const accepted = await lead.post(`${url}/review`, { decision: 'accept' });
      expect(accepted.json()).toMatchObject({ stage: 'accepted', narrative: 'Van costs added.' });
      expect((await spend('2025Q3')).json().errors[0].message).toContain('was accepted');
      expect((await lead.post(`${url}/review`, { decision: 'accept' })).json().errors[0]).toMatchObject({
        field: 'decision',
        rule: 'state',
      });
      const reopened = await lead.post(`${url}/review`, {
        decision: 'reopen',
        comment: 'Audit found a typo.',
      });
      expect(reopened.json().stage).toBe('returned');
      const history = (await sln.get(url)).json().history;
      expect(history.map((e: { action: string; comment: string | null }) => [e.action, e.comment])).toEqual([
        ['submitted', null],
        ['returned', 'Add the Kyiv van costs.'],
        ['submitted', null],
        ['accepted', null],
        ['reopened', 'Audit found a typo.'],
      ]);
      // Narratives and comments are sealed at rest.
      const stored = JSON.stringify([
        await h.db.selectFrom('project_reports').selectAll().execute(),
        await h.db.selectFrom('project_report_events').selectAll().execute(),
      ]);
      for (const text of [
        'Van costs added',
        'Add the Kyiv van costs',
        'Audit found a typo',
        'Outreach in Odesa',
      ])
        expect(stored).not.toContain(text);
      const actions = (
        await h.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', 'like', 'project.report_%')
          .execute()
      ).map((a) => a.action);
      expect(actions.sort()).toEqual(
        [
          'project.report_accepted',
          'project.report_reopened',
          'project.report_returned',
          'project.report_submitted',
          'project.report_submitted',
        ].sort(),
      );
    });

    it('flags late reports in the calendar, and shows each reader only what is theirs to see', async () => {
      const { app, lead, sln, brc } = await start();
      await sln.post('/api/v1/projects/RCF-2025/reports/SLN/2025Q1/submit', { narrative: 'First quarter.' });
      const calendar = (await lead.get('/api/v1/projects/RCF-2025/reports')).json();
      expect(calendar.periods.map((p: { period: string }) => p.period)).toEqual([
        '2025Q1',
        '2025Q2',
        '2025Q3',
        '2025Q4',
        '2026Q1',
        '2026Q2',
        '2026Q3',
        '2026Q4',
      ]);
      const stage = (c: typeof calendar, member: string, period: string) =>
        c.entries.find((e: { member: string; period: string }) => e.member === member && e.period === period);
      expect(stage(calendar, 'SLN', '2025Q1')).toMatchObject({ stage: 'submitted', overdue: false });
      expect(stage(calendar, 'BRC', '2025Q1')).toMatchObject({ stage: 'overdue', overdue: true });
      expect(stage(calendar, 'BRC', '2025Q4')).toMatchObject({ stage: 'upcoming', overdue: false });
      // A member sees its own row only; a donor every member's stage but no report.
      const own = (await brc.get('/api/v1/projects/RCF-2025/reports')).json();
      expect(new Set(own.entries.map((e: { member: string }) => e.member))).toEqual(new Set(['BRC']));
      const donor = await signInAs(app, 'donor');
      const seen = (await donor.get('/api/v1/projects/RCF-2025/reports')).json();
      expect(stage(seen, 'SLN', '2025Q1')).toMatchObject({ stage: 'submitted' });
      expect(JSON.stringify(seen)).not.toContain('First quarter.');
      expect((await donor.get('/api/v1/projects/RCF-2025/reports/SLN/2025Q1')).statusCode).toBe(400);
      // Another member's report: neither read nor submitted nor reviewed.
      expect((await brc.get('/api/v1/projects/RCF-2025/reports/SLN/2025Q1')).json().errors[0]).toMatchObject({
        field: 'member',
        value: 'SLN',
      });
      expect(
        (await brc.post('/api/v1/projects/RCF-2025/reports/SLN/2025Q2/submit', { narrative: 'x' }))
          .statusCode,
      ).toBe(400);
      expect(
        (await brc.post('/api/v1/projects/RCF-2025/reports/BRC/2025Q1/review', { decision: 'accept' }))
          .statusCode,
      ).toBe(403);
      // A member reads its own report; an M&E officer of the member reads, but may not submit.
      expect((await sln.get('/api/v1/projects/RCF-2025/reports/SLN/2025Q1')).json().narrative).toBe(
        'First quarter.',
      );
      const me = await signInAs(app, 'sln-me');
      expect((await me.get('/api/v1/projects/RCF-2025/reports/SLN/2025Q1')).statusCode).toBe(200);
      expect(
        (await me.post('/api/v1/projects/RCF-2025/reports/SLN/2025Q2/submit', { narrative: 'x' })).statusCode,
      ).toBe(403);
      // The report file is the reader's: a donor's PDF says totals only; a member's JSON has its own calendar.
      const pdf = await donor.get('/api/v1/projects/RCF-2025/report?format=pdf&period=2025Q3');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toContain('harbour-project-RCF-2025-2025-09-30.pdf');
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload, encoding: 'utf8' });
      expect(text).toContain('Totals only');
      expect(text).toContain('Report calendar');
      const file = JSON.parse((await brc.get('/api/v1/projects/RCF-2025/report?format=json')).body);
      expect(new Set(file.reports.entries.map((e: { member: string }) => e.member))).toEqual(
        new Set(['BRC']),
      );
      // Someone outside the project learns nothing of it.
      const outsider = await signInAs(app, 'jakarta');
      expect([403, 404]).toContain((await outsider.get('/api/v1/projects/RCF-2025/reports')).statusCode);
      // A schedule of half-years, due 15 days after.
      const changed = await lead.put('/api/v1/projects/RCF-2025', {
        ...PROJECT,
        reporting: { every: 'sixmonth', dueDays: 15 },
      });
      expect(changed.json().reporting).toEqual({ every: 'sixmonth', dueDays: 15 });
      const halves = (await lead.get('/api/v1/projects/RCF-2025/reports')).json();
      expect(halves.periods.map((p: { period: string; due: string }) => [p.period, p.due])).toEqual([
        ['2025S1', '2025-07-15'],
        ['2025S2', '2026-01-15'],
        ['2026S1', '2026-07-15'],
        ['2026S2', '2027-01-15'],
      ]);
    });
  });
}
