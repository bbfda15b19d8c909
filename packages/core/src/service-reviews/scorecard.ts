/**
 * A site's scorecard over time: each visit's score per item and overall, the latest score of each item
 * and how it moved since the visit before, traffic-light bands, and clients' feedback added up. Pure, so
 * the console, the PDF and the workbook show the same numbers.
 *
 * Rules (docs/community.md, "The scorecard"):
 * - A visit's **overall** score is the mean of the items it scored; unscored items do not count as
 *   zero. A visit that scored nothing has no overall score.
 * - An item's **latest** score is from the most recent visit that scored it; its **change** is latest
 *   minus the score of the visit before that which also scored it (null when there is none).
 * - **Bands**: good from 4.0, fair from 2.5, poor below 2.5.
 * - Visits are ordered by the day of the visit, then by id, so two visits on one day keep one order.
 */

import type { ChecklistItem } from './checklist.js';

export type ItemScores = Readonly<Record<string, number | null>>;
export type Band = 'good' | 'fair' | 'poor';

export interface ScoredVisit {
  id: string;
  visitedOn: string;
  scores: ItemScores;
  feedback: { asked: number; good: number; fair: number; poor: number };
}

export function overallScore(scores: ItemScores): number | null {
  const given = Object.values(scores).filter((v): v is number => v !== null);
  return given.length === 0 ? null : given.reduce((a, b) => a + b, 0) / given.length;
}

export function band(score: number | null): Band | null {
  if (score === null) return null;
  return score >= 4 ? 'good' : score >= 2.5 ? 'fair' : 'poor';
}

export interface ScorecardRow {
  /** An item id, or `overall`. */
  id: string;
  /** One per visit, in the visits' order. */
  scores: (number | null)[];
  latest: number | null;
  change: number | null;
  band: Band | null;
}

export interface Scorecard {
  visits: { id: string; visitedOn: string; overall: number | null }[];
  items: ScorecardRow[];
  overall: ScorecardRow;
  feedback: { asked: number; good: number; fair: number; poor: number };
}

function row(id: string, scores: (number | null)[]): ScorecardRow {
  const given = scores.filter((v): v is number => v !== null);
  const latest = given.at(-1) ?? null;
  const before = given.at(-2);
  return {
    id,
    scores,
    latest,
    change: latest !== null && before !== undefined ? latest - before : null,
    band: band(latest),
  };
}

export function siteScorecard(
  items: readonly Pick<ChecklistItem, 'id'>[],
  visits: readonly ScoredVisit[],
): Scorecard {
  const ordered = [...visits].sort(
    (a, b) => a.visitedOn.localeCompare(b.visitedOn) || a.id.localeCompare(b.id),
  );
  const overalls = ordered.map((v) => overallScore(v.scores));
  const feedback = { asked: 0, good: 0, fair: 0, poor: 0 };
  for (const v of ordered) {
    feedback.asked += v.feedback.asked;
    feedback.good += v.feedback.good;
    feedback.fair += v.feedback.fair;
    feedback.poor += v.feedback.poor;
  }
  return {
    visits: ordered.map((v, i) => ({ id: v.id, visitedOn: v.visitedOn, overall: overalls[i] ?? null })),
    items: items.map((it) =>
      row(
        it.id,
        ordered.map((v) => v.scores[it.id] ?? null),
      ),
    ),
    overall: row('overall', overalls),
    feedback,
  };
}
