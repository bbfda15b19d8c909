/**
 * A small-grants competition through the API on both databases: a call opened by a grants officer,
 * groups applying without an account (private links, files checked by their bytes, the deadline),
 * screening, reviewers with a conflict of interest and blind scores, the ranking and the envelope,
 * the decision, and the grant's tranches and reports through the same link. Then who may reach what
 * (reads and writes, inside and outside the call's subtree, by id), and nothing readable at rest.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const CALL = {
  unit: 'SLN',
  title: { en: 'Community voices', ru: 'Голоса сообщества' },
  description: { en: 'Small grants for groups of people who use drugs', ru: 'Малые гранты' },
  eligibility: { en: 'Led by people who use drugs', ru: 'Под руководством ЛУН' },
  countries: ['UA', 'KZ'],
  currency: 'USD',
  envelope: '6000',
  minGrant: '1000',
  maxGrant: '4000',
  criteria: [
    { id: 'need', label: { en: 'Need', ru: 'Потребность' }, weight: 2 },
    { id: 'plan', label: { en: 'Plan', ru: 'План' }, weight: 1 },
  ],
  scaleMax: 5,
  opensAt: '2026-03-01T00:00:00Z',
  closesAt: '2026-03-31T18:00:00Z',
  decisionBy: '2026-04-30',
  form: [
    { id: 'members', kind: 'number', label: { en: 'Members', ru: 'Участники' }, required: true },
    { id: 'budget', kind: 'file', label: { en: 'Budget', ru: 'Бюджет' }, required: true },
  ],
  reports: [
    { kind: 'narrative', dueDays: 90 },
    { kind: 'financial', dueDays: 180 },
  ],
  reviewersPerApplication: 2,
  shareComments: true,
};

const APPLY = (group: string, amount: string) => ({
  group,
  contact: `signal @${group.toLowerCase().replace(/\W/g, '')}-private`,
  country: 'UA',
  amount,
  summary: `${group} will hold legal literacy evenings`,
  answers: { members: 12 },
  language: 'en',
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');

for (const dialect of DIALECTS) {
  describe(`small-grants competitions (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function start() {
      const h: TestHarbour = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      await createStaff(h, [
        ['expert2', 'community_expert', 'SLN'],
        ['expert3', 'community_expert', 'HRC'],
        ['brc-expert', 'community_expert', 'BRC'],
        ['brc-grants', 'grants_officer', 'BRC'],
      ]);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      const officer = await signInAs(app, 'grants');
      const call = await officer.post('/api/v1/grants/calls', CALL);
      expect(call.statusCode, call.body).toBe(201);
      const pub = (
        path: string,
        method: 'GET' | 'POST' | 'PUT',
        token?: string,
        body?: unknown,
        headers = {},
      ) =>
        app.inject({
          method,
          url: `/api/v1/apply${path}`,
          headers: { ...(token ? { 'x-application-link': token } : {}), ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      return { h, app, officer, callId: call.json().id as string, pub };
    }

    it('runs a whole competition: apply, screen, review with a conflict, rank, award, report', async () => {
      const { h, app, callId, pub } = await start();
      let officer = await signInAs(app, 'grants');
      // The public page, without an account.
      const page = await pub(`/calls/${callId}`, 'GET');
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ phase: 'open', languages: ['en', 'ru'], maxGrant: '4000' });
      expect(JSON.stringify(page.json())).not.toContain('envelope');

      // Three groups apply; each gets a private link.
      const links: Record<string, string> = {};
      for (const [group, amount] of [
        ['Sunrise', '3000'],
        ['Harbour Lights', '4000'],
        ['Steppe Voices', '2500'],
      ] as const) {
        const r = await pub(`/calls/${callId}/applications`, 'POST', undefined, APPLY(group, amount));
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json().token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(r.json().application).toMatchObject({
          group,
          missing: ['budget'],
          editable: true,
          screening: 'pending',
        });
        links[group] = r.json().token;
      }
      // Over the most, outside the call's countries: refused naming the field; nothing kept.
      const over = await pub(`/calls/${callId}/applications`, 'POST', undefined, {
        ...APPLY('Big', '4000.01'),
        country: 'ID',
      });
      expect(over.statusCode).toBe(400);
      expect(over.json().errors.map((i: { field: string }) => i.field)).toEqual(['amount', 'country']);
      // A forged link is nothing.
      expect((await pub('/application', 'GET', 'A'.repeat(43))).statusCode).toBe(404);
      expect((await pub('/application', 'GET')).statusCode).toBe(404);

      // Files: checked by their bytes, never by their name.
      const file = (token: string, bytes: Buffer, name: string) =>
        pub('/application/files/budget', 'PUT', token, bytes, {
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
        });
      const mislabelled = await file(links.Sunrise!, PDF, 'budget.docx');
      expect(mislabelled.statusCode).toBe(400);
      expect(mislabelled.json().errors[0]).toMatchObject({ field: 'file', rule: 'mislabelled' });
      const exe = await file(links.Sunrise!, Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'budget.pdf');
      expect(exe.json().errors[0]).toMatchObject({ rule: 'type' });
      const big = await file(
        links.Sunrise!,
        Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]),
        'budget.pdf',
      );
      expect(big.statusCode).toBe(413);
      for (const token of Object.values(links)) {
        const ok = await file(token, PDF, 'бюджет 2026.pdf');
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json().missing).toEqual([]);
      }
      // Changed through the link while the call is open.
      const edited = await pub('/application', 'PUT', links['Steppe Voices'], {
        ...APPLY('Steppe Voices', '2000'),
      });
      expect(edited.json()).toMatchObject({ amount: '2000', editable: true });

      // Screening, reviewers and decisions wait for the deadline.
      const dashboard = async () => (await officer.get(`/api/v1/grants/calls/${callId}`)).json();
      const appIds = Object.fromEntries(
        (await dashboard()).applications.map((a: { group: string; id: string }) => [a.group, a.id]),
      ) as Record<string, string>;
      const early = await officer.post(`/api/v1/grants/applications/${appIds.Sunrise}/screening`, {
        eligible: true,
        reason: 'Led by people who use drugs',
      });
      expect(early.statusCode).toBe(409);

      h.setNow('2026-03-31T18:00:00Z');
      officer = await signInAs(app, 'grants');
      const late = await pub('/application', 'PUT', links.Sunrise, APPLY('Sunrise', '2000'));
      expect(late.statusCode).toBe(409);
      expect(late.json().errors[0]).toMatchObject({ field: 'call', rule: 'deadline' });
      expect((await pub('/application', 'GET', links.Sunrise)).json()).toMatchObject({
        amount: '3000',
        editable: false,
      });

      for (const [group, eligible] of [
        ['Sunrise', true],
        ['Harbour Lights', true],
        ['Steppe Voices', true],
      ] as const) {
        const r = await officer.post(`/api/v1/grants/applications/${appIds[group]}/screening`, {
          eligible,
          reason: 'Led by people who use drugs',
        });
        expect(r.statusCode, r.body).toBe(200);
      }
      // The pool for a call at SLN: experts on SLN or above (expert, expert2, expert3), never BRC's.
      const assigned = await officer.post(`/api/v1/grants/calls/${callId}/assignments`);
      expect(assigned.json()).toEqual({ added: 6, short: [] });
      const load = (await dashboard()).reviewers.map((r: { assigned: number }) => r.assigned);
      expect(load).toEqual([2, 2, 2]);

      // Each expert: Sunrise is declared a conflict by whoever has it first; the rest are scored.
      const experts = ['expert', 'expert2', 'expert3'];
      const conflicted = new Set<string>();
      for (const name of experts) {
        const me = await signInAs(app, name);
        const mine = (await me.get('/api/v1/grants/reviews')).json().reviews as { applicationId: string }[];
        expect(mine).toHaveLength(2);
        for (const { applicationId } of mine) {
          const before = (await me.get(`/api/v1/grants/reviews/${applicationId}`)).json();
          // Nothing of the application before the conflict question; never the contact.
          expect(before.application).toBeNull();
          if (applicationId === appIds.Sunrise && conflicted.size === 0) {
            const c = await me.post(`/api/v1/grants/reviews/${applicationId}/conflict`, {
              conflict: true,
              reason: 'I am a member of this group',
            });
            expect(c.json().assignment.state).toBe('conflict');
            const scored = await me.post(`/api/v1/grants/reviews/${applicationId}`, {
              scores: { need: 5, plan: 5 },
            });
            expect(scored.statusCode).toBe(409);
            expect(scored.json().errors[0].rule).toBe('conflict');
            // Nor its files.
            const fileId = (await officer.get(`/api/v1/grants/applications/${applicationId}`)).json().files[0]
              .id;
            expect(
              (await me.get(`/api/v1/grants/applications/${applicationId}/files/${fileId}`)).statusCode,
            ).toBe(404);
            conflicted.add(name);
            continue;
          }
          const accepted = (
            await me.post(`/api/v1/grants/reviews/${applicationId}/conflict`, { conflict: false })
          ).json();
          expect(accepted.application.group).toBeTruthy();
          expect(JSON.stringify(accepted)).not.toContain('-private');
          const outOfScale = await me.post(`/api/v1/grants/reviews/${applicationId}`, {
            scores: { need: 6, plan: 1 },
          });
          expect(outOfScale.statusCode).toBe(400);
          expect(outOfScale.json().errors[0]).toMatchObject({ field: 'scores.need', rule: 'range' });
          const marks =
            applicationId === appIds.Sunrise
              ? { need: 5, plan: 5 }
              : applicationId === appIds['Harbour Lights']
                ? { need: 4, plan: 3 }
                : { need: name === 'expert3' ? 1 : 5, plan: name === 'expert3' ? 1 : 4 };
          const done = (
            await me.post(`/api/v1/grants/reviews/${applicationId}`, {
              scores: marks,
              comments: `Clear need, plan ${marks.plan}`,
            })
          ).json();
          expect(done.assignment.state).toBe('submitted');
          // Others' scores are hidden until one's own is in: after, a list of numbers without names.
          expect(Array.isArray(done.others)).toBe(true);
        }
      }
      // Sunrise lacks one reviewer after the conflict: assigning again tops it up from the pool.
      const topUp = await officer.post(`/api/v1/grants/calls/${callId}/assignments`);
      expect(topUp.json()).toEqual({ added: 1, short: [] });
      for (const name of experts) {
        const me = await signInAs(app, name);
        const state = (await me.get('/api/v1/grants/reviews'))
          .json()
          .reviews.find(
            (r: { applicationId: string; state: string }) =>
              r.applicationId === appIds.Sunrise && r.state === 'assigned',
          );
        if (!state) continue;
        await me.post(`/api/v1/grants/reviews/${appIds.Sunrise}/conflict`, { conflict: false });
        await me.post(`/api/v1/grants/reviews/${appIds.Sunrise}`, {
          scores: { need: 5, plan: 5 },
          comments: 'Strong',
        });
      }

      // Ranking: Sunrise 100; Harbour Lights (2×4+3)/15 = 73.3; Steppe Voices ((2×5+4)/15 = 93.3 and
      // (2×1+1)/15 = 20 from expert3, who reviews it) = 56.7, its reviewers 73.3 apart: disputed.
      const d = await dashboard();
      const row = (g: string) => d.applications.find((a: { group: string }) => a.group === g);
      expect(row('Sunrise')).toMatchObject({
        rank: 1,
        fits: true,
        reviewers: { assigned: 2, conflicts: 1, submitted: 2 },
      });
      expect(row('Sunrise').score).toBeCloseTo(100, 6);
      expect(row('Harbour Lights')).toMatchObject({ rank: 2, fits: false });
      expect(row('Harbour Lights').score).toBeCloseTo(73.333333, 5);
      expect(row('Steppe Voices')).toMatchObject({ rank: 3, fits: true, disagree: true });
      expect(row('Steppe Voices').score).toBeCloseTo(56.666667, 5);
      expect(row('Steppe Voices').spread).toBeCloseTo(73.333333, 5);
      expect(d.money).toMatchObject({
        envelope: '6000',
        requested: '9000.00',
        suggested: '5000.00',
        awarded: '0.00',
      });

      // Decisions: against the suggestion or past the envelope only with a reason.
      const decide = (g: string, body: unknown) =>
        officer.post(`/api/v1/grants/applications/${appIds[g]}/decision`, body);
      expect((await decide('Sunrise', { award: true })).statusCode).toBe(200);
      const noReason = await decide('Harbour Lights', { award: true, amount: '3500' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', rule: 'required' });
      expect((await decide('Harbour Lights', { award: false })).statusCode).toBe(200);
      expect((await decide('Steppe Voices', { award: true, amount: '2000' })).statusCode).toBe(200);
      const again = await decide('Steppe Voices', { award: false });
      expect(again.statusCode).toBe(409);

      // The groups are told, with the reviewers' comments (never who wrote them).
      const told = (await pub('/application', 'GET', links.Sunrise)).json();
      expect(told).toMatchObject({ decision: 'awarded', awardedAmount: '3000', grantStatus: 'active' });
      expect(told.comments.length).toBe(2);
      expect(JSON.stringify(told)).not.toContain('expert');
      expect(told.reports.map((r: { kind: string; dueOn: string }) => [r.kind, r.dueOn])).toEqual([
        ['narrative', '2026-06-29'],
        ['financial', '2026-09-27'],
      ]);
      expect((await pub('/application', 'GET', links['Harbour Lights'])).json().decision).toBe('declined');

      // The grant: tranches never past the award; reports through the link; then reported.
      const g = `/api/v1/grants/applications/${appIds.Sunrise}`;
      expect(
        (await officer.post(`${g}/tranches`, { plannedOn: '2026-04-15', amount: '2000' })).statusCode,
      ).toBe(200);
      const tooMuch = await officer.post(`${g}/tranches`, { plannedOn: '2026-06-15', amount: '1000.01' });
      expect(tooMuch.json().errors[0]).toMatchObject({ field: 'amount', rule: 'max' });
      const tranche = (
        await officer.post(`${g}/tranches`, { plannedOn: '2026-06-15', amount: '1000' })
      ).json().tranches[0];
      expect(
        (await officer.post(`${g}/tranches/${tranche.id}/paid`, { paidOn: '2026-04-16' })).json().tranches[0]
          .paidOn,
      ).toBe('2026-04-16');
      h.setNow('2026-06-20T09:00:00Z');
      officer = await signInAs(app, 'grants');
      const due = (await pub('/application', 'GET', links.Sunrise)).json().reports;
      expect(due.map((r: { state: string }) => r.state)).toEqual(['due', 'upcoming']);
      const [narrative, financial] = due as { id: string }[];
      const noSpent = await pub(`/application/reports/${financial!.id}`, 'POST', links.Sunrise, {
        narrative: 'Spent well',
      });
      expect(noSpent.json().errors[0]).toMatchObject({ field: 'spent', rule: 'required' });
      await pub(`/application/reports/${narrative!.id}`, 'POST', links.Sunrise, {
        narrative: 'Six evenings, 80 people',
      });
      const last = await pub(`/application/reports/${financial!.id}`, 'POST', links.Sunrise, {
        narrative: 'Rent and tea',
        spent: '2950.00',
      });
      expect(last.json()).toMatchObject({ grantStatus: 'reported' });
      // Another group's link reaches only its own application.
      expect(
        (
          await pub(`/application/reports/${financial!.id}`, 'POST', links['Steppe Voices'], {
            narrative: 'x',
            spent: '1',
          })
        ).statusCode,
      ).toBe(404);
      const detail = (await officer.get(g)).json();
      expect(detail).toMatchObject({ contact: 'signal @sunrise-private', grantStatus: 'reported' });
      expect(detail.reviews.find((r: { state: string }) => r.state === 'conflict').conflictReason).toBe(
        'I am a member of this group',
      );

      const csv = (await officer.get(`/api/v1/grants/calls/${callId}/decisions`)).body;
      expect(csv.split('\n')[1]).toMatch(
        /^1,\w{6},Sunrise,UA,3000,100\.0,0\.0,eligible,awarded,3000,USD,reported,2000\.00$/,
      );
      expect(csv).not.toContain('private');

      // Nothing a group wrote is readable at rest; the audit log holds no contact either.
      const dump = JSON.stringify([
        await h.db.selectFrom('grant_applications').selectAll().execute(),
        await h.db.selectFrom('grant_files').selectAll().execute(),
        await h.db.selectFrom('grant_reviews').selectAll().execute(),
        await h.db.selectFrom('grant_reports').selectAll().execute(),
        await h.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      for (const secret of [
        'Sunrise',
        '-private',
        'legal literacy',
        'бюджет',
        '%PDF',
        'member of this group',
        'Clear need',
        'Rent and tea',
      ])
        expect(dump, secret).not.toContain(secret);
      const actions = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'grants.%')
        .execute();
      expect(new Set(actions.map((a) => a.action))).toEqual(
        new Set([
          'grants.call_opened',
          'grants.applied',
          'grants.file_attached',
          'grants.application_changed',
          'grants.screened',
          'grants.reviewers_assigned',
          'grants.conflict_declared',
          'grants.no_conflict_declared',
          'grants.application_reviewed',
          'grants.review_submitted',
          'grants.decided',
          'grants.tranche_planned',
          'grants.tranche_paid',
          'grants.report_sent',
          'grants.application_read',
        ]),
      );
    });

    it('takes 20 applications an hour from one address, whatever X-Forwarded-For says', async () => {
      const { app, callId } = await start();
      const send = (i: number, remoteAddress: string) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/apply/calls/${callId}/applications`,
          remoteAddress,
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
          payload: APPLY(`Group ${i}`, '1000'),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await send(i, '203.0.113.9')).statusCode);
      expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(statuses[20]).toBe(429);
      // Another address has its own allowance.
      expect((await send(99, '203.0.113.10')).statusCode).toBe(201);
    });

    it('keeps every call, application and review to those who may reach it — reads and writes, in and out of the subtree', async () => {
      const { h, app, callId, pub } = await start();
      const r = await pub(`/calls/${callId}/applications`, 'POST', undefined, APPLY('Sunrise', '3000'));
      const token = r.json().token as string;
      await pub('/application/files/budget', 'PUT', token, PDF, {
        'content-type': 'application/octet-stream',
        'x-file-name': 'b.pdf',
      });
      h.setNow('2026-04-01T00:00:00Z');
      const officer = await signInAs(app, 'grants');
      const appId = r.json().application.id as string;
      const fileId =
        r.json().application.files?.[0]?.id ?? (await pub('/application', 'GET', token)).json().files[0].id;
      await officer.post(`/api/v1/grants/applications/${appId}/screening`, { eligible: true, reason: 'ok' });
      await officer.post(`/api/v1/grants/calls/${callId}/assignments`);

      // An officer of another member (BRC) does not see SLN's call, by id, for reading or writing.
      const other = await signInAs(app, 'brc-grants');
      expect((await other.get('/api/v1/grants/calls')).json().calls).toEqual([]);
      for (const [method, url, body] of [
        ['GET', `/api/v1/grants/calls/${callId}`, undefined],
        ['GET', `/api/v1/grants/calls/${callId}/decisions`, undefined],
        ['PUT', `/api/v1/grants/calls/${callId}`, { ...CALL, unit: 'BRC' }],
        ['POST', `/api/v1/grants/calls/${callId}/assignments`, undefined],
        ['GET', `/api/v1/grants/applications/${appId}`, undefined],
        ['GET', `/api/v1/grants/applications/${appId}/files/${fileId}`, undefined],
        ['POST', `/api/v1/grants/applications/${appId}/screening`, { eligible: false, reason: 'x' }],
        ['POST', `/api/v1/grants/applications/${appId}/decision`, { award: false, reason: 'x' }],
        ['POST', `/api/v1/grants/applications/${appId}/status`, { status: 'closed', reason: 'x' }],
      ] as const) {
        const res = await other.request({ method, url, ...(body ? { payload: body } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
      // Nor may it open a call on a unit it does not run.
      const elsewhere = await other.post('/api/v1/grants/calls', CALL);
      expect(elsewhere.json().errors[0]).toMatchObject({ field: 'unit', rule: 'exists' });
      // A programme manager reads the dashboard (no contacts) but cannot open an application or decide.
      const programme = await signInAs(app, 'programme');
      const seen = await programme.get(`/api/v1/grants/calls/${callId}`);
      expect(seen.statusCode).toBe(200);
      expect(JSON.stringify(seen.json())).not.toContain('-private');
      expect((await programme.get(`/api/v1/grants/applications/${appId}`)).statusCode).toBe(403);
      // An expert outside the pool (BRC) is never assigned and reaches nothing of it.
      const brcExpert = await signInAs(app, 'brc-expert');
      expect((await brcExpert.get('/api/v1/grants/reviews')).json().reviews).toEqual([]);
      expect((await brcExpert.get(`/api/v1/grants/reviews/${appId}`)).statusCode).toBe(404);
      expect(
        (await brcExpert.post(`/api/v1/grants/reviews/${appId}/conflict`, { conflict: false })).statusCode,
      ).toBe(404);
      expect((await brcExpert.get(`/api/v1/grants/applications/${appId}/files/${fileId}`)).statusCode).toBe(
        404,
      );
      // An assigned expert reads the file only after saying they have no conflict.
      const expert = await signInAs(app, 'expert');
      expect((await expert.get(`/api/v1/grants/applications/${appId}/files/${fileId}`)).statusCode).toBe(404);
      await expert.post(`/api/v1/grants/reviews/${appId}/conflict`, { conflict: false });
      const download = await expert.get(`/api/v1/grants/applications/${appId}/files/${fileId}`);
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.rawPayload.equals(PDF)).toBe(true);
      // Site staff and an outreach worker reach no grants endpoint.
      const staff = await signInAs(app, 'staff');
      expect((await staff.get(`/api/v1/grants/calls/${callId}`)).statusCode).toBe(403);
    });
  });
}
