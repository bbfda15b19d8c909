/**
 * Members' periodic reports to a project's lead: the member submits each reporting period's report
 * (a narrative of what was done and spent), the lead accepts it or sends it back with a comment, and
 * can reopen an accepted one. The report calendar shows where each stands and which are late; a
 * period whose report is under review or accepted is closed to new spending (closedPeriodFor).
 * Access is project-access.ts's: the lead sees and reviews all; a member sees and submits its own;
 * a totals reader (a donor) sees the calendar's stages, not narratives or history. Narratives and
 * comments are sealed with the member's organisation key at rest.
 */

import {
  closingReport,
  type FieldIssue,
  ForbiddenError,
  InputError,
  type PeriodReport,
  parseInput,
  type ReportCalendar,
  type ReportingPeriod,
  reportingPeriods,
  reportReviewInput,
  reportStage,
  reportSubmitInput,
  type StoredReportStatus,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { ProjectTable } from '../store/schema.js';
import { loadProject } from './project-service.js';

/** Each step's audit action, written out so the catalogue test finds every one of them. */
const AUDIT_ACTIONS = {
  submitted: { action: 'project.report_submitted' },
  returned: { action: 'project.report_returned' },
  accepted: { action: 'project.report_accepted' },
  reopened: { action: 'project.report_reopened' },
} as const;

const narrativeAad = (reportId: string) => `project-report:${reportId}`;
const commentAad = (eventId: string) => `project-report-event:${eventId}`;

const periodsOf = (p: ProjectTable) =>
  reportingPeriods(
    { every: p.report_every, dueDays: p.report_due_days },
    { start: p.start_date, end: p.end_date },
  );

/** The calendar: every reporting period, and each visible member's report stage in it. */
export async function reportCalendar(s: Services, actor: Actor, code: string): Promise<ReportCalendar> {
  const { project, members, access } = await loadProject(s, actor, code);
  const today = toIsoDate(s.now());
  const periods = periodsOf(project);
  // The lead and totals readers see every member's stage; a member its own.
  const shown = access.level === 'member' ? members.filter((m) => access.sees.has(m.id)) : members;
  const rows = await s.db
    .selectFrom('project_reports')
    .select(['member_id', 'period', 'status', 'submitted_at', 'reviewed_at'])
    .where('project_id', '=', project.id)
    .execute();
  return {
    every: project.report_every,
    dueDays: project.report_due_days,
    today,
    periods,
    entries: periods.flatMap((p) =>
      shown.map((m) => {
        const row = rows.find((r) => r.member_id === m.id && r.period === p.period);
        return {
          member: m.code,
          period: p.period,
          ...reportStage(p, row?.status ?? null, today),
          submittedAt: row?.submitted_at ?? null,
          reviewedAt: row?.reviewed_at ?? null,
        };
      }),
    ),
  };
}

async function reportFor(s: Services, actor: Actor, code: string, memberCode: string, period: string) {
  const loaded = await loadProject(s, actor, code);
  const member = loaded.members.find((m) => m.code === memberCode);
  // Another member's report is answered like one not in the project; a totals reader reads no report.
  if (!member || !loaded.access.sees.has(member.id))
    throw new InputError({
      field: 'member',
      value: memberCode,
      rule: 'member',
      message: 'Not a member of this project whose reports you may read',
    });
  const reporting = periodsOf(loaded.project).find((p) => p.period === period);
  if (!reporting)
    throw new InputError({
      field: 'period',
      value: period,
      rule: 'reporting_period',
      message: `Not one of this project's reporting periods (${loaded.project.report_every})`,
    });
  const row = await s.db
    .selectFrom('project_reports')
    .selectAll()
    .where('project_id', '=', loaded.project.id)
    .where('member_id', '=', member.id)
    .where('period', '=', period)
    .executeTakeFirst();
  return { ...loaded, member, reporting, row };
}

/** One member's report for one period, with its history. */
export async function periodReport(
  s: Services,
  actor: Actor,
  code: string,
  memberCode: string,
  period: string,
): Promise<PeriodReport> {
  const { member, reporting, row } = await reportFor(s, actor, code, memberCode, period);
  const events = row
    ? await s.db
        .selectFrom('project_report_events')
        .select(['id', 'at', 'actor', 'action', 'comment'])
        .where('report_id', '=', row.id)
        .orderBy('at')
        .orderBy('id')
        .execute()
    : [];
  return {
    member: member.code,
    period,
    due: reporting.due,
    ...reportStage(reporting, row?.status ?? null, toIsoDate(s.now())),
    narrative: row?.narrative ? await s.dataKeys.decrypt(row.narrative, narrativeAad(row.id)) : null,
    history: await Promise.all(
      events.map(async ({ id, ...e }) => ({
        ...e,
        comment: e.comment ? await s.dataKeys.decrypt(e.comment, commentAad(id)) : null,
      })),
    ),
  };
}

async function record(
  s: Services,
  actor: Actor,
  target: Awaited<ReturnType<typeof reportFor>>,
  change: {
    status: StoredReportStatus;
    action: PeriodReport['history'][number]['action'];
    comment: string | null;
    narrative?: string;
  },
): Promise<void> {
  const at = s.now().toISOString();
  const { project, member, row, keeper } = target;
  const id = row?.id ?? uuidv7();
  const eventId = uuidv7();
  const owner = member.org_id ?? member.id;
  // Sealed with the member's key before the transaction (SQLite has one connection): what members
  // write about their work is theirs, and a copied database does not read it.
  const narrative =
    change.narrative === undefined
      ? undefined
      : await s.dataKeys.encrypt(owner, change.narrative, narrativeAad(id));
  const comment =
    change.comment === null ? null : await s.dataKeys.encrypt(owner, change.comment, commentAad(eventId));
  await s.db.transaction().execute(async (trx) => {
    if (row)
      await trx
        .updateTable('project_reports')
        .set({
          status: change.status,
          updated_at: at,
          ...(narrative !== undefined
            ? { narrative, submitted_at: at, reviewed_at: null }
            : { reviewed_at: at }),
        })
        .where('id', '=', row.id)
        .execute();
    else
      await trx
        .insertInto('project_reports')
        .values({
          id,
          project_id: project.id,
          member_id: member.id,
          org_id: member.org_id ?? member.id,
          period: target.reporting.period,
          status: change.status,
          narrative: narrative ?? '',
          submitted_at: at,
          reviewed_at: null,
          updated_at: at,
        })
        .execute();
    await trx
      .insertInto('project_report_events')
      .values({
        id: eventId,
        report_id: id,
        org_id: owner,
        at,
        actor_id: actor.userId,
        actor: actor.label,
        action: change.action,
        comment,
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: AUDIT_ACTIONS[change.action].action,
      entityType: 'project',
      entityId: project.id,
      orgUnitId: change.action === 'submitted' ? member.id : keeper.id,
      orgId: change.action === 'submitted' ? member.org_id : keeper.org_id,
      details: { project: project.code, member: member.code, period: target.reporting.period },
    });
  });
}

/** The member (or the lead for it) submits a period's report once the period is over. */
export async function submitReport(
  s: Services,
  actor: Actor,
  code: string,
  memberCode: string,
  period: string,
  raw: unknown,
): Promise<PeriodReport> {
  const input = parseInput(reportSubmitInput, raw);
  const target = await reportFor(s, actor, code, memberCode, period);
  if (!target.access.records.has(target.member.id))
    throw new ForbiddenError('Only the member (or the lead) submits its report');
  const issues: FieldIssue[] = [];
  const today = toIsoDate(s.now());
  if (today <= target.reporting.end)
    issues.push({
      field: 'period',
      value: period,
      rule: 'period_open',
      message: `The period is not over yet (it ends on ${target.reporting.end})`,
    });
  if (target.row?.status === 'submitted')
    issues.push({
      field: 'period',
      value: period,
      rule: 'under_review',
      message: 'Already submitted; the lead is reviewing it',
    });
  if (target.row?.status === 'accepted')
    issues.push({
      field: 'period',
      value: period,
      rule: 'accepted',
      message: 'Already accepted; the lead can reopen it',
    });
  if (issues.length) throw new InputError(issues);
  await record(s, actor, target, {
    status: 'submitted',
    action: 'submitted',
    comment: null,
    narrative: input.narrative,
  });
  return periodReport(s, actor, code, memberCode, period);
}

/** The lead accepts a submitted report, sends it back with a comment, or reopens an accepted one. */
export async function reviewReport(
  s: Services,
  actor: Actor,
  code: string,
  memberCode: string,
  period: string,
  raw: unknown,
): Promise<PeriodReport> {
  const input = parseInput(reportReviewInput, raw);
  const target = await reportFor(s, actor, code, memberCode, period);
  if (target.access.level !== 'lead') throw new ForbiddenError("Only the project's lead reviews reports");
  const status = target.row?.status ?? null;
  const needed: StoredReportStatus = input.decision === 'reopen' ? 'accepted' : 'submitted';
  const issues: FieldIssue[] = [];
  if (status !== needed)
    issues.push({
      field: 'decision',
      value: input.decision,
      rule: 'state',
      message:
        input.decision === 'reopen'
          ? 'Only an accepted report is reopened'
          : status === null
            ? 'Nothing has been submitted for this period yet'
            : `Only a submitted report is ${input.decision === 'accept' ? 'accepted' : 'sent back'}; this one is ${status}`,
    });
  if (input.decision !== 'accept' && !input.comment)
    issues.push({
      field: 'comment',
      rule: 'required',
      message: 'Say what the member should change',
    });
  if (issues.length) throw new InputError(issues);
  await record(s, actor, target, {
    status: input.decision === 'accept' ? 'accepted' : 'returned',
    action: input.decision === 'accept' ? 'accepted' : input.decision === 'return' ? 'returned' : 'reopened',
    comment: input.comment ?? null,
  });
  return periodReport(s, actor, code, memberCode, period);
}

/**
 * Why a member may not record spending in a period, if it may not: the reporting period over it has
 * a report under review or accepted. Used by recordSpending.
 */
export async function closedPeriodFor(
  s: Services,
  project: ProjectTable,
  memberId: string,
  period: string,
): Promise<FieldIssue | null> {
  const rows = await s.db
    .selectFrom('project_reports')
    .select(['period', 'status'])
    .where('project_id', '=', project.id)
    .where('member_id', '=', memberId)
    .where('status', '!=', 'returned')
    .execute();
  if (!rows.length) return null;
  const periods = periodsOf(project);
  const closing = closingReport(
    period,
    rows.flatMap((r) => {
      const p: ReportingPeriod | undefined = periods.find((x) => x.period === r.period);
      return p ? [{ ...p, status: r.status }] : [];
    }),
  );
  if (!closing) return null;
  return {
    field: 'period',
    value: period,
    rule: 'closed',
    message:
      closing.status === 'accepted'
        ? `The report for ${closing.period} was accepted: its spending is closed (the lead can reopen it)`
        : `The report for ${closing.period} is with the lead for review: its spending is closed until it is sent back`,
  };
}
