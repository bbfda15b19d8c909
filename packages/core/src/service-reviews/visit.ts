/**
 * A community expert's visit to a site: a score per checklist item (or none where they could not see
 * it), a note per item, what they found overall, and clients' anonymous feedback as counts — never who
 * said it.
 */

import { z } from 'zod';
import type { FieldIssue } from '../problems.js';
import { type ChecklistItem, SCORE_MAX, SCORE_MIN } from './checklist.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const count = z.number().int().min(0).max(100_000);

export const visitInput = z
  .object({
    visitedOn: isoDate,
    /** Item id → 1..5, or null where the expert could not see it. */
    scores: z.record(z.string(), z.number().int().nullable()),
    /** Item id → what the expert saw (no one's name). */
    notes: z.record(z.string(), z.string().trim().max(1000)).default({}),
    summary: z.string().trim().max(3000).default(''),
    /** Clients asked on the day, and how they rated the service overall. */
    feedback: z
      .object({ asked: count, good: count, fair: count, poor: count })
      .strict()
      .default({ asked: 0, good: 0, fair: 0, poor: 0 }),
  })
  .strict();
export type VisitInput = z.input<typeof visitInput>;
export type Visit = z.output<typeof visitInput>;

/**
 * What is wrong with a visit, beyond its shape: items that are not on the checklist, scores off the
 * scale, a visit in the future or before the expert was asked, no item scored at all, more answers
 * than clients asked.
 */
export function visitIssues(
  items: readonly ChecklistItem[],
  visit: Visit,
  today: string,
  assignedOn: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(items.map((i) => i.id));
  for (const [id, score] of Object.entries(visit.scores)) {
    if (!known.has(id))
      issues.push({
        field: `scores.${id}`,
        value: id,
        rule: 'enum',
        message: `"${id}" is not on this checklist`,
      });
    else if (score !== null && (score < SCORE_MIN || score > SCORE_MAX))
      issues.push({
        field: `scores.${id}`,
        value: String(score),
        rule: 'range',
        message: `A score is ${SCORE_MIN} to ${SCORE_MAX}, or empty where you could not see it`,
      });
  }
  for (const id of Object.keys(visit.notes))
    if (!known.has(id))
      issues.push({
        field: `notes.${id}`,
        value: id,
        rule: 'enum',
        message: `"${id}" is not on this checklist`,
      });
  if (!Object.values(visit.scores).some((v) => v !== null))
    issues.push({ field: 'scores', rule: 'required', message: 'Score at least one item' });
  if (visit.visitedOn > today)
    issues.push({
      field: 'visitedOn',
      value: visit.visitedOn,
      rule: 'future',
      message: `A visit cannot be after today (${today})`,
    });
  else if (visit.visitedOn < assignedOn)
    issues.push({
      field: 'visitedOn',
      value: visit.visitedOn,
      rule: 'before_assignment',
      message: `The visit was asked for on ${assignedOn}; a visit before that belongs to another review`,
    });
  const f = visit.feedback;
  if (f.good + f.fair + f.poor > f.asked)
    issues.push({
      field: 'feedback.asked',
      value: String(f.asked),
      rule: 'sum',
      message: `${f.good + f.fair + f.poor} answers is more than the ${f.asked} clients asked`,
    });
  return issues;
}
