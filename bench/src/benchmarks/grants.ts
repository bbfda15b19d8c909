/**
 * Ranking a small-grants call at the size: 500 applications, five reviewers each, five
 * weighted criteria — weighted scores, spread, competition ranks and the envelope walked in rank
 * order, as the dashboard computes them on every read (core's `callStandings`).
 */

import { callStandings } from '../../../packages/core/src/index.js';
import { type BenchResult, median, percentile } from '../result.js';

const CRITERIA = [
  { id: 'need', weight: 3 },
  { id: 'led', weight: 2 },
  { id: 'plan', weight: 2 },
  { id: 'budget', weight: 1 },
  { id: 'reach', weight: 1 },
].map((c) => ({ ...c, label: { en: c.id } }));

/** A deterministic call: marks from a small linear congruential generator, so every run ranks the same. */
function competition(applications: number, reviewers: number) {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: applications }, (_, i) => ({
    id: `app-${String(i).padStart(4, '0')}`,
    requested: BigInt(500 + Math.floor(next() * 2500)),
    submittedAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString(),
    eligible: next() > 0.1,
    reviews: Array.from({ length: reviewers }, () =>
      Object.fromEntries(CRITERIA.map((c) => [c.id, Math.floor(next() * 6)])),
    ),
  }));
}

export function grantsBenchmarks(smoke: boolean): BenchResult[] {
  const applications = competition(500, 5);
  const call = { criteria: CRITERIA, scaleMax: 5, disagreement: 25, envelope: 150_000n };
  const runs = smoke ? 5 : 50;
  const ms: number[] = [];
  let ranked = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const standings = callStandings(call, applications);
    ms.push(performance.now() - t0);
    ranked = [...standings.values()].filter((s) => s.rank !== null).length;
  }
  return [
    {
      name: 'grants.rank_500x5',
      p50_ms: median(ms),
      p99_ms: percentile(ms, 0.99),
      note: `${runs} runs; 500 applications × 5 reviewers × 5 criteria, ${ranked} eligible ranked, envelope walked; budget ≤ 100 ms`,
    },
  ];
}
