/**
 * Demo consortium projects, so the Projects pages show a grant at work: the consortium's two-year
 * grant with Street Light and Bridges as members (spending each past quarter, some in local
 * currency at the quarter's rate), and Street Light's own one-year grant. Set up and spent through
 * the same service a lead and members use. Donors, amounts and rates are invented. Bridges plays a
 * member that runs its own Harbour: its reach and naloxone figures arrive as a data value set with a
 * receiving token, as its own server would send them (taken from this demo's own records for it).
 */

import { addDays, type SpendingInput } from '@harbour/core';
import type { Services } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { reviewReport, submitReport } from '../projects/project-reports.js';
import { recordResultValue, setFramework } from '../projects/project-results.js';
import { recordSpending, saveProject } from '../projects/project-service.js';
import { receiveDataValues } from '../projects/receive-values.js';
import { issueReceivingToken, senderOf } from '../projects/receiving-tokens.js';
import { buildReport } from '../reports/report-service.js';
import { random } from './programme-generator.js';

/** Quarters from `start` to the last one ended before `today`, as DHIS2 period ids. */
function pastQuarters(start: string, today: string): string[] {
  const out: string[] = [];
  let y = Number(start.slice(0, 4));
  let q = Math.floor((Number(start.slice(5, 7)) - 1) / 3);
  for (;;) {
    const next = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`;
    if (addDays(next, -1) >= today) return out;
    out.push(`${y}Q${q + 1}`);
    [y, q] = q === 3 ? [y + 1, 0] : [y, q + 1];
  }
}

export async function demoProjects(s: Services, seed: number, today: string): Promise<void> {
  const r = random(seed + 41);
  const actor = systemActor('demo');
  const year = Number(today.slice(0, 4));
  const start = `${year - 1}-01-01`;
  await saveProject(s, actor, {
    code: 'HRC-RCF',
    name: 'Community-led harm reduction in Eastern Europe and Asia',
    donor: 'Robert Carr Fund',
    keeper: 'HRC',
    currency: 'USD',
    start,
    end: `${year}-12-31`,
    // The members' budgets add up to the total (a set-up that does not is flagged to the lead).
    totalBudget: '499024',
    members: [
      { code: 'SLN', budget: { staff: '150000', services: '64024', advocacy: '30000', overheads: '20000' } },
      {
        code: 'BRC',
        budget: { staff: '120000', services: '40000', small_grants: '60000', overheads: '15000' },
      },
    ],
  });
  await saveProject(s, actor, {
    code: 'SLN-GF',
    name: 'Naloxone and OST access, Ukraine',
    donor: 'Global Fund (sub-grant)',
    keeper: 'SLN',
    currency: 'USD',
    start: `${year}-01-01`,
    end: `${year}-12-31`,
    totalBudget: '180000',
    members: [{ code: 'SLN', budget: { commodities: '120000', staff: '60000' } }],
  });
  const spend = (project: string, input: SpendingInput) => recordSpending(s, actor, project, input);
  for (const period of pastQuarters(start, today)) {
    // Street Light spends in hryvnia at the quarter's rate; Bridges in US dollars.
    const uahRate = (0.024 + r() * 0.002).toFixed(4);
    const uah = (n: number) => String(Math.round(n / Number(uahRate)));
    await spend('HRC-RCF', {
      member: 'SLN',
      line: 'staff',
      period,
      amount: uah(18000 + r() * 3000),
      currency: 'UAH',
      rate: uahRate,
    });
    await spend('HRC-RCF', {
      member: 'SLN',
      line: 'services',
      period,
      amount: uah(7000 + r() * 2000),
      currency: 'UAH',
      rate: uahRate,
    });
    await spend('HRC-RCF', { member: 'SLN', line: 'overheads', period, amount: '2500' });
    // Bridges started slowly, then small grants went out.
    await spend('HRC-RCF', {
      member: 'BRC',
      line: 'staff',
      period,
      amount: String(Math.round(9000 + r() * 3000)),
    });
    if (period >= `${year}Q1`)
      await spend('HRC-RCF', {
        member: 'BRC',
        line: 'small_grants',
        period,
        amount: String(Math.round(6000 + r() * 4000)),
      });
    if (period.startsWith(String(year)))
      await spend('SLN-GF', {
        member: 'SLN',
        line: 'commodities',
        period,
        amount: String(Math.round(32000 + r() * 8000)),
      });
  }
  // The grant's results framework: Harbour's own counts for each member, and advocacy events entered.
  await setFramework(s, actor, 'HRC-RCF', {
    indicators: [
      {
        code: 'reach',
        objective: 'People who use drugs reach harm reduction services',
        result: 'More people reached with the prevention package',
        name: 'People reached',
        harbour: 'reached',
        splitYearly: true,
        targets: { [String(year - 1)]: 1000, [String(year)]: 1400 },
      },
      {
        code: 'naloxone',
        objective: 'People who use drugs reach harm reduction services',
        result: 'Fewer overdose deaths',
        name: 'Naloxone kits distributed',
        harbour: 'naloxone.kits',
        targets: { [String(year - 1)]: 600, [String(year)]: 700 },
      },
      {
        code: 'events',
        objective: 'Laws and policing that do not punish people for using drugs',
        result: 'Decision makers hear communities',
        name: 'Advocacy events held',
        unit: 'events',
        targets: { [String(year - 1)]: 8, [String(year)]: 10 },
      },
    ],
  });
  await recordResultValue(s, actor, 'HRC-RCF', {
    indicator: 'events',
    member: 'SLN',
    period: String(year - 1),
    value: 5,
    evidence: 'Round tables with the city health department (minutes on file)',
  });
  await recordResultValue(s, actor, 'HRC-RCF', {
    indicator: 'events',
    member: 'BRC',
    period: String(year - 1),
    value: 4,
    evidence: 'Community dialogues with district police',
  });
  await demoReports(s, pastQuarters(start, today));
  // The quarter under way is sent so far, as a member's server sends it.
  const current = `${year}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  await bridgesSendsItsFigures(s, [String(year - 1), String(year), ...pastQuarters(start, today), current]);
}

/** Bridges' "own server" sends its totals for each quarter and year so far, through the receiving path. */
async function bridgesSendsItsFigures(s: Services, periods: string[]): Promise<void> {
  const actor = systemActor('demo');
  const { token } = await issueReceivingToken(s, actor, 'HRC-RCF', {
    member: 'BRC',
    label: 'Bridges Collective’s own Harbour',
  });
  const dataValues = [];
  for (const period of periods) {
    const { report } = await buildReport(s, actor, { period, orgUnit: 'BRC', disaggregate: null });
    for (const v of report.values)
      if (['reached', 'naloxone.kits'].includes(v.indicator) && typeof v.value === 'number')
        dataValues.push({ dataElement: v.indicator, period, orgUnit: 'BRC', value: String(v.value) });
  }
  const sender = await senderOf(s, token);
  if (!sender) throw new Error('the demo token was not issued');
  const summary = await receiveDataValues(s, sender, dataValues, { dryRun: false, format: 'json' });
  if (summary.response.conflicts.length)
    throw new Error(`demo figures refused: ${summary.response.description}`);
}

/**
 * The consortium grant's report calendar: Street Light's reports accepted up to the last quarter,
 * which waits for review; Bridges' accepted for the first half, the one before last sent back with a
 * comment, and the last not in yet — so the calendar shows every stage, a late one among them.
 */
async function demoReports(s: Services, quarters: string[]): Promise<void> {
  const actor = systemActor('demo');
  const submit = (member: string, period: string, narrative: string) =>
    submitReport(s, actor, 'HRC-RCF', member, period, { narrative });
  const review = (member: string, period: string, decision: 'accept' | 'return', comment?: string) =>
    reviewReport(s, actor, 'HRC-RCF', member, period, { decision, ...(comment ? { comment } : {}) });
  for (const [i, period] of quarters.entries()) {
    const last = i === quarters.length - 1;
    await submit(
      'SLN',
      period,
      'Outreach and drop-in services as planned; hryvnia spending converted at the quarter’s rate.',
    );
    if (!last) await review('SLN', period, 'accept');
    if (last) continue;
    await submit('BRC', period, 'Staff in place in Jakarta and Bali; small grants round prepared.');
    if (i === quarters.length - 2)
      await review('BRC', period, 'return', 'Please add how the small grants were chosen.');
    else await review('BRC', period, 'accept');
  }
}
