/**
 * A grants officer's calls: opening and changing one, the list, the dashboard (applications, scores,
 * ranking, the envelope, money, reviewers' load), balanced reviewer assignment, and the decisions as
 * CSV. Rules live in core (grants/); access in grant-access.ts; SQL in grant-repository.ts.
 */

import {
  assignReviewers,
  type CallDashboard,
  type CallPhase,
  ConflictError,
  callPhase,
  callStandings,
  fromCents,
  type GrantCall,
  type GrantCallDefinition,
  type GrantCallSummary,
  grantCallInput,
  InputError,
  missingAnswers,
  NotFoundError,
  parseInput,
  reportState,
  type Scores,
  shortRef,
  toCents,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { projectByCode, unitsById } from '../projects/project-repository.js';
import { type CallAccess, callAccess } from './grant-access.js';
import * as repo from './grant-repository.js';
import { unseal } from './seal.js';

export interface LoadedCall {
  row: repo.CallRow;
  def: GrantCallDefinition;
  access: CallAccess;
  phase: CallPhase;
}

export const definitionOf = (row: Pick<repo.CallRow, 'definition'>) =>
  JSON.parse(row.definition) as GrantCallDefinition;

/** The call as the actor may see it; a call outside their scope is not there. */
export async function loadCall(
  s: Services,
  actor: Actor,
  id: string,
  need?: CallAccess,
): Promise<LoadedCall> {
  const row = await repo.callById(s.db, id);
  const access = row ? callAccess(actor, row.path) : null;
  if (!row || !access || (need === 'manage' && access !== 'manage')) throw new NotFoundError(`Call "${id}"`);
  const def = definitionOf(row);
  return { row, def, access, phase: callPhase(def, s.now()) };
}

export function callView(row: repo.CallRow, def: GrantCallDefinition, now: Date): GrantCall {
  const { unit: _unit, ...rest } = def;
  return {
    ...rest,
    id: row.id,
    unit: row.unit_code,
    languages: Object.keys(def.title) as GrantCall['languages'],
    phase: callPhase(def, now),
    publicPath: `/apply/${row.id}`,
  };
}

/**
 * A call reports its grants to a consortium project of its own part of the tree: the project's lead
 * unit is the call's unit, above it or below it.
 */
async function checkProjectLink(s: Services, code: string, callPath: string): Promise<void> {
  const project = await projectByCode(s.db, code);
  const [keeper] = project ? await unitsById(s.db, [project.keeper_id]) : [];
  if (!keeper || !(keeper.path.startsWith(callPath) || callPath.startsWith(keeper.path)))
    throw new InputError({
      field: 'project',
      value: code,
      rule: 'exists',
      message: `No consortium project "${code}" led in this call's part of the organisation`,
    });
}

/** Opens a call, or changes one (`id`). Once groups have applied, its rubric, form and currency stay as they were. */
export async function saveCall(s: Services, actor: Actor, raw: unknown, id?: string): Promise<GrantCall> {
  const def = parseInput(grantCallInput, raw);
  const existing = id ? await loadCall(s, actor, id, 'manage') : null;
  const unit = await repo.unitByCode(s.db, def.unit);
  if (!unit || callAccess(actor, unit.path) !== 'manage')
    throw new InputError({
      field: 'unit',
      value: def.unit,
      rule: 'exists',
      message: `No org unit "${def.unit}" where you may run small-grants calls`,
    });
  if (def.project) await checkProjectLink(s, def.project, unit.path);
  if (existing) {
    const applied = (await repo.applicationsOfCall(s.db, existing.row.id)).length > 0;
    const fixed = (d: GrantCallDefinition) =>
      JSON.stringify([
        d.criteria.map((c) => [c.id, c.weight]),
        d.scaleMax,
        d.form.map((f) => [f.id, f.kind]),
        d.currency,
      ]);
    if (applied && fixed(existing.def) !== fixed(def))
      throw new ConflictError({
        field: 'criteria',
        rule: 'locked',
        message:
          'Groups have applied: the criteria and weights, the scale, the form’s questions and the currency stay as they were',
      });
  }
  const callId = existing?.row.id ?? uuidv7();
  const at = s.now().toISOString();
  const row = {
    id: callId,
    unit_id: unit.id,
    org_id: unit.org_id ?? unit.id,
    definition: JSON.stringify(def),
    opens_at: def.opensAt,
    closes_at: def.closesAt,
    created_at: existing?.row.created_at ?? at,
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    if (existing) {
      const { id: _i, created_at: _c, ...rest } = row;
      await repo.updateCall(trx, callId, rest);
    } else await repo.insertCall(trx, row);
    await s.audit.record(trx, actor, {
      action: existing ? 'grants.call_changed' : 'grants.call_opened',
      entityType: 'grants',
      entityId: callId,
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: { envelope: def.envelope, currency: def.currency, closesAt: def.closesAt },
    });
  });
  return callView({ ...row, path: unit.path, unit_code: unit.code }, def, s.now());
}

/** The calls the actor runs or reads, newest first. */
export async function listCalls(s: Services, actor: Actor): Promise<GrantCallSummary[]> {
  const rows = (await repo.allCalls(s.db)).filter((r) => callAccess(actor, r.path));
  const apps = await repo.applicationCounts(s.db);
  return rows.map((r) => {
    const def = definitionOf(r);
    const mine = apps.filter((a) => a.call_id === r.id);
    const awarded = mine.reduce(
      (n, a) => n + (a.decision === 'awarded' ? (toCents(a.awarded_amount ?? '0') ?? 0n) : 0n),
      0n,
    );
    return {
      id: r.id,
      unit: r.unit_code,
      title: def.title,
      phase: callPhase(def, s.now()),
      opensAt: def.opensAt,
      closesAt: def.closesAt,
      decisionBy: def.decisionBy,
      currency: def.currency,
      envelope: def.envelope,
      applications: mine.length,
      awarded: fromCents(awarded),
    };
  });
}

/** Everything the dashboard shows of one call; names of groups are unsealed, contacts never. */
export async function callDashboard(s: Services, actor: Actor, id: string): Promise<CallDashboard> {
  const call = await loadCall(s, actor, id);
  const { row, def } = call;
  const apps = await repo.applicationsOfCall(s.db, row.id);
  const ids = apps.map((a) => a.id);
  const [reviews, files, tranches, reports, pool] = await Promise.all([
    repo.reviewsOfCall(s.db, row.id),
    repo.filesOf(s.db, ids),
    repo.tranchesOf(s.db, ids),
    repo.reportsOf(s.db, ids),
    repo.reviewerPool(s.db, row.path),
  ]);
  const standings = callStandings(
    {
      criteria: def.criteria,
      scaleMax: def.scaleMax,
      disagreement: def.disagreement,
      envelope: toCents(def.envelope)!,
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
  const today = s.now().toISOString().slice(0, 10);
  const cents = (a: string | null) => toCents(a ?? '0') ?? 0n;
  let requested = 0n;
  let suggested = 0n;
  let awarded = 0n;
  let paid = 0n;
  const applications: CallDashboard['applications'] = [];
  for (const a of apps) {
    const st = standings.get(a.id)!;
    const mine = reviews.filter((r) => r.application_id === a.id);
    const paidHere = tranches
      .filter((t) => t.application_id === a.id && t.paid_on)
      .reduce((n, t) => n + cents(t.amount), 0n);
    const states = reports
      .filter((r) => r.application_id === a.id)
      .map((r) => reportState(r.due_on, r.submitted_at, today));
    requested += cents(a.amount);
    if (st.fits) suggested += cents(a.amount);
    if (a.decision === 'awarded') awarded += cents(a.awarded_amount);
    paid += paidHere;
    const answers = JSON.parse(await unseal(s, a.answers, 'applications', a.id, 'answers')) as Record<
      string,
      string
    >;
    applications.push({
      id: a.id,
      ref: shortRef(a.id),
      group: await unseal(s, a.group_name, 'applications', a.id, 'group'),
      country: a.country,
      amount: a.amount,
      sentAt: a.created_at,
      missing: missingAnswers(
        def,
        answers,
        files.filter((f) => f.application_id === a.id).map((f) => f.field_id),
      ),
      screening: a.screening,
      reviewers: {
        assigned: mine.filter((r) => r.state !== 'conflict').length,
        conflicts: mine.filter((r) => r.state === 'conflict').length,
        submitted: mine.filter((r) => r.state === 'submitted').length,
      },
      score: st.score,
      spread: st.spread,
      disagree: st.disagree,
      rank: st.rank,
      fits: st.fits,
      decision: a.decision,
      awardedAmount: a.awarded_amount,
      grantStatus: a.grant_status,
      paid: fromCents(paidHere),
      reportsLate: states.filter((x) => x === 'late').length,
      reportsDue: states.filter((x) => x === 'due').length,
    });
  }
  applications.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.sentAt.localeCompare(b.sentAt));
  const reviewerIds = new Set([...pool.map((p) => p.id), ...reviews.map((r) => r.reviewer_id)]);
  const names = new Map([
    ...pool.map((p) => [p.id, p.name] as const),
    ...reviews.map((r) => [r.reviewer_id, r.display_name] as const),
  ]);
  const eligible = apps.filter((a) => a.screening === 'eligible').map((a) => a.id);
  const plan = assignReviewers(eligible, [], def.reviewersPerApplication, reviews.map(asAssignment));
  return {
    call: callView(row, def, s.now()),
    applications,
    money: {
      envelope: def.envelope,
      requested: fromCents(requested),
      suggested: fromCents(suggested),
      awarded: fromCents(awarded),
      paid: fromCents(paid),
    },
    reviewers: [...reviewerIds].map((rid) => {
      const theirs = reviews.filter((r) => r.reviewer_id === rid);
      return {
        id: rid,
        name: names.get(rid) ?? '',
        assigned: theirs.filter((r) => r.state !== 'conflict').length,
        conflicts: theirs.filter((r) => r.state === 'conflict').length,
        submitted: theirs.filter((r) => r.state === 'submitted').length,
      };
    }),
    short: plan.short,
  };
}

const asAssignment = (r: { application_id: string; reviewer_id: string; state: string }) => ({
  application: r.application_id,
  reviewer: r.reviewer_id,
  conflict: r.state === 'conflict',
});

/**
 * Gives every eligible application the call's number of reviewers from the pool (people holding a
 * reviewing role on the call's unit or above), the least loaded first. Once the call has closed.
 */
export async function assignCallReviewers(
  s: Services,
  actor: Actor,
  id: string,
): Promise<{ added: number; short: { application: string; missing: number }[] }> {
  const { row, def, phase } = await loadCall(s, actor, id, 'manage');
  if (phase !== 'closed')
    throw new ConflictError({
      field: 'closesAt',
      rule: 'still_open',
      message:
        'Reviewers are assigned once the call has closed (groups can change their applications until then)',
    });
  const apps = (await repo.applicationsOfCall(s.db, row.id)).filter((a) => a.screening === 'eligible');
  const [pool, reviews] = await Promise.all([
    repo.reviewerPool(s.db, row.path),
    repo.reviewsOfCall(s.db, row.id),
  ]);
  const plan = assignReviewers(
    apps.map((a) => a.id),
    pool.map((p) => p.id),
    def.reviewersPerApplication,
    reviews.map(asAssignment),
  );
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await repo.insertReviews(
      trx,
      plan.add.map((p) => ({
        application_id: p.application,
        reviewer_id: p.reviewer,
        call_id: row.id,
        org_id: row.org_id,
        state: 'assigned' as const,
        conflict_reason: null,
        scores: null,
        comments: null,
        assigned_at: at,
        declared_at: null,
        submitted_at: null,
      })),
    );
    await s.audit.record(trx, actor, {
      action: 'grants.reviewers_assigned',
      entityType: 'grants',
      entityId: row.id,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
      details: { added: plan.add.length, short: plan.short.length },
    });
  });
  return { added: plan.add.length, short: plan.short };
}

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The decisions as CSV: rank, group, country, asked, score, decision, awarded (no contacts). */
export async function decisionsCsv(s: Services, actor: Actor, id: string): Promise<string> {
  const d = await callDashboard(s, actor, id);
  const head = [
    'rank',
    'reference',
    'group',
    'country',
    'requested',
    'score',
    'spread',
    'screening',
    'decision',
    'awarded',
    'currency',
    'grant_status',
    'paid',
  ];
  const lines = d.applications.map((a) =>
    [
      a.rank,
      a.ref,
      a.group,
      a.country,
      a.amount,
      a.score === null ? '' : a.score.toFixed(1),
      a.spread === null ? '' : a.spread.toFixed(1),
      a.screening,
      a.decision,
      a.awardedAmount,
      d.call.currency,
      a.grantStatus,
      a.paid,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

/** The call behind an application whose access was already decided (a reviewer's, a group's). */
export async function loadCallUnchecked(
  s: Services,
  id: string,
): Promise<{ row: repo.CallRow; def: GrantCallDefinition }> {
  const row = (await repo.callById(s.db, id))!;
  return { row, def: definitionOf(row) };
}
