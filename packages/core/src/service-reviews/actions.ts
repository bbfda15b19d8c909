/**
 * What a visit found becomes an action item: what will be done, by whom (a role or a person, as the
 * site names them), by when, and where it stands. Dropping an item needs a reason, so a finding cannot
 * quietly disappear.
 */

import { z } from 'zod';
import type { FieldIssue } from '../problems.js';

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const actionItemInput = z
  .object({
    /** The site (org unit code) the action is for. */
    site: z.string().trim().min(1).max(40),
    /** The visit whose finding it answers, if any. */
    reviewId: z.string().uuid().optional(),
    /** The checklist item it is about, if any. */
    item: z.string().trim().max(40).optional(),
    action: z.string().trim().min(1).max(1000),
    owner: z.string().trim().min(1).max(120),
    dueOn: isoDate,
  })
  .strict();
export type ActionItemInput = z.input<typeof actionItemInput>;

export const actionUpdateInput = z
  .object({
    status: z.enum(ACTION_STATUSES),
    /** What happened; required to drop an item. */
    note: z.string().trim().max(1000).optional(),
    owner: z.string().trim().min(1).max(120).optional(),
    dueOn: isoDate.optional(),
  })
  .strict();
export type ActionUpdateInput = z.input<typeof actionUpdateInput>;

export function actionUpdateIssues(update: z.output<typeof actionUpdateInput>): FieldIssue[] {
  return update.status === 'dropped' && !update.note
    ? [{ field: 'note', rule: 'required', message: 'Say why the action is dropped' }]
    : [];
}

/** Still to do and past its day. */
export function isOverdue(a: { status: ActionStatus; dueOn: string }, today: string): boolean {
  return (a.status === 'open' || a.status === 'in_progress') && a.dueOn < today;
}

export function isOpen(a: { status: ActionStatus }): boolean {
  return a.status === 'open' || a.status === 'in_progress';
}
