/**
 * What a community group does through a call's public page, without an account: apply (and receive
 * the private link), come back with it to change the application until the deadline, attach files,
 * see the screening and the decision, and send the reports an awarded grant owes. Only the hash of the
 * link's token is kept; a link that matches nothing is answered like any unknown thing.
 */

import { createHash, randomBytes } from 'node:crypto';
import {
  type ApplicantView,
  applicationInput,
  applicationIssues,
  ConflictError,
  callPhase,
  checkFile,
  type FileType,
  type GrantCallDefinition,
  grantReportInput,
  InputError,
  MAX_FILE_BYTES,
  missingAnswers,
  NotFoundError,
  type PublicCall,
  parseInput,
  reportState,
  shortRef,
  toCents,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import { definitionOf } from './call-service.js';
import * as repo from './grant-repository.js';
import { seal, unseal, unsealOrNull } from './seal.js';

const APPLICANT = 'applicant';
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function publicCallOf(row: { id: string }, def: GrantCallDefinition, now: Date): PublicCall {
  return {
    id: row.id,
    title: def.title,
    description: def.description,
    eligibility: def.eligibility,
    languages: Object.keys(def.title) as PublicCall['languages'],
    countries: def.countries,
    currency: def.currency,
    minGrant: def.minGrant,
    maxGrant: def.maxGrant,
    criteria: def.criteria,
    scaleMax: def.scaleMax,
    opensAt: def.opensAt,
    closesAt: def.closesAt,
    decisionBy: def.decisionBy,
    form: def.form,
    phase: callPhase(def, now),
  };
}

/** A call's public page: what it is, who may apply, until when. */
export async function publicCall(s: Services, id: string): Promise<PublicCall> {
  const row = await repo.callById(s.db, id);
  if (!row) throw new NotFoundError(`Call "${id}"`);
  return publicCallOf(row, definitionOf(row), s.now());
}

async function byLink(s: Services, token: string | undefined) {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token))
    throw new NotFoundError('An application for this link');
  const row = await repo.applicationByToken(s.db, tokenHash(token));
  if (!row) throw new NotFoundError('An application for this link');
  const call = (await repo.callById(s.db, row.call_id))!;
  return { row, call, def: definitionOf(call) };
}

function refuse(issues: ReturnType<typeof applicationIssues>) {
  if (issues.length === 0) return;
  const late = issues.find((i) => i.field === 'call');
  if (late) throw new ConflictError(late);
  throw new InputError(issues);
}

async function sealed(
  s: Services,
  owner: string,
  id: string,
  input: ReturnType<typeof applicationInput.parse>,
) {
  return {
    group_name: await seal(s, owner, input.group, 'applications', id, 'group'),
    contact: await seal(s, owner, input.contact, 'applications', id, 'contact'),
    summary: await seal(s, owner, input.summary, 'applications', id, 'summary'),
    answers: await seal(s, owner, JSON.stringify(input.answers), 'applications', id, 'answers'),
  };
}

/** A new application: checked against the call, sealed, kept; the answer carries the private link's token (shown once). */
export async function apply(
  s: Services,
  callId: string,
  raw: unknown,
): Promise<{ token: string; application: ApplicantView }> {
  const call = await repo.callById(s.db, callId);
  if (!call) throw new NotFoundError(`Call "${callId}"`);
  const def = definitionOf(call);
  const input = parseInput(applicationInput, raw);
  refuse(applicationIssues(def, input, s.now()));
  const id = uuidv7();
  const token = randomBytes(32).toString('base64url');
  const at = s.now().toISOString();
  const row = {
    id,
    call_id: call.id,
    org_id: call.org_id,
    token_hash: tokenHash(token),
    country: input.country,
    amount: input.amount,
    language: input.language,
    ...(await sealed(s, call.org_id, id, input)),
    screening: 'pending' as const,
    screening_reason: null,
    screened_at: null,
    decision: 'pending' as const,
    awarded_amount: null,
    decision_reason: null,
    decided_at: null,
    grant_status: null,
    grant_status_reason: null,
    created_at: at,
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    await repo.insertApplication(trx, row);
    await s.audit.append(trx, {
      actorId: null,
      actor: APPLICANT,
      action: 'grants.applied',
      entityType: 'grants',
      entityId: id,
      orgUnitId: call.unit_id,
      orgId: call.org_id,
      details: { call: call.id, country: input.country, amount: input.amount },
    });
  });
  return { token, application: await applicantView(s, token) };
}

/** The group's own application through its link. */
export async function applicantView(s: Services, token: string | undefined): Promise<ApplicantView> {
  const { row, call, def } = await byLink(s, token);
  const [files, tranches, reports, reviews] = await Promise.all([
    repo.filesOf(s.db, [row.id]),
    repo.tranchesOf(s.db, [row.id]),
    repo.reportsOf(s.db, [row.id]),
    repo.reviewsOfCall(s.db, call.id),
  ]);
  const answers = JSON.parse(await unseal(s, row.answers, 'applications', row.id, 'answers'));
  const decided = row.decision !== 'pending';
  const comments: string[] = [];
  if (def.shareComments && decided)
    for (const r of reviews)
      if (r.application_id === row.id && r.state === 'submitted' && r.comments)
        comments.push(
          await unseal(s, r.comments, 'reviews', `${r.application_id}:${r.reviewer_id}`, 'comments'),
        );
  const today = s.now().toISOString().slice(0, 10);
  return {
    id: row.id,
    ref: shortRef(row.id),
    call: publicCallOf(call, def, s.now()),
    group: await unseal(s, row.group_name, 'applications', row.id, 'group'),
    contact: await unseal(s, row.contact, 'applications', row.id, 'contact'),
    country: row.country,
    amount: row.amount,
    summary: await unseal(s, row.summary, 'applications', row.id, 'summary'),
    answers,
    language: row.language,
    files: await fileRefs(s, files),
    missing: missingAnswers(
      def,
      answers,
      files.map((f) => f.field_id),
    ),
    editable: callPhase(def, s.now()) === 'open',
    sentAt: row.created_at,
    updatedAt: row.updated_at,
    screening: row.screening,
    screeningReason: await unsealOrNull(s, row.screening_reason, 'applications', row.id, 'screening'),
    decision: row.decision,
    awardedAmount: row.awarded_amount,
    comments: comments.filter((c) => c !== ''),
    grantStatus: row.grant_status,
    tranches: tranches.map((t) => ({
      id: t.id,
      plannedOn: t.planned_on,
      amount: t.amount,
      paidOn: t.paid_on,
    })),
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

/** A file as lists show it: its name unsealed, never its content. */
export async function fileRefs(
  s: Services,
  files: readonly { id: string; field_id: string; name: string; file_type: string; size: number }[],
) {
  return Promise.all(
    files.map(async (f) => ({
      id: f.id,
      field: f.field_id,
      name: await unseal(s, f.name, 'files', f.id, 'name'),
      type: f.file_type as FileType,
      size: f.size,
    })),
  );
}

/** Changes the application through its link, until the call closes. */
export async function editApplication(
  s: Services,
  token: string | undefined,
  raw: unknown,
): Promise<ApplicantView> {
  const { row, call, def } = await byLink(s, token);
  const input = parseInput(applicationInput, raw);
  refuse(applicationIssues(def, input, s.now()));
  await s.db.transaction().execute(async (trx) => {
    await repo.updateApplication(trx, row.id, {
      country: input.country,
      amount: input.amount,
      language: input.language,
      ...(await sealed(s, row.org_id, row.id, input)),
      updated_at: s.now().toISOString(),
    });
    await s.audit.append(trx, {
      actorId: null,
      actor: APPLICANT,
      action: 'grants.application_changed',
      entityType: 'grants',
      entityId: row.id,
      orgUnitId: call.unit_id,
      orgId: row.org_id,
      details: { amount: input.amount },
    });
  });
  return applicantView(s, token);
}

/**
 * Attaches a file to a file question (replacing an earlier one): checked by its bytes, at most the
 * call's size, sealed at rest. Its name is sealed too (a name can say more than the file).
 */
export async function attachFile(
  s: Services,
  token: string | undefined,
  fieldId: string,
  name: string,
  bytes: Uint8Array,
): Promise<ApplicantView> {
  const { row, call, def } = await byLink(s, token);
  if (callPhase(def, s.now()) !== 'open')
    throw new ConflictError({
      field: 'call',
      rule: 'deadline',
      message: `The call closed at ${def.closesAt}`,
    });
  const field = def.form.find((f) => f.id === fieldId && f.kind === 'file');
  if (!field)
    throw new InputError({
      field: 'field',
      value: fieldId,
      rule: 'unknown',
      message: 'The call asks for no such file',
    });
  const cleanName =
    [...name]
      .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch))
      .join('')
      .slice(0, 200) || 'file';
  const checked = checkFile(cleanName, bytes, MAX_FILE_BYTES);
  if (!checked.ok) throw new InputError(checked.issue, checked.issue.rule === 'max' ? 413 : 400);
  const id = uuidv7();
  const file = {
    id,
    application_id: row.id,
    org_id: row.org_id,
    field_id: fieldId,
    name: await seal(s, row.org_id, cleanName, 'files', id, 'name'),
    file_type: checked.type,
    size: bytes.length,
    content: await seal(s, row.org_id, Buffer.from(bytes).toString('base64'), 'files', id, 'content'),
    created_at: s.now().toISOString(),
  };
  await s.db.transaction().execute(async (trx) => {
    await repo.putFile(trx, file);
    await repo.updateApplication(trx, row.id, { updated_at: file.created_at });
    await s.audit.append(trx, {
      actorId: null,
      actor: APPLICANT,
      action: 'grants.file_attached',
      entityType: 'grants',
      entityId: row.id,
      orgUnitId: call.unit_id,
      orgId: row.org_id,
      details: { field: fieldId, type: checked.type, size: bytes.length },
    });
  });
  return applicantView(s, token);
}

/** A report the grant owes, sent through the link (a financial report says what was spent). */
export async function submitGrantReport(
  s: Services,
  token: string | undefined,
  reportId: string,
  raw: unknown,
): Promise<ApplicantView> {
  const { row, call } = await byLink(s, token);
  const input = parseInput(grantReportInput, raw);
  const report = (await repo.reportsOf(s.db, [row.id])).find((r) => r.id === reportId);
  if (!report) throw new NotFoundError(`Report "${reportId}"`);
  if (report.kind === 'financial' && (input.spent === undefined || toCents(input.spent) === null))
    throw new InputError({
      field: 'spent',
      value: input.spent ?? '',
      rule: 'required',
      message: 'What the grant was spent on, as an amount such as 2500.00',
    });
  if (row.grant_status === 'closed')
    throw new ConflictError({ field: 'grant', rule: 'closed', message: 'The grant is closed' });
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await repo.updateReport(trx, report.id, {
      narrative: await seal(s, row.org_id, input.narrative, 'reports', report.id, 'narrative'),
      spent: input.spent ?? null,
      submitted_at: at,
    });
    // Every report in: the grant is reported (the officer closes it).
    const left = (await repo.reportsOf(trx, [row.id])).filter((r) => !r.submitted_at);
    if (left.length === 0 && row.grant_status === 'active')
      await repo.updateApplication(trx, row.id, { grant_status: 'reported' });
    await s.audit.append(trx, {
      actorId: null,
      actor: APPLICANT,
      action: 'grants.report_sent',
      entityType: 'grants',
      entityId: row.id,
      orgUnitId: call.unit_id,
      orgId: row.org_id,
      details: { report: report.id, kind: report.kind },
    });
  });
  return applicantView(s, token);
}
