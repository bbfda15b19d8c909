/**
 * From reviewers' scores to a ranking and the envelope: each review's weighted score on 0–100, an
 * application's score as the mean over the reviews submitted, the spread between its reviewers (flagged
 * past the call's threshold), a competition ranking (equal scores share a rank: 1, 2, 2, 4), and which
 * applications the envelope covers in rank order. Pure, so the call's dashboard, the export and the
 * committee's decision check agree.
 */

import type { FieldIssue } from '../problems.js';
import type { Criterion } from './call.js';

/** A reviewer's scores, by criterion id. */
export type Scores = Readonly<Record<string, number>>;

/** What is wrong with a review's scores: each criterion scored once, a whole number from 0 to the scale's top. */
export function scoreIssues(criteria: readonly Criterion[], scaleMax: number, scores: Scores): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === undefined)
      issues.push({ field: `scores.${c.id}`, rule: 'required', message: 'Give this criterion a score' });
    else if (!Number.isInteger(s) || s < 0 || s > scaleMax)
      issues.push({
        field: `scores.${c.id}`,
        value: String(s),
        rule: 'range',
        message: `A whole number from 0 to ${scaleMax}`,
      });
  }
  for (const id of Object.keys(scores))
    if (!criteria.some((c) => c.id === id))
      issues.push({ field: `scores.${id}`, rule: 'unknown', message: 'The call has no such criterion' });
  return issues;
}

/** One review on 0–100: Σ weight × score ÷ (Σ weight × the scale's top) × 100. */
export function weightedScore(criteria: readonly Criterion[], scaleMax: number, scores: Scores): number {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    sum += c.weight * (scores[c.id] ?? 0);
    weights += c.weight;
  }
  return weights === 0 ? 0 : (sum / (weights * scaleMax)) * 100;
}

export interface ApplicationScore {
  /** Reviews submitted. */
  reviews: number;
  /** Mean of the reviews' weighted scores (0–100); null before the first review. */
  score: number | null;
  /** Highest minus lowest weighted score; null with fewer than two reviews. */
  spread: number | null;
  /** The spread is more than the call's threshold: the reviewers disagree. */
  disagree: boolean;
  /** Mean score per criterion (on the call's scale), for the committee's table. */
  byCriterion: Record<string, number>;
}

export function scoreApplication(
  criteria: readonly Criterion[],
  scaleMax: number,
  threshold: number,
  reviews: readonly Scores[],
): ApplicationScore {
  const byCriterion: Record<string, number> = {};
  if (reviews.length === 0) return { reviews: 0, score: null, spread: null, disagree: false, byCriterion };
  const each = reviews.map((r) => weightedScore(criteria, scaleMax, r));
  for (const c of criteria)
    byCriterion[c.id] = reviews.reduce((n, r) => n + (r[c.id] ?? 0), 0) / reviews.length;
  const score = each.reduce((a, b) => a + b, 0) / each.length;
  const spread = each.length > 1 ? Math.max(...each) - Math.min(...each) : null;
  return {
    reviews: reviews.length,
    score,
    spread,
    disagree: spread !== null && spread > threshold + 1e-9,
    byCriterion,
  };
}

/** Scores equal to nine places are equal (means of the same marks in another order differ in the last bit). */
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

export interface Rankable {
  id: string;
  score: number;
  /** When it was sent: among equal scores, the earlier is listed first (its rank is shared). */
  submittedAt: string;
}

/** Competition ranking, best first: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
export function rank<T extends Rankable>(items: readonly T[]): (T & { rank: number })[] {
  const sorted = [...items].sort((a, b) =>
    same(a.score, b.score)
      ? a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id)
      : b.score - a.score,
  );
  const out: (T & { rank: number })[] = [];
  for (const [i, item] of sorted.entries()) {
    const prev = out[i - 1];
    out.push({ ...item, rank: prev && same(prev.score, item.score) ? prev.rank : i + 1 });
  }
  return out;
}

/**
 * The envelope walked in rank order: each application is covered when what it asks fits what is left;
 * one that does not fit is passed over and the walk goes on (a smaller request further down may fit).
 */
export function envelopeFit<T extends { id: string; requested: bigint }>(
  ranked: readonly T[],
  envelope: bigint,
): (T & { fits: boolean; leftAfter: bigint })[] {
  let left = envelope;
  return ranked.map((r) => {
    const fits = r.requested <= left;
    if (fits) left -= r.requested;
    return { ...r, fits, leftAfter: left };
  });
}

export interface AwardCheck {
  award: boolean;
  /** The amount awarded (cents); ignored when declining. */
  amount: bigint;
  requested: bigint;
  min: bigint;
  max: bigint;
  /** What the call's other awards already take (cents). */
  awardedElsewhere: bigint;
  envelope: bigint;
  /** Harbour's suggestion: the envelope covers it in rank order. */
  suggested: boolean;
  reason: string;
}

/**
 * Whether the committee's decision stands as given: an award within the grant's least and most and
 * no more than asked; past the envelope, or against the rank-order suggestion, only with a reason.
 */
export function decisionIssues(d: AwardCheck): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const why = d.reason.trim() !== '';
  if (d.award) {
    if (d.amount <= 0n || d.amount < d.min || d.amount > d.max)
      issues.push({
        field: 'amount',
        rule: 'range',
        message: "An award is within the call's least and most grant",
      });
    else if (d.amount > d.requested)
      issues.push({ field: 'amount', rule: 'max', message: 'An award is no more than the group asked for' });
    if (d.awardedElsewhere + d.amount > d.envelope && !why)
      issues.push({
        field: 'reason',
        rule: 'required',
        message:
          'This award takes the call past its envelope: say why (the reason is kept with the decision)',
      });
    else if (!d.suggested && !why)
      issues.push({
        field: 'reason',
        rule: 'required',
        message: 'The envelope does not cover this application in rank order: say why it is awarded',
      });
  } else if (d.suggested && !why)
    issues.push({
      field: 'reason',
      rule: 'required',
      message: 'The envelope covers this application in rank order: say why it is declined',
    });
  return issues;
}

export interface Standing extends ApplicationScore {
  /** Competition rank among the eligible applications with at least one review; null otherwise. */
  rank: number | null;
  /** The envelope covers it in rank order (Harbour's suggestion to the committee). */
  fits: boolean;
}

/**
 * A call's standings: every application scored from its submitted reviews; the eligible ones with a
 * score ranked, and the envelope walked in that order.
 */
export function callStandings(
  call: { criteria: readonly Criterion[]; scaleMax: number; disagreement: number; envelope: bigint },
  applications: readonly {
    id: string;
    requested: bigint;
    submittedAt: string;
    eligible: boolean;
    reviews: readonly Scores[];
  }[],
): Map<string, Standing> {
  const out = new Map<string, Standing>();
  const rankable: (Rankable & { requested: bigint })[] = [];
  for (const a of applications) {
    const s = scoreApplication(call.criteria, call.scaleMax, call.disagreement, a.reviews);
    out.set(a.id, { ...s, rank: null, fits: false });
    if (a.eligible && s.score !== null)
      rankable.push({ id: a.id, score: s.score, submittedAt: a.submittedAt, requested: a.requested });
  }
  for (const r of envelopeFit(rank(rankable), call.envelope)) {
    const s = out.get(r.id)!;
    s.rank = r.rank;
    s.fits = r.fits;
  }
  return out;
}
