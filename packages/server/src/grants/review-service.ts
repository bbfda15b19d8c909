/**
 * A community expert's reviews: the applications they are assigned to, each opened only after they
 * say whether they have a conflict of interest (a declared conflict takes them off it for good, and is
 * kept); their scores per criterion with comments; the other reviewers' scores stay hidden until
 * their own is in. They never see the group's contact.
 */

import {
  ConflictError,
  conflictInput,
  InputError,
  NotFoundError,
  parseInput,
  type ReviewAssignment,
  type ReviewDetail,
  reviewInput,
  type Scores,
  scoreIssues,
  shortRef,
  weightedScore,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { fileRefs } from './application-service.js';
import { definitionOf, loadCallUnchecked } from './call-service.js';
import { mayReview } from './grant-access.js';
import * as repo from './grant-repository.js';
import { seal, unseal, unsealOrNull } from './seal.js';

const reviewKey = (applicationId: string, reviewerId: string) => `${applicationId}:${reviewerId}`;

/** The reviewer's assignments, open ones first. */
export async function myReviews(s: Services, actor: Actor): Promise<ReviewAssignment[]> {
  if (!actor.userId) return [];
  const rows = await repo.reviewsOfReviewer(s.db, actor.userId);
  const order = { assigned: 0, accepted: 1, submitted: 2, conflict: 3 };
  return rows
    .filter((r) => mayReview(actor, r.path, r))
    .map((r) => {
      const def = definitionOf(r);
      return {
        applicationId: r.application_id,
        ref: shortRef(r.application_id),
        callId: r.call_id,
        callTitle: def.title,
        decisionBy: def.decisionBy,
        state: r.state,
      };
    })
    .sort((a, b) => order[a.state] - order[b.state] || a.decisionBy.localeCompare(b.decisionBy));
}

async function assigned(s: Services, actor: Actor, applicationId: string) {
  const row = await repo.applicationById(s.db, applicationId);
  const review = row && actor.userId ? await repo.reviewOf(s.db, applicationId, actor.userId) : undefined;
  if (!row || !review || !mayReview(actor, row.path, review))
    throw new NotFoundError(`Review of "${applicationId}"`);
  const call = await loadCallUnchecked(s, row.call_id);
  return { row, review, call };
}

/** What the reviewer may see: the application once they declared no conflict; others' scores after their own. */
export async function reviewDetail(s: Services, actor: Actor, applicationId: string): Promise<ReviewDetail> {
  const { row, review, call } = await assigned(s, actor, applicationId);
  const { def } = call;
  const open = review.state === 'accepted' || review.state === 'submitted';
  const files = open ? await repo.filesOf(s.db, [applicationId]) : [];
  let others: number[] | null = null;
  if (review.state === 'submitted') {
    const all = await repo.reviewsOfCall(s.db, row.call_id);
    others = all
      .filter(
        (r) =>
          r.application_id === applicationId &&
          r.reviewer_id !== review.reviewer_id &&
          r.state === 'submitted' &&
          r.scores,
      )
      .map((r) => weightedScore(def.criteria, def.scaleMax, JSON.parse(r.scores!) as Scores));
  }
  if (open)
    await s.db.transaction().execute((trx) =>
      s.audit.record(trx, actor, {
        action: 'grants.application_reviewed',
        entityType: 'grants',
        entityId: applicationId,
        orgUnitId: row.unit_id,
        orgId: row.org_id,
      }),
    );
  return {
    assignment: {
      applicationId,
      ref: shortRef(applicationId),
      callId: row.call_id,
      callTitle: def.title,
      decisionBy: def.decisionBy,
      state: review.state,
    },
    criteria: def.criteria,
    scaleMax: def.scaleMax,
    form: def.form,
    application: open
      ? {
          group: await unseal(s, row.group_name, 'applications', row.id, 'group'),
          country: row.country,
          amount: row.amount,
          currency: def.currency,
          summary: await unseal(s, row.summary, 'applications', row.id, 'summary'),
          answers: JSON.parse(await unseal(s, row.answers, 'applications', row.id, 'answers')),
          files: await fileRefs(s, files),
        }
      : null,
    scores: review.scores ? (JSON.parse(review.scores) as Record<string, number>) : null,
    comments: await unsealOrNull(
      s,
      review.comments,
      'reviews',
      reviewKey(applicationId, review.reviewer_id),
      'comments',
    ),
    others,
  };
}

/** Before reading: a conflict of interest (with what it is), or none. A conflict cannot be taken back. */
export async function declareConflict(
  s: Services,
  actor: Actor,
  applicationId: string,
  raw: unknown,
): Promise<ReviewDetail> {
  const { row, review } = await assigned(s, actor, applicationId);
  const input = parseInput(conflictInput, raw);
  if (review.state !== 'assigned')
    throw new ConflictError({
      field: 'conflict',
      rule: 'declared',
      message:
        review.state === 'conflict'
          ? 'You declared a conflict with this application'
          : 'You have already declared no conflict',
    });
  const at = s.now().toISOString();
  const key = reviewKey(applicationId, review.reviewer_id);
  const reason = input.conflict ? await seal(s, row.org_id, input.reason, 'reviews', key, 'conflict') : null;
  await s.db.transaction().execute(async (trx) => {
    await repo.updateReview(trx, applicationId, review.reviewer_id, {
      state: input.conflict ? 'conflict' : 'accepted',
      conflict_reason: reason,
      declared_at: at,
    });
    await s.audit.record(trx, actor, {
      action: input.conflict ? 'grants.conflict_declared' : 'grants.no_conflict_declared',
      entityType: 'grants',
      entityId: applicationId,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
    });
  });
  return reviewDetail(s, actor, applicationId);
}

/** Scores for every criterion on the call's scale, with comments; can be changed until the decision. */
export async function submitReview(
  s: Services,
  actor: Actor,
  applicationId: string,
  raw: unknown,
): Promise<ReviewDetail> {
  const { row, review, call } = await assigned(s, actor, applicationId);
  const input = parseInput(reviewInput, raw);
  if (review.state === 'conflict')
    throw new ConflictError({
      field: 'scores',
      rule: 'conflict',
      message: 'You declared a conflict of interest with this application: you cannot score it',
    });
  if (review.state === 'assigned')
    throw new ConflictError({
      field: 'conflict',
      rule: 'undeclared',
      message: 'Say first whether you have a conflict of interest',
    });
  if (row.decision !== 'pending')
    throw new ConflictError({
      field: 'scores',
      rule: 'decided',
      message: 'The application is already decided',
    });
  const issues = scoreIssues(call.def.criteria, call.def.scaleMax, input.scores);
  if (issues.length) throw new InputError(issues);
  const key = reviewKey(applicationId, review.reviewer_id);
  const comments = await seal(s, row.org_id, input.comments, 'reviews', key, 'comments');
  await s.db.transaction().execute(async (trx) => {
    await repo.updateReview(trx, applicationId, review.reviewer_id, {
      state: 'submitted',
      scores: JSON.stringify(input.scores),
      comments,
      submitted_at: s.now().toISOString(),
    });
    await s.audit.record(trx, actor, {
      action: 'grants.review_submitted',
      entityType: 'grants',
      entityId: applicationId,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
      details: {
        score: Math.round(weightedScore(call.def.criteria, call.def.scaleMax, input.scores) * 10) / 10,
      },
    });
  });
  return reviewDetail(s, actor, applicationId);
}
