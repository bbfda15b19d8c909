/**
 * The demo's small grants: ten community experts (Oksana, who signs in as `expert`, and nine more),
 * one call decided last quarter — applications screened, reviewed with one conflict of interest,
 * ranked, awarded within the envelope, tranches paid, a report in — and one call open now. Every
 * step goes through the grants services, as the console and the public page would. Groups and
 * their contacts are invented.
 */

import type { GrantCallInput } from '@harbour/core';
import { apply, attachFile, submitGrantReport } from '../grants/application-service.js';
import { assignCallReviewers, callDashboard, saveCall } from '../grants/call-service.js';
import {
  decideApplication,
  markTranchePaid,
  planTranche,
  screenApplication,
} from '../grants/decision-service.js';
import { declareConflict, myReviews, submitReview } from '../grants/review-service.js';
import { systemActor, userActor } from '../identity/actor.js';
import { createUser, type GrantingServices, loadGrants, type UserView } from '../identity/users.js';
import { projectByCode } from '../projects/project-repository.js';
import { DEMO_PASSWORD } from './demo-tree.js';

const EXPERTS = ['Dana', 'Ilya', 'Maks', 'Aigerim', 'Putu', 'Sasha', 'Rustam', 'Lena', 'Wayan'];

const CRITERIA: GrantCallInput['criteria'] = [
  { id: 'need', label: { en: 'Need in the community', ru: 'Потребность сообщества' }, weight: 2 },
  { id: 'led', label: { en: 'Led by people who use drugs', ru: 'Под руководством ЛУН' }, weight: 2 },
  { id: 'plan', label: { en: 'A plan that can be done', ru: 'Выполнимый план' }, weight: 1 },
];

const call = (over: Partial<GrantCallInput>): GrantCallInput => ({
  unit: 'HRC',
  title: { en: 'Community voices', ru: 'Голоса сообщества' },
  description: {
    en: 'Small grants for groups of people who use drugs: to defend their rights, to document and redress violations, to start a group.',
    ru: 'Малые гранты группам людей, употребляющих наркотики: защита прав, документирование нарушений, создание групп.',
  },
  eligibility: {
    en: 'Groups led by people who use or used drugs, registered or not, working in Ukraine, Kazakhstan or Indonesia.',
    ru: 'Группы под руководством людей, употребляющих или употреблявших наркотики, зарегистрированные или нет, в Украине, Казахстане или Индонезии.',
  },
  countries: ['UA', 'KZ', 'ID'],
  currency: 'USD',
  envelope: '12000',
  minGrant: '1000',
  maxGrant: '5000',
  criteria: CRITERIA,
  scaleMax: 5,
  opensAt: '2000-01-01T00:00:00Z',
  closesAt: '2000-02-01T00:00:00Z',
  decisionBy: '2000-03-01',
  form: [
    {
      id: 'members',
      kind: 'number',
      label: { en: 'How many members', ru: 'Сколько участников' },
      required: true,
    },
    {
      id: 'focus',
      kind: 'choice',
      label: { en: 'Main focus', ru: 'Основное направление' },
      required: true,
      options: [
        { id: 'rights', label: { en: 'Rights and legal aid', ru: 'Права и юридическая помощь' } },
        { id: 'services', label: { en: 'Services and outreach', ru: 'Услуги и аутрич' } },
        { id: 'group', label: { en: 'Starting a group', ru: 'Создание группы' } },
      ],
    },
    { id: 'budget', kind: 'file', label: { en: 'Budget', ru: 'Бюджет' }, required: false },
  ],
  reports: [
    { kind: 'narrative', dueDays: 90 },
    { kind: 'financial', dueDays: 180 },
  ],
  reviewersPerApplication: 2,
  disagreement: 25,
  shareComments: true,
  ...over,
});

// group, country, amount, focus, members; marks per criterion from each reviewer in turn
const CLOSED: [string, string, string, string, number, [number, number, number][]][] = [
  [
    'Odesa Peer Voices',
    'UA',
    '4000',
    'rights',
    14,
    [
      [5, 5, 4],
      [5, 4, 4],
    ],
  ],
  [
    'Almaty Women’s Circle',
    'KZ',
    '3500',
    'group',
    9,
    [
      [5, 5, 3],
      [4, 5, 4],
    ],
  ],
  [
    'Kyiv Legal Night',
    'UA',
    '5000',
    'rights',
    22,
    [
      [4, 4, 4],
      [3, 4, 3],
    ],
  ],
  [
    'Bali Outreach Friends',
    'ID',
    '2500',
    'services',
    11,
    [
      [5, 3, 2],
      [1, 2, 1],
    ],
  ],
  [
    'Jakarta Recovery Table',
    'ID',
    '3000',
    'group',
    7,
    [
      [2, 3, 3],
      [3, 2, 2],
    ],
  ],
];

const PDF = new TextEncoder().encode('%PDF-1.4\n% demo budget\n1 0 obj <<>> endobj\n%%EOF\n');

export async function demoGrants(s: GrantingServices, today: string): Promise<void> {
  const admin = systemActor('demo');
  const experts: UserView[] = [];
  for (const [i, name] of EXPERTS.entries()) {
    const username = `expert${i + 2}`;
    experts.push(
      await createUser(s, admin, {
        username,
        displayName: `${name} (community expert)`,
        password: DEMO_PASSWORD,
        locale: 'en',
        staffCode: null,
        grants: [{ role: 'community_expert', orgUnitCode: 'HRC' }],
      }),
    );
  }
  const officerRow = await s.db
    .selectFrom('users')
    .select(['id'])
    .where('username', '=', 'grants')
    .executeTakeFirstOrThrow();
  const officer = userActor(officerRow.id, 'grants', await loadGrants(s.db, officerRow.id));
  const day = (offset: number) =>
    new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString();

  // Last quarter's call: open while groups apply, then closed and decided.
  const dates = { opensAt: day(-120), closesAt: day(1), decisionBy: day(2).slice(0, 10) };
  // Its grants count among the consortium project's results, when the demo has the project.
  const project = (await projectByCode(s.db, 'HRC-RCF')) ? { project: 'HRC-RCF' } : {};
  const first = await saveCall(s, officer, call({ ...dates, ...project }));
  const links: string[] = [];
  for (const [group, country, amount, focus, members] of CLOSED) {
    const r = await apply(s, first.id, {
      group,
      contact: `signal: @${group.toLowerCase().replace(/[^a-z]/g, '')} (demo)`,
      country,
      amount,
      summary: `${group}: evenings on rights and safety, a peer helpline, and visits to those detained.`,
      answers: { members, focus },
      language: 'en',
    });
    await attachFile(s, r.token, 'budget', 'budget.pdf', PDF);
    links.push(r.token);
  }
  await saveCall(
    s,
    officer,
    call({ ...dates, ...project, closesAt: day(-60), decisionBy: day(-45).slice(0, 10) }),
    first.id,
  );
  const apps = (
    await s.db
      .selectFrom('grant_applications')
      .select(['id'])
      .where('call_id', '=', first.id)
      .orderBy('created_at')
      .execute()
  ).map((a) => a.id);
  for (const [i, id] of apps.entries())
    await screenApplication(s, officer, id, {
      eligible: i !== 4,
      reason:
        i !== 4
          ? 'Led by people who use drugs; within the call'
          : 'The group is being set up by a service provider, not by its members',
    });
  // Every expert reviews what they were given; the first to get Kyiv Legal Night declares a conflict,
  // and assigning again gives it another reviewer.
  const oksana = await s.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', 'expert')
    .executeTakeFirstOrThrow();
  let conflicted = false;
  const reviewAll = async () => {
    for (const e of [oksana, ...experts]) {
      const actor = userActor(e.id, e.username, await loadGrants(s.db, e.id));
      for (const a of await myReviews(s, actor)) {
        if (a.state !== 'assigned') continue;
        const index = apps.indexOf(a.applicationId);
        if (index === 2 && !conflicted) {
          await declareConflict(s, actor, a.applicationId, {
            conflict: true,
            reason: 'I volunteer with this group',
          });
          conflicted = true;
          continue;
        }
        await declareConflict(s, actor, a.applicationId, { conflict: false });
        const done = await s.db
          .selectFrom('grant_reviews')
          .select('reviewer_id')
          .where('application_id', '=', a.applicationId)
          .where('state', '=', 'submitted')
          .execute();
        const marks = CLOSED[index]![5];
        const [need, led, plan] = marks[Math.min(done.length, marks.length - 1)]!;
        await submitReview(s, actor, a.applicationId, {
          scores: { need, led, plan },
          comments:
            need >= 4
              ? 'A clear need, and the group runs it itself.'
              : 'Worth doing; the plan needs more detail.',
        });
      }
    }
  };
  await assignCallReviewers(s, officer, first.id);
  await reviewAll();
  await assignCallReviewers(s, officer, first.id);
  await reviewAll();
  // Decided as the envelope suggests in rank order; what it does not cover is declined with the reason.
  const board = await callDashboard(s, officer, first.id);
  const decided: string[] = [];
  for (const a of board.applications) {
    if (a.screening !== 'eligible') continue;
    if (a.fits) {
      await decideApplication(s, officer, a.id, { award: true });
      decided.push(a.id);
    } else
      await decideApplication(s, officer, a.id, {
        award: false,
        reason: 'The envelope is spent on higher-ranked groups',
      });
  }
  const [top] = decided;
  if (top) {
    const grant = await planTranche(s, officer, top, { plannedOn: day(-40).slice(0, 10), amount: '2000' });
    await planTranche(s, officer, top, { plannedOn: day(30).slice(0, 10), amount: '2000' });
    await markTranchePaid(s, officer, top, grant.tranches[0]!.id, { paidOn: day(-38).slice(0, 10) });
    const view = (
      await s.db
        .selectFrom('grant_reports')
        .select(['id', 'kind'])
        .where('application_id', '=', top)
        .orderBy('due_on')
        .execute()
    )[0];
    const link = links[apps.indexOf(top)];
    if (view && link)
      await submitGrantReport(s, link, view.id, {
        narrative: 'Six evenings on rights with 80 people; the helpline answered 140 calls.',
      });
  }

  // This quarter's call, open for another three weeks.
  await saveCall(
    s,
    officer,
    call({
      title: { en: 'Voices against detention', ru: 'Голоса против задержаний' },
      envelope: '8000',
      maxGrant: '4000',
      opensAt: day(-10),
      closesAt: day(21),
      decisionBy: day(45).slice(0, 10),
    }),
  );
}
