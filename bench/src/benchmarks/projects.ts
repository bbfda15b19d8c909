/**
 * A consortium project at the issue's size: five member organisations, three years, seven budget
 * lines, spending recorded for every member, line and quarter (420 entries, a fifth of them in local
 * currency), its dashboard read through the running server by the lead, and its results with two of
 * Harbour's indicators computed live for each member and period; and a member's own server sending
 * 10,080 data values in one set (20 indicators × 12 quarters × 42 category option combos) to
 * DHIS2's receiving path — new, the same again, and changed.
 */

import { DEFAULT_BUDGET_LINES, INDICATOR_IDS } from '../../../packages/core/src/index.js';
import type { Harbour } from '../../../packages/server/src/context.js';
import { systemActor } from '../../../packages/server/src/identity/actor.js';
import { createUser } from '../../../packages/server/src/identity/users.js';
import { importOrgUnits } from '../../../packages/server/src/org/org-units.js';
import { setFramework } from '../../../packages/server/src/projects/project-results.js';
import { recordSpending, saveProject } from '../../../packages/server/src/projects/project-service.js';
import { issueReceivingToken } from '../../../packages/server/src/projects/receiving-tokens.js';
import { type BenchDb, createBenchDatabase, openBenchHarbour } from '../harbour.js';
import { type BenchResult, percentile } from '../result.js';
import { BENCH_PASSWORD, signIn, startServer } from './serve.js';

const MEMBERS = ['PM1', 'PM2', 'PM3', 'PM4', 'PM5'];

/** One member's set: every value a distinct figure, as a disaggregated export from a member's DHIS2 would be. */
function memberSet(indicators: readonly string[], bump: number) {
  const dataValues = [];
  for (const year of [2023, 2024, 2025])
    for (const q of [1, 2, 3, 4])
      for (const [i, indicator] of indicators.entries())
        for (let c = 0; c < 42; c++)
          dataValues.push({
            dataElement: indicator,
            period: `${year}Q${q}`,
            orgUnit: 'PM1',
            categoryOptionCombo: `COC${String(c).padStart(8, '0')}`,
            value: String(q * 100 + i * 7 + c + bump),
          });
  return { dataValues };
}

export async function projectBenchmarks(db: BenchDb, smoke: boolean): Promise<BenchResult[]> {
  const database = await createBenchDatabase(db);
  const results: BenchResult[] = [];
  // A member's receiving token, issued with the project and used once the server runs.
  let token = '';
  try {
    const h = await openBenchHarbour(database, true);
    const actor = systemActor('bench');
    try {
      // A consortium of five organisations (the level below a root is the organisations' level).
      await importOrgUnits(
        h,
        actor,
        `code,name,parent\nPCONS,Bench consortium,\n${MEMBERS.map((m) => `${m},Member ${m},PCONS`).join('\n')}\n`,
      );
      await createUser(h, actor, {
        username: 'bench-lead',
        displayName: 'Bench lead',
        password: BENCH_PASSWORD,
        locale: 'en',
        staffCode: null,
        grants: [{ role: 'programme_manager', orgUnitCode: 'PCONS' }],
      });
      await saveProject(h, actor, {
        code: 'BENCH-3Y',
        name: 'Three-year bench project',
        donor: 'Bench fund',
        keeper: 'PCONS',
        currency: 'USD',
        start: '2023-01-01',
        end: '2025-12-31',
        totalBudget: String(MEMBERS.length * DEFAULT_BUDGET_LINES.length * 40_000),
        members: MEMBERS.map((code) => ({
          code,
          budget: Object.fromEntries(DEFAULT_BUDGET_LINES.map((l) => [l.code, '40000'])),
        })),
      });
      const t0 = performance.now();
      let n = 0;
      for (const year of [2023, 2024, 2025])
        for (const q of [1, 2, 3, 4])
          for (const [mi, member] of MEMBERS.entries())
            for (const line of DEFAULT_BUDGET_LINES) {
              await recordSpending(h, actor, 'BENCH-3Y', {
                member,
                line: line.code,
                period: `${year}Q${q}`,
                amount: String(2500 + mi * 100 + q),
                ...(mi === 0 ? { currency: 'UAH', rate: '0.0243', amount: String(100_000 + q) } : {}),
              });
              n++;
            }
      // A framework with two of Harbour's own indicators, yearly targets split into quarters:
      // 3 years × 5 periods × 5 members = 75 reports behind each reading of the results.
      await setFramework(h, actor, 'BENCH-3Y', {
        indicators: ['reached', 'nsp.syringes'].map((harbour) => ({
          code: harbour.replace('.', '_'),
          objective: 'Bench objective',
          result: 'Bench result',
          name: harbour,
          harbour,
          splitYearly: true,
          targets: { '2023': 1000, '2024': 1000, '2025': 1000 },
        })),
      });
      token = (await issueReceivingToken(h, actor, 'BENCH-3Y', { member: 'PM1', label: 'bench' })).token;
      results.push({
        name: 'projects.spending',
        seconds: (performance.now() - t0) / 1000,
        rows_per_second: Math.round(n / ((performance.now() - t0) / 1000)),
        note: `${n} spending entries recorded one by one through the service (each its own audited transaction)`,
      });
    } finally {
      await h.close();
    }
    const server = await startServer(database);
    try {
      const cookie = await signIn(server.url, 'bench-lead');
      const times: number[] = [];
      const runs = smoke ? 10 : 100;
      for (let i = 0; i < runs + 5; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/api/v1/projects/BENCH-3Y?asOf=2025-06-30`, {
          headers: { cookie },
        });
        if (!r.ok) throw new Error(`dashboard: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
        if (i >= 5) times.push(performance.now() - t0);
      }
      results.push({
        name: 'projects.dashboard',
        p50_ms: percentile(times, 0.5),
        p99_ms: percentile(times, 0.99),
        note: `GET /projects/BENCH-3Y by the lead: 5 members × 7 lines × 12 quarters (420 entries), budget against spending by member, line and cell; ${runs} requests after 5 to warm up; budget ≤ 300 ms`,
      });
      const live: number[] = [];
      for (let i = 0; i < (smoke ? 3 : 20) + 2; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/api/v1/projects/BENCH-3Y/results`, { headers: { cookie } });
        if (!r.ok) throw new Error(`results: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
        if (i >= 2) live.push(performance.now() - t0);
      }
      results.push({
        name: 'projects.results',
        p50_ms: percentile(live, 0.5),
        p99_ms: percentile(live, 0.99),
        note: `GET /projects/BENCH-3Y/results: 2 of Harbour's indicators live for 5 members over 3 years and their quarters (75 reports; the members hold no contacts here, so this is the engine's fixed cost per report); ${live.length} requests after 2; budget ≤ 300 ms with the dashboard`,
      });
      const indicators = INDICATOR_IDS.slice(0, 20);
      const send = async (body: unknown, expect: 'imported' | 'ignored' | 'updated') => {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/api/dataValueSets`, {
          method: 'POST',
          headers: { authorization: `ApiToken ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const summary = (await r.json()) as { response: { importCount: Record<string, number> } };
        const seconds = (performance.now() - t0) / 1000;
        if (summary.response.importCount[expect] !== 10_080)
          throw new Error(
            `receiving: expected 10,080 ${expect}, got ${JSON.stringify(summary.response.importCount)}`,
          );
        return seconds;
      };
      const fresh = await send(memberSet(indicators, 0), 'imported');
      const again: number[] = [];
      for (let i = 0; i < (smoke ? 1 : 3); i++) again.push(await send(memberSet(indicators, 0), 'ignored'));
      const changed = await send(memberSet(indicators, 1), 'updated');
      results.push({
        name: 'projects.receive',
        seconds: Math.max(fresh, changed, ...again),
        rows_per_second: Math.round(10_080 / fresh),
        note: `POST /api/dataValueSets with one member's 10,080 values: new ${fresh.toFixed(2)} s, the same again ${Math.max(...again).toFixed(2)} s (all ignored), changed ${changed.toFixed(2)} s (all updated); the slowest is shown; budget ≤ 2 s`,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
  return results;
}

/**
 * The results of a 5-member, 3-year project at the tier's size: the generated programme's own
 * organisation is one member (all the tier's clients and contacts), four more organisations hold
 * none; two of Harbour's indicators, yearly targets split into quarters, read by the M&E officer.
 */
export async function projectResultsAtTier(
  h: Harbour,
  serverUrl: string,
  tree: { root: string; units: [string, string, string][] },
  year: number,
  runs: number,
): Promise<BenchResult> {
  const actor = systemActor('bench');
  const organisation = tree.units[1]![0];
  const others = ['TPM2', 'TPM3', 'TPM4', 'TPM5'];
  const exists = await h.db
    .selectFrom('projects')
    .select('id')
    .where('code', '=', 'TIER-3Y')
    .executeTakeFirst();
  if (!exists) {
    await importOrgUnits(
      h,
      actor,
      `code,name,parent\n${others.map((m) => `${m},Member ${m},${tree.root}`).join('\n')}\n`,
    );
    await saveProject(h, actor, {
      code: 'TIER-3Y',
      name: 'Three-year project at the tier',
      donor: 'Bench fund',
      keeper: tree.root,
      currency: 'USD',
      start: `${year - 2}-01-01`,
      end: `${year}-12-31`,
      totalBudget: '500000',
      members: [organisation, ...others].map((code) => ({ code, budget: { staff: '100000' } })),
    });
    await setFramework(h, actor, 'TIER-3Y', {
      indicators: ['reached', 'nsp.syringes'].map((harbour) => ({
        code: harbour.replace('.', '_'),
        objective: 'Bench objective',
        result: 'Bench result',
        name: harbour,
        harbour,
        splitYearly: true,
        targets: { [year - 2]: 1000, [year - 1]: 1000, [year]: 1000 },
      })),
    });
  }
  const cookie = await signIn(serverUrl, 'bench-me');
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const r = await fetch(`${serverUrl}/api/v1/projects/TIER-3Y/results`, { headers: { cookie } });
    if (!r.ok) throw new Error(`results: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    if (i >= 2) times.push(performance.now() - t0);
  }
  return {
    name: 'projects.results.tier',
    p50_ms: percentile(times, 0.5),
    p99_ms: percentile(times, 0.99),
    note: `GET /projects/TIER-3Y/results by the M&E officer: reached and nsp.syringes live for 5 members over 3 years and their quarters, one member holding the whole tier's programme; ${runs} requests after 2; budget ≤ 300 ms`,
  };
}
