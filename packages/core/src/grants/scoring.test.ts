import { describe, expect, it } from 'vitest';
import { assignReviewers } from './assignment.js';
import type { Criterion } from './call.js';
import {
  callStandings,
  decisionIssues,
  envelopeFit,
  rank,
  scoreApplication,
  scoreIssues,
  weightedScore,
} from './scoring.js';

const criteria: Criterion[] = [
  { id: 'need', label: { en: 'Need' }, weight: 2 },
  { id: 'plan', label: { en: 'Plan' }, weight: 1 },
  { id: 'community', label: { en: 'Led by the community' }, weight: 1 },
];

describe('weighted scores (by hand)', () => {
  it('weighs each criterion and puts the review on 0–100', () => {
    // (2×5 + 1×3 + 1×4) / (4 × 5) × 100 = 17/20 × 100 = 85
    expect(weightedScore(criteria, 5, { need: 5, plan: 3, community: 4 })).toBe(85);
    // (2×0 + 1×5 + 1×5) / 20 × 100 = 50
    expect(weightedScore(criteria, 5, { need: 0, plan: 5, community: 5 })).toBe(50);
  });

  it('means over reviewers, with the spread and the disagreement flag', () => {
    const r = scoreApplication(criteria, 5, 25, [
      { need: 5, plan: 3, community: 4 }, // 85
      { need: 2, plan: 2, community: 2 }, // 40
    ]);
    expect(r.score).toBeCloseTo(62.5, 9);
    expect(r.spread).toBeCloseTo(45, 9);
    expect(r.disagree).toBe(true);
    expect(r.byCriterion).toEqual({ need: 3.5, plan: 2.5, community: 3 });
    const close = scoreApplication(criteria, 5, 25, [
      { need: 4, plan: 4, community: 4 }, // 80
      { need: 3, plan: 3, community: 3 }, // 60: a spread of 20 is within 25
    ]);
    expect(close.disagree).toBe(false);
    // Exactly at the threshold is not disagreement.
    expect(
      scoreApplication(criteria, 5, 20, [
        { need: 4, plan: 4, community: 4 },
        { need: 3, plan: 3, community: 3 },
      ]).disagree,
    ).toBe(false);
    expect(scoreApplication(criteria, 5, 25, [])).toMatchObject({ score: null, spread: null, reviews: 0 });
    expect(scoreApplication(criteria, 5, 25, [{ need: 1, plan: 1, community: 1 }]).spread).toBeNull();
  });

  it('refuses a score outside the scale, a missing or an unknown criterion, naming each', () => {
    const issues = scoreIssues(criteria, 5, { need: 6, plan: 2.5, other: 1 });
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['scores.need', 'range'],
      ['scores.plan', 'range'],
      ['scores.community', 'required'],
      ['scores.other', 'unknown'],
    ]);
    expect(scoreIssues(criteria, 5, { need: 0, plan: 5, community: 3 })).toEqual([]);
  });
});

describe('ranking and the envelope', () => {
  it('shares a rank between equal scores and skips the next (1, 2, 2, 4); the earlier sent is listed first', () => {
    const ranked = rank([
      { id: 'c', score: 70, submittedAt: '2026-03-02' },
      { id: 'a', score: 90, submittedAt: '2026-03-05' },
      { id: 'b', score: 70, submittedAt: '2026-03-01' },
      { id: 'd', score: 100 / 3 + 100 / 3 - 100 / 3, submittedAt: '2026-03-01' },
      { id: 'e', score: 100 / 3, submittedAt: '2026-03-02' },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
      ['e', 4],
    ]);
  });

  it('covers in rank order, passing over one that does not fit what is left', () => {
    const fit = envelopeFit(
      [
        { id: 'a', requested: 4000_00n },
        { id: 'b', requested: 5000_00n },
        { id: 'c', requested: 2000_00n },
        { id: 'd', requested: 1000_00n },
      ],
      7000_00n,
    );
    // a (4000, 3000 left) · b does not fit · c (2000, 1000 left) · d (1000, 0 left)
    expect(fit.map((f) => [f.id, f.fits, f.leftAfter])).toEqual([
      ['a', true, 3000_00n],
      ['b', false, 3000_00n],
      ['c', true, 1000_00n],
      ['d', true, 0n],
    ]);
  });

  it('asks for a reason past the envelope or against the suggestion, and keeps awards within the rules', () => {
    const base = {
      award: true,
      amount: 3000_00n,
      requested: 3000_00n,
      min: 500_00n,
      max: 5000_00n,
      awardedElsewhere: 0n,
      envelope: 10000_00n,
      suggested: true,
      reason: '',
    };
    expect(decisionIssues(base)).toEqual([]);
    expect(decisionIssues({ ...base, awardedElsewhere: 8000_00n }).map((i) => i.field)).toEqual(['reason']);
    expect(decisionIssues({ ...base, awardedElsewhere: 8000_00n, reason: 'A second donor tops up' })).toEqual(
      [],
    );
    expect(decisionIssues({ ...base, suggested: false }).map((i) => i.rule)).toEqual(['required']);
    expect(decisionIssues({ ...base, award: false }).map((i) => i.field)).toEqual(['reason']);
    expect(decisionIssues({ ...base, award: false, suggested: false })).toEqual([]);
    expect(decisionIssues({ ...base, amount: 3500_00n }).map((i) => i.rule)).toEqual(['max']);
    expect(decisionIssues({ ...base, amount: 100_00n }).map((i) => i.rule)).toEqual(['range']);
  });
});

describe('assigning reviewers', () => {
  it('gives each application its reviewers, the least loaded first, and never one who declared a conflict', () => {
    const plan = assignReviewers(['a1', 'a2', 'a3'], ['r1', 'r2', 'r3'], 2, [
      { application: 'a1', reviewer: 'r1', conflict: true },
    ]);
    // a1: r1 is off it → r2, r3. a2: r1 (0) then r2/r3 tie at 1 → r2. a3: r1 (1), r3 (1) before r2 (2).
    expect(plan.add).toEqual([
      { application: 'a1', reviewer: 'r2' },
      { application: 'a1', reviewer: 'r3' },
      { application: 'a2', reviewer: 'r1' },
      { application: 'a2', reviewer: 'r2' },
      { application: 'a3', reviewer: 'r1' },
      { application: 'a3', reviewer: 'r3' },
    ]);
    expect(plan.short).toEqual([]);
  });

  it('tops up after a conflict, and says what the pool cannot cover', () => {
    const plan = assignReviewers(['a1'], ['r1', 'r2'], 2, [
      { application: 'a1', reviewer: 'r1', conflict: true },
      { application: 'a1', reviewer: 'r2', conflict: false },
    ]);
    expect(plan.add).toEqual([]);
    expect(plan.short).toEqual([{ application: 'a1', missing: 1 }]);
  });
});

describe('a call’s standings', () => {
  it('ranks only eligible, reviewed applications and walks the envelope in that order', () => {
    const call = { criteria, scaleMax: 5, disagreement: 25, envelope: 5000_00n };
    const all = callStandingsOf(call);
    // a: 85 → rank 1, fits (3000 of 5000); b: ineligible; c: 50 → rank 2, 2500 > 2000 left → no;
    // d: no review yet → unranked.
    expect(all.get('a')).toMatchObject({ score: 85, rank: 1, fits: true });
    expect(all.get('b')).toMatchObject({ score: 100, rank: null, fits: false });
    expect(all.get('c')).toMatchObject({ score: 50, rank: 2, fits: false });
    expect(all.get('d')).toMatchObject({ score: null, rank: null, fits: false });
  });
});

function callStandingsOf(call: Parameters<typeof callStandings>[0]) {
  return callStandings(call, [
    {
      id: 'a',
      requested: 3000_00n,
      submittedAt: '1',
      eligible: true,
      reviews: [{ need: 5, plan: 3, community: 4 }],
    },
    {
      id: 'b',
      requested: 1000_00n,
      submittedAt: '2',
      eligible: false,
      reviews: [{ need: 5, plan: 5, community: 5 }],
    },
    {
      id: 'c',
      requested: 2500_00n,
      submittedAt: '3',
      eligible: true,
      reviews: [{ need: 0, plan: 5, community: 5 }],
    },
    { id: 'd', requested: 500_00n, submittedAt: '4', eligible: true, reviews: [] },
  ]);
}
