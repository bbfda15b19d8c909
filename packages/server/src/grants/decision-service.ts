/**
 * A grants officer's work on one application: reading it (the group's contact, audited), screening
 * it, deciding it (the envelope and the rank-order suggestion checked in core), and managing the
 * grant that follows — tranches planned and paid, its status. Reviewers and officers download files.
 */

import {
  type ApplicationDetail,
  type AuditAction,
  ConflictError,
  callStandings,
  decisionInput,
  decisionIssues,
  directoryLinkInput,
  grantStatusInput,
  InputError,
  missingAnswers,
  NotFoundError,
  parseInput,
  reportSchedule,
  reportState,
  type Scores,
  screeningInput,
  shortRef,
  toCents,
  trancheInput,
  trancheIssues,
  tranchePaidInput,
  uuidv7,
  weightedScore,
} from '@harbour/core';
import type { Transaction } from 'kysely';
import type { AuditDetails } from '../audit/audit-log.js';
import { groupView } from '../community/group-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { Database } from '../store/schema.js';
import { fileRefs } from './application-service.js';
import { type LoadedCall, loadCall } from './call-service.js';
import { callAccess, mayReview } from './grant-access.js';
import * as repo from './grant-repository.js';
import { seal, unseal, unsealOrNull } from './seal.js';

/** The application and its call, for one who manages the call; otherwise not there. */
async function managed(s: Services, actor: Actor, id: string) {
  const row = await repo.applicationById(s.db, id);
  if (!row || callAccess(actor, row.path) !== 'manage') throw new NotFoundError(`Application "${id}"`);
  const call = await loadCall(s, actor, row.call_id, 'manage');
  return { row, call };
}

async function standingOf(s: Services, call: LoadedCall, id: string) {
  const [apps, reviews] = await Promise.all([
    repo.applicationsOfCall(s.db, call.row.id),
    repo.reviewsOfCall(s.db, call.row.id),
  ]);
  const st = callStandings(
    {
      criteria: call.def.criteria,
      scaleMax: call.def.scaleMax,
      disagreement: call.def.disagreement,
      envelope: toCents(call.def.envelope)!,
    },
    apps.map((a) => ({
      id: a.id,
      requested: toCents(a.amount)!,
      submittedAt: a.created_at,
      eligible: a.screening === 'eligible',
      reviews: reviews
        .filter((r) => r.application_id === a.id && r.state === 'submitted' && r.scores)
        .map((r) => JSON.parse(r.scores!) as Scores),
    })),
  );
  const awardedElsewhere = apps
    .filter((a) => a.id !== id && a.decision === 'awarded')
    .reduce((n, a) => n + (toCents(a.awarded_amount ?? '0') ?? 0n), 0n);
  return { standing: st.get(id)!, reviews: reviews.filter((r) => r.application_id === id), awardedElsewhere };
}

/** Everything about one application, for its call's officers; reading the group's contact is audited. */
export async function applicationDetail(s: Services, actor: Actor, id: string): Promise<ApplicationDetail> {
  const { row, call } = await managed(s, actor, id);
  const { standing, reviews } = await standingOf(s, call, id);
  const [files, tranches, reports] = await Promise.all([
    repo.filesOf(s.db, [id]),
    repo.tranchesOf(s.db, [id]),
    repo.reportsOf(s.db, [id]),
  ]);
  const answers = JSON.parse(await unseal(s, row.answers, 'applications', id, 'answers'));
  await s.db.transaction().execute((trx) =>
    s.audit.record(trx, actor, {
      action: 'grants.application_read',
      entityType: 'grants',
      entityId: id,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
    }),
  );
  const linked = await s.db
    .selectFrom('community_groups')
    .select(['id', 'name'])
    .where('grant_application_id', '=', id)
    .executeTakeFirst();
  const today = s.now().toISOString().slice(0, 10);
  return {
    id,
    ref: shortRef(id),
    callId: row.call_id,
    group: await unseal(s, row.group_name, 'applications', id, 'group'),
    contact: await unseal(s, row.contact, 'applications', id, 'contact'),
    country: row.country,
    amount: row.amount,
    summary: await unseal(s, row.summary, 'applications', id, 'summary'),
    answers,
    language: row.language,
    files: await fileRefs(s, files),
    missing: missingAnswers(
      call.def,
      answers,
      files.map((f) => f.field_id),
    ),
    sentAt: row.created_at,
    screening: row.screening,
    screeningReason: await unsealOrNull(s, row.screening_reason, 'applications', id, 'screening'),
    reviews: await Promise.all(
      reviews.map(async (r) => {
        const scores = r.scores ? (JSON.parse(r.scores) as Record<string, number>) : null;
        const key = `${r.application_id}:${r.reviewer_id}`;
        return {
          reviewer: r.display_name,
          state: r.state,
          conflictReason: await unsealOrNull(s, r.conflict_reason, 'reviews', key, 'conflict'),
          scores,
          score:
            scores && r.state === 'submitted'
              ? weightedScore(call.def.criteria, call.def.scaleMax, scores)
              : null,
          comments: await unsealOrNull(s, r.comments, 'reviews', key, 'comments'),
        };
      }),
    ),
    score: standing.score,
    spread: standing.spread,
    disagree: standing.disagree,
    rank: standing.rank,
    fits: standing.fits,
    decision: row.decision,
    awardedAmount: row.awarded_amount,
    decisionReason: await unsealOrNull(s, row.decision_reason, 'applications', id, 'decision'),
    grantStatus: row.grant_status,
    grantStatusReason: await unsealOrNull(s, row.grant_status_reason, 'applications', id, 'status'),
    tranches: tranches.map((t) => ({
      id: t.id,
      plannedOn: t.planned_on,
      amount: t.amount,
      paidOn: t.paid_on,
    })),
    directoryGroup: linked ? { id: linked.id, name: linked.name } : null,
    reports: await Promise.all(
      reports.map(async (r) => ({
        id: r.id,
        kind: r.kind,
        dueOn: r.due_on,
        state: reportState(r.due_on, r.submitted_at, today),
        submittedAt: r.submitted_at,
        narrative: await unsealOrNull(s, r.narrative, 'reports', r.id, 'narrative'),
        spent: r.spent,
      })),
    ),
  };
}

function closedOnly(call: LoadedCall, what: string) {
  if (call.phase !== 'closed')
    throw new ConflictError({
      field: 'closesAt',
      rule: 'still_open',
      message: `${what} once the call has closed (groups can change their applications until ${call.def.closesAt})`,
    });
}

async function write(
  s: Services,
  actor: Actor,
  row: repo.ApplicationRow,
  action: AuditAction,
  details: AuditDetails,
  change: (trx: Transaction<Database>) => Promise<unknown>,
) {
  await s.db.transaction().execute(async (trx) => {
    await change(trx);
    await s.audit.record(trx, actor, {
      action,
      entityType: 'grants',
      entityId: row.id,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
      details,
    });
  });
}

/** Eligible or not, with the reason the group will read. */
export async function screenApplication(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row, call } = await managed(s, actor, id);
  const input = parseInput(screeningInput, raw);
  closedOnly(call, 'Applications are screened');
  if (row.decision !== 'pending')
    throw new ConflictError({
      field: 'screening',
      rule: 'decided',
      message: 'The application is already decided',
    });
  const reason = await seal(s, row.org_id, input.reason, 'applications', id, 'screening');
  await write(s, actor, row, 'grants.screened', { eligible: input.eligible }, (trx) =>
    repo.updateApplication(trx, id, {
      screening: input.eligible ? 'eligible' : 'ineligible',
      screening_reason: reason,
      screened_at: s.now().toISOString(),
    }),
  );
  return applicationDetail(s, actor, id);
}

/**
 * The committee's decision. An award is within the call's least and most and no more than asked;
 * past the envelope or against the rank-order suggestion only with a reason (kept). An award starts
 * the grant: active, its reports due on the call's schedule from today.
 */
export async function decideApplication(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row, call } = await managed(s, actor, id);
  const input = parseInput(decisionInput, raw);
  closedOnly(call, 'Applications are decided');
  if (row.screening !== 'eligible')
    throw new ConflictError({
      field: 'screening',
      rule: 'not_eligible',
      message: 'Only an application screened as eligible can be decided',
    });
  if (row.decision !== 'pending')
    throw new ConflictError({
      field: 'decision',
      rule: 'decided',
      message: 'The application is already decided',
    });
  const { standing, awardedElsewhere } = await standingOf(s, call, id);
  const amount = input.award ? toCents(input.amount ?? row.amount) : 0n;
  if (amount === null)
    throw new InputError({
      field: 'amount',
      value: input.amount ?? '',
      rule: 'format',
      message: 'An amount such as 1500 or 1500.50',
    });
  const issues = decisionIssues({
    award: input.award,
    amount,
    requested: toCents(row.amount)!,
    min: toCents(call.def.minGrant)!,
    max: toCents(call.def.maxGrant)!,
    awardedElsewhere,
    envelope: toCents(call.def.envelope)!,
    suggested: standing.fits,
    reason: input.reason,
  });
  if (issues.length) throw new InputError(issues);
  const today = s.now().toISOString().slice(0, 10);
  const reason = input.reason
    ? await seal(s, row.org_id, input.reason, 'applications', id, 'decision')
    : null;
  const awarded = input.award ? (input.amount ?? row.amount) : null;
  await write(
    s,
    actor,
    row,
    'grants.decided',
    { award: input.award, amount: awarded, suggested: standing.fits, withReason: !!input.reason },
    async (trx) => {
      await repo.updateApplication(trx, id, {
        decision: input.award ? 'awarded' : 'declined',
        awarded_amount: awarded,
        decision_reason: reason,
        decided_at: s.now().toISOString(),
        grant_status: input.award ? 'active' : null,
      });
      if (input.award)
        await repo.insertReports(
          trx,
          reportSchedule(today, call.def.reports).map((r) => ({
            id: uuidv7(),
            application_id: id,
            org_id: row.org_id,
            kind: r.kind,
            due_on: r.dueOn,
            narrative: null,
            spent: null,
            submitted_at: null,
          })),
        );
    },
  );
  return applicationDetail(s, actor, id);
}

async function awardedGrant(s: Services, actor: Actor, id: string) {
  const got = await managed(s, actor, id);
  if (got.row.decision !== 'awarded')
    throw new ConflictError({
      field: 'decision',
      rule: 'not_awarded',
      message: 'Only an awarded grant has tranches and a status',
    });
  return got;
}

/** A tranche planned: never more, with the others, than the award. */
export async function planTranche(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row } = await awardedGrant(s, actor, id);
  const input = parseInput(trancheInput, raw);
  const amount = toCents(input.amount);
  if (amount === null)
    throw new InputError({
      field: 'amount',
      value: input.amount,
      rule: 'format',
      message: 'An amount such as 1500 or 1500.50',
    });
  const others = (await repo.tranchesOf(s.db, [id])).reduce((n, t) => n + (toCents(t.amount) ?? 0n), 0n);
  const issues = trancheIssues(toCents(row.awarded_amount!)!, others, amount);
  if (issues.length) throw new InputError(issues);
  await write(
    s,
    actor,
    row,
    'grants.tranche_planned',
    { amount: input.amount, plannedOn: input.plannedOn },
    (trx) =>
      repo.insertTranche(trx, {
        id: uuidv7(),
        application_id: id,
        org_id: row.org_id,
        planned_on: input.plannedOn,
        amount: input.amount,
        paid_on: null,
        created_at: s.now().toISOString(),
      }),
  );
  return applicationDetail(s, actor, id);
}

export async function markTranchePaid(
  s: Services,
  actor: Actor,
  id: string,
  trancheId: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row } = await awardedGrant(s, actor, id);
  const input = parseInput(tranchePaidInput, raw);
  const tranche = (await repo.tranchesOf(s.db, [id])).find((t) => t.id === trancheId);
  if (!tranche) throw new NotFoundError(`Tranche "${trancheId}"`);
  if (tranche.paid_on)
    throw new ConflictError({ field: 'paidOn', rule: 'paid', message: `Paid on ${tranche.paid_on} already` });
  await write(s, actor, row, 'grants.tranche_paid', { tranche: trancheId, paidOn: input.paidOn }, (trx) =>
    repo.payTranche(trx, trancheId, input.paidOn),
  );
  return applicationDetail(s, actor, id);
}

/** Active, reported, closed or suspended; suspending or closing says why. */
export async function setGrantStatus(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row } = await awardedGrant(s, actor, id);
  const input = parseInput(grantStatusInput, raw);
  if ((input.status === 'suspended' || input.status === 'closed') && !input.reason)
    throw new InputError({
      field: 'reason',
      rule: 'required',
      message: `Say why the grant is ${input.status}`,
    });
  const reason = input.reason ? await seal(s, row.org_id, input.reason, 'applications', id, 'status') : null;
  await write(s, actor, row, 'grants.status_changed', { status: input.status }, (trx) =>
    repo.updateApplication(trx, id, { grant_status: input.status, grant_status_reason: reason }),
  );
  return applicationDetail(s, actor, id);
}

/** A file, for the call's officers and the application's reviewers (not one who declared a conflict); audited. */
export async function downloadFile(
  s: Services,
  actor: Actor,
  id: string,
  fileId: string,
): Promise<{ name: string; type: string; bytes: Buffer }> {
  const row = await repo.applicationById(s.db, id);
  const file = row ? await repo.fileById(s.db, fileId) : undefined;
  const mayOfficer = row ? callAccess(actor, row.path) === 'manage' : false;
  const review = row && actor.userId ? await repo.reviewOf(s.db, id, actor.userId) : undefined;
  // A reviewer opens files once they said they have no conflict, as they do the application itself.
  const mayReviewer =
    !!row &&
    mayReview(actor, row.path, review) &&
    (review?.state === 'accepted' || review?.state === 'submitted');
  if (!row || !file || file.application_id !== id || (!mayOfficer && !mayReviewer))
    throw new NotFoundError(`File "${fileId}"`);
  const name = await unseal(s, file.name, 'files', file.id, 'name');
  const bytes = Buffer.from(await unseal(s, file.content, 'files', file.id, 'content'), 'base64');
  await write(
    s,
    actor,
    row,
    'grants.file_read',
    { file: fileId, field: file.field_id },
    async () => undefined,
  );
  return { name, type: file.file_type, bytes };
}

/**
 * Links an awarded application to its group's entry in the directory of groups and networks (or
 * unlinks it): the entry then says which grant the group received. The officer must manage the call
 * and read the entry in full; the entry's small-grant flag is set.
 */
export async function linkDirectoryGroup(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ApplicationDetail> {
  const { row } = await managed(s, actor, id);
  const { groupId } = parseInput(directoryLinkInput, raw);
  if (row.decision !== 'awarded')
    throw new ConflictError({
      field: 'groupId',
      rule: 'state',
      message: 'Only an awarded application is linked to the directory',
    });
  const group = groupId
    ? await s.db
        .selectFrom('community_groups as g')
        .innerJoin('org_units as u', 'u.id', 'g.keeper_id')
        .select(['g.id', 'g.listed_publicly', 'u.path'])
        .where('g.id', '=', groupId)
        .executeTakeFirst()
    : undefined;
  if (groupId && (!group || groupView(actor, group.path, group.listed_publicly === 1) !== 'full'))
    throw new InputError({
      field: 'groupId',
      value: groupId,
      rule: 'exists',
      message: 'No entry in the directory you read',
    });
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('community_groups')
      .set({ grant_application_id: null })
      .where('grant_application_id', '=', id)
      .execute();
    if (groupId)
      await trx
        .updateTable('community_groups')
        .set({ grant_application_id: id, small_grant: 1, updated_at: s.now().toISOString() })
        .where('id', '=', groupId)
        .execute();
    await s.audit.record(trx, actor, {
      action: 'grants.directory_linked',
      entityType: 'grants',
      entityId: id,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
      details: { group: groupId },
    });
  });
  return applicationDetail(s, actor, id);
}
