/**
 * Community-led monitoring through the API on both databases: a programme asks an expert to visit a
 * site, the expert sends the visit (bad input named, the same visit twice kept once), the scorecard
 * over two visits, action items moved along by the site, the files; then who may reach what (reads and
 * writes, inside and outside the subtree, by id and by code), and nothing readable at rest.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const VISIT = (visitedOn: string, naloxone: number, respect: number | null) => ({
  visitedOn,
  scores: { naloxone, respect, ost_waiting: 2 },
  notes: { naloxone: 'Kit handed over with a short demonstration by a peer' },
  summary: 'Warm welcome but the waiting list for OST is long',
  feedback: { asked: 6, good: 4, fair: 1, poor: 1 },
});

for (const dialect of DIALECTS) {
  describe(`community scorecards (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function start() {
      const h: TestHarbour = await createTestHarbour(dialect);
      h.setNow('2026-03-02T09:00:00Z');
      await createDemo(h, { clients: 0 });
      await createStaff(h, [
        ['brc-pm', 'programme_manager', 'BRC'],
        ['almaty-manager', 'site_manager', 'KZ-ALMATY'],
        ['expert2', 'community_expert', 'HRC'],
      ]);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      return { h, app };
    }

    const assign = async (pm: Client, site: string, expertId: string, dueOn: string) => {
      const r = await pm.post('/api/v1/scorecards/visits', { site, expertId, dueOn });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };

    it('runs a review: visits, the scorecard over time, action items and the files', async () => {
      const { h, app } = await start();
      let pm = await signInAs(app, 'programme');
      // No checklist yet: the default applies.
      const checklist = (await pm.get('/api/v1/scorecards/checklist?unit=KYIV-DIC')).json();
      expect(checklist).toMatchObject({ id: '', unit: 'KYIV-DIC' });
      expect(checklist.items.map((i: { id: string }) => i.id)).toContain('naloxone');
      const pool = (await pm.get('/api/v1/scorecards/visitors?site=KYIV-DIC')).json().experts;
      const oksana = pool.find((e: { name: string }) => e.name.startsWith('Oksana'));
      expect(oksana).toBeDefined();
      // A manager is not an expert, and the day to visit by cannot have passed.
      const bad = await pm.post('/api/v1/scorecards/visits', {
        site: 'KYIV-DIC',
        expertId: pool[0].id,
        dueOn: '2026-03-01',
      });
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['dueOn']);
      const first = await assign(pm, 'KYIV-DIC', oksana.id, '2026-03-20');
      // The default checklist was saved where the programme runs reviews.
      expect((await pm.get('/api/v1/scorecards/checklist?unit=KYIV-DIC')).json()).toMatchObject({
        unit: 'HRC',
      });
      // A unit's own checklist wins over the one above it, for its sites only.
      const own = await pm.put('/api/v1/scorecards/checklist', {
        unit: 'KZ',
        name: 'Kazakhstan scorecard',
        items: [{ id: 'naloxone', label: { en: 'Naloxone' } }],
      });
      expect(own.json()).toMatchObject({ unit: 'KZ', name: 'Kazakhstan scorecard' });
      const applies = async (site: string) =>
        (await pm.get(`/api/v1/scorecards/checklist?unit=${site}`)).json().unit;
      expect([await applies('ALMATY-DIC'), await applies('KYIV-OST')]).toEqual(['KZ', 'HRC']);

      let expert = await signInAs(app, 'expert');
      const mine = (await expert.get('/api/v1/scorecards/my-visits')).json().visits;
      expect(mine).toMatchObject([{ id: first, state: 'assigned', site: { code: 'KYIV-DIC' } }]);
      // Off the scale, off the checklist, in the future: each named, nothing kept.
      const wrong = await expert.put(`/api/v1/scorecards/visits/${first}`, {
        ...VISIT('2026-03-09', 7, 3),
        scores: { naloxone: 7, pizza: 3 },
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual([
        'scores.naloxone',
        'scores.pizza',
        'visitedOn',
      ]);
      h.setNow('2026-03-10T12:00:00Z');
      expert = await signInAs(app, 'expert');
      const sent = await expert.put(`/api/v1/scorecards/visits/${first}`, VISIT('2026-03-09', 2, 3));
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json()).toMatchObject({ state: 'submitted', overall: 7 / 3, visitedOn: '2026-03-09' });
      // A phone that lost the answer sends it again: kept once. A different visit is refused.
      const again = await expert.put(`/api/v1/scorecards/visits/${first}`, VISIT('2026-03-09', 2, 3));
      expect(again.statusCode).toBe(200);
      const changed = await expert.put(`/api/v1/scorecards/visits/${first}`, VISIT('2026-03-09', 5, 3));
      expect(changed.statusCode).toBe(409);

      // A second visit three months on.
      h.setNow('2026-06-01T09:00:00Z');
      pm = await signInAs(app, 'programme');
      const second = await assign(pm, 'KYIV-DIC', oksana.id, '2026-06-30');
      h.setNow('2026-06-12T09:00:00Z');
      expert = await signInAs(app, 'expert');
      expect(
        (await expert.put(`/api/v1/scorecards/visits/${second}`, VISIT('2026-06-11', 4, null))).statusCode,
      ).toBe(200);

      pm = await signInAs(app, 'programme');
      const card = (await pm.get('/api/v1/scorecards/sites/KYIV-DIC')).json();
      expect(card.visits.map((v: { visitedOn: string }) => v.visitedOn)).toEqual([
        '2026-03-09',
        '2026-06-11',
      ]);
      // Hand-computed: (2+3+2)/3 then (4+2)/2; respect not seen in June keeps March's 3.
      expect(card.overall).toMatchObject({ scores: [7 / 3, 3], latest: 3, change: 3 - 7 / 3, band: 'fair' });
      const byId = Object.fromEntries(card.items.map((i: { id: string }) => [i.id, i]));
      expect(byId.naloxone).toMatchObject({ scores: [2, 4], latest: 4, change: 2, band: 'good' });
      expect(byId.respect).toMatchObject({ scores: [3, null], latest: 3, change: null });
      expect(card.feedback).toEqual({ asked: 12, good: 8, fair: 2, poor: 2 });
      // Those who run reviews read the notes (audited).
      const detail = (await pm.get(`/api/v1/scorecards/visits/${first}`)).json();
      expect(detail.notes.naloxone).toContain('short demonstration');

      // The finding becomes an action item; the site manager moves it along.
      const act = await pm.post('/api/v1/scorecards/actions', {
        site: 'KYIV-DIC',
        reviewId: first,
        item: 'ost_waiting',
        action: 'Agree a same-week OST start with the clinic',
        owner: 'Head of the drop-in centre',
        dueOn: '2026-07-31',
      });
      expect(act.statusCode, act.body).toBe(201);
      const offList = await pm.post('/api/v1/scorecards/actions', {
        site: 'KYIV-DIC',
        reviewId: first,
        item: 'pizza',
        action: 'x',
        owner: 'y',
        dueOn: '2026-07-31',
      });
      expect(offList.json().errors[0]).toMatchObject({ field: 'item', value: 'pizza' });
      const manager = await signInAs(app, 'manager');
      const moved = await manager.patch(`/api/v1/scorecards/actions/${act.json().id}`, {
        status: 'in_progress',
      });
      expect(moved.json()).toMatchObject({ status: 'in_progress', overdue: false });
      const dropped = await manager.patch(`/api/v1/scorecards/actions/${act.json().id}`, {
        status: 'dropped',
      });
      expect(dropped.json().errors[0]).toMatchObject({ field: 'note', rule: 'required' });
      // Past its day and still to do: late, on the site and on the programme's list of sites.
      h.setNow('2026-08-05T09:00:00Z');
      pm = await signInAs(app, 'programme');
      const sites = (await pm.get('/api/v1/scorecards/sites')).json().sites;
      expect(sites).toEqual([
        {
          site: { code: 'KYIV-DIC', name: 'Kyiv drop-in centre' },
          visits: 2,
          lastVisit: '2026-06-11',
          latest: 3,
          band: 'fair',
          openActions: 1,
          overdueActions: 1,
          pendingReviews: 0,
        },
      ]);

      // The files: a workbook and a PDF, with the scores and the action, never the notes.
      const xlsx = await pm.get('/api/v1/scorecards/sites/KYIV-DIC/export?format=xlsx');
      expect(xlsx.headers['content-disposition']).toContain('scorecard-kyiv-dic.xlsx');
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Scorecard')!;
      const overallRow = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === 'Overall')!;
      expect([overallRow.getCell(2).value, overallRow.getCell(3).value, overallRow.getCell(6).value]).toEqual(
        [7 / 3, 3, 'fair'],
      );
      expect(wb.getWorksheet('Actions')!.getRow(2).getCell(2).value).toBe(
        'Agree a same-week OST start with the clinic',
      );
      expect(JSON.stringify(wb.model)).not.toContain('short demonstration');
      const pdf = await pm.get('/api/v1/scorecards/sites/KYIV-DIC/export?format=pdf');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      // An action written like a formula stays text in the workbook.
      await pm.post('/api/v1/scorecards/actions', {
        site: 'KYIV-DIC',
        action: '=HYPERLINK("http://example.org","open")',
        owner: '+manager',
        dueOn: '2026-09-30',
      });
      const withFormula = new ExcelJS.Workbook();
      await withFormula.xlsx.load(
        (await pm.get('/api/v1/scorecards/sites/KYIV-DIC/export?format=xlsx'))
          .rawPayload as unknown as ArrayBuffer,
      );
      const formulaRow = withFormula.getWorksheet('Actions')!.getRow(3);
      expect([formulaRow.getCell(2).value, formulaRow.getCell(3).value]).toEqual([
        '\'=HYPERLINK("http://example.org","open")',
        "'+manager",
      ]);

      // Nothing an expert or a manager wrote is readable at rest, nor in the audit log.
      const dump = JSON.stringify([
        await h.db.selectFrom('service_reviews').selectAll().execute(),
        await h.db.selectFrom('review_actions').selectAll().execute(),
        await h.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      for (const secret of ['short demonstration', 'Warm welcome', 'same-week OST', 'Head of the drop-in'])
        expect(dump).not.toContain(secret);
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
      for (const a of [
        'scorecard.visit_assigned',
        'scorecard.visit_submitted',
        'scorecard.visit_read',
        'scorecard.action_added',
        'scorecard.action_updated',
      ])
        expect(actions).toContain(a);
    });

    it('lets each role reach only what it should, by code and by id, reads and writes', async () => {
      const { app } = await start();
      const pm = await signInAs(app, 'programme');
      const oksana = (await pm.get('/api/v1/scorecards/visitors?site=ALMATY-DIC'))
        .json()
        .experts.find((e: { name: string }) => e.name.startsWith('Oksana'));
      const almaty = await assign(pm, 'ALMATY-DIC', oksana.id, '2026-03-30');
      const action = (
        await pm.post('/api/v1/scorecards/actions', {
          site: 'ALMATY-DIC',
          action: 'Longer hours',
          owner: 'Site lead',
          dueOn: '2026-04-30',
        })
      ).json().id as string;

      // A site manager in Kyiv: Almaty is not there, by code or by id, for reading or writing.
      const kyiv = await signInAs(app, 'manager');
      expect((await kyiv.get('/api/v1/scorecards/sites/ALMATY-DIC')).statusCode).toBe(404);
      expect((await kyiv.get('/api/v1/scorecards/sites/ALMATY-DIC/export?format=pdf')).statusCode).toBe(404);
      expect((await kyiv.get('/api/v1/scorecards/visits?site=ALMATY-DIC')).statusCode).toBe(404);
      expect((await kyiv.patch(`/api/v1/scorecards/actions/${action}`, { status: 'done' })).statusCode).toBe(
        404,
      );
      expect((await kyiv.get('/api/v1/scorecards/sites')).json().sites).toEqual([]);
      // Reading is not running reviews: no notes, no assigning, no new actions.
      expect((await kyiv.get(`/api/v1/scorecards/visits/${almaty}`)).statusCode).toBe(403);
      expect(
        (
          await kyiv.post('/api/v1/scorecards/actions', {
            site: 'KYIV-DIC',
            action: 'x',
            owner: 'y',
            dueOn: '2026-04-30',
          })
        ).statusCode,
      ).toBe(403);
      // Almaty's own manager sees and moves it.
      const own = await signInAs(app, 'almaty-manager');
      expect((await own.get('/api/v1/scorecards/sites/ALMATY-DIC')).json().actions).toHaveLength(1);
      expect((await own.patch(`/api/v1/scorecards/actions/${action}`, { status: 'done' })).statusCode).toBe(
        200,
      );

      // Another organisation's programme manager: nothing of Street Light's sites.
      const brc = await signInAs(app, 'brc-pm');
      expect((await brc.get('/api/v1/scorecards/sites/ALMATY-DIC')).statusCode).toBe(404);
      expect((await brc.get(`/api/v1/scorecards/visits/${almaty}`)).statusCode).toBe(404);
      expect((await brc.patch(`/api/v1/scorecards/actions/${action}`, { status: 'open' })).statusCode).toBe(
        404,
      );
      expect(
        (
          await brc.post('/api/v1/scorecards/visits', {
            site: 'ALMATY-DIC',
            expertId: oksana.id,
            dueOn: '2026-04-01',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await brc.put('/api/v1/scorecards/checklist', {
            unit: 'SLN',
            name: 'x',
            items: [{ id: 'ab', label: { en: 'x' } }],
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await brc.request({ method: 'DELETE', url: `/api/v1/scorecards/visits/${almaty}` })).statusCode,
      ).toBe(404);

      // Another expert: not their visit, by id, for reading or sending.
      const other = await signInAs(app, 'expert2');
      expect((await other.get(`/api/v1/scorecards/visits/${almaty}`)).statusCode).toBe(404);
      expect(
        (await other.put(`/api/v1/scorecards/visits/${almaty}`, VISIT('2026-03-02', 3, 3))).statusCode,
      ).toBe(404);
      expect((await other.get('/api/v1/scorecards/my-visits')).json().visits).toEqual([]);
      // Staff who serve clients have no part in it.
      const staff = await signInAs(app, 'staff');
      expect((await staff.get('/api/v1/scorecards/sites')).statusCode).toBe(403);
      expect((await staff.get('/api/v1/scorecards/my-visits')).statusCode).toBe(403);
    });
  });
}
