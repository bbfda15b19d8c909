/**
 * Consortium projects: the one write path for a project's set-up and its members' spending (the API,
 * the command line and the demo all call it), and the dashboard of budget against spending. Who may
 * do what is decided in project-access.ts; the arithmetic is core's (projects/money.ts, budget.ts).
 */

import {
  type BudgetFigure,
  budgetReport,
  ConflictError,
  convert,
  DEFAULT_BUDGET_LINES,
  type FieldIssue,
  ForbiddenError,
  fromCents,
  InputError,
  NotFoundError,
  type ProjectDashboard,
  type ProjectSummary,
  parseInput,
  parsePeriod,
  parseRate,
  projectInput,
  spendingInput,
  toCents,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import { readSmallCsv } from '../files/small-csv.js';
import type { Actor } from '../identity/actor.js';
import type { ProjectTable } from '../store/schema.js';
import { accessOf, mayLead, type ProjectAccess, requireAccess } from './project-access.js';
import { closedPeriodFor } from './project-reports.js';
import {
  allProjects,
  budgetsOf,
  linesOf,
  membersOf,
  projectByCode,
  putSpending,
  spendingCell,
  spendingOf,
  type UnitRef,
  unitsByCode,
  unitsById,
  writeSetup,
} from './project-repository.js';

const cents = (text: string) => toCents(text) ?? 0n;

function summary(p: ProjectTable, keeper: UnitRef, access: ProjectAccess): ProjectSummary {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    donor: p.donor,
    currency: p.currency,
    start: p.start_date,
    end: p.end_date,
    totalBudget: p.total_budget,
    keeper: { code: keeper.code, name: keeper.name },
    access: access.level,
    reporting: { every: p.report_every, dueDays: p.report_due_days },
  };
}

/** A project with its keeper and members, and what the actor may do with it (not found if nothing). */
export async function loadProject(s: Services, actor: Actor, code: string) {
  const project = await projectByCode(s.db, code);
  if (!project) throw new NotFoundError(`Project "${code}"`);
  const members = (await membersOf(s.db, [project.id])).map((m) => m.member_id);
  const units = await unitsById(s.db, [project.keeper_id, ...members]);
  const keeper = units.find((u) => u.id === project.keeper_id)!;
  const memberUnits = members.map((id) => units.find((u) => u.id === id)!).filter(Boolean);
  const access = requireAccess(actor, { keeper, members: memberUnits }, code);
  return { project, keeper, members: memberUnits, access };
}

/**
 * Creates a project, or replaces the set-up of one the actor leads (`replace`): name, donor, dates,
 * currency, total budget, budget lines, members and their budgets. Spending already recorded stays,
 * so a member or line that has spending cannot be removed.
 */
export async function saveProject(
  s: Services,
  actor: Actor,
  raw: unknown,
  options: { replace?: string } = {},
): Promise<ProjectSummary> {
  // A project being changed is found (or not) before anything else: an outsider learns nothing.
  const existing = options.replace ? await loadProject(s, actor, options.replace) : null;
  if (existing && existing.access.level !== 'lead')
    throw new ForbiddenError('Only the lead changes a project');
  const input = parseInput(projectInput, raw);
  const issues: FieldIssue[] = [];
  if (input.start > input.end)
    issues.push({
      field: 'end',
      value: input.end,
      rule: 'order',
      message: 'The project ends before it starts',
    });
  const lines = input.lines ?? [...DEFAULT_BUDGET_LINES];
  const lineCodes = new Set(lines.map((l) => l.code));
  if (lineCodes.size !== lines.length)
    issues.push({ field: 'lines', rule: 'unique', message: 'Each budget line code once' });
  const units = await unitsByCode(s.db, [input.keeper, ...input.members.map((m) => m.code)]);
  const keeper = units.find((u) => u.code === input.keeper);
  // A unit the actor may not lead from is answered like an unknown one.
  if (!keeper || !mayLead(actor, keeper.path))
    throw new InputError({
      field: 'keeper',
      value: input.keeper,
      rule: 'exists',
      message: `No org unit "${input.keeper}" where you may lead a project`,
    });
  const members: UnitRef[] = [];
  input.members.forEach((m, i) => {
    const unit = units.find((u) => u.code === m.code);
    if (!unit || unit.org_id !== unit.id)
      issues.push({
        field: `members.${i}.code`,
        value: m.code,
        rule: 'member',
        message: 'Members are organisations of the tree (their own org unit code)',
      });
    else if (members.some((x) => x.id === unit.id))
      issues.push({ field: `members.${i}.code`, value: m.code, rule: 'unique', message: 'Each member once' });
    else members.push(unit);
    for (const line of Object.keys(m.budget))
      if (!lineCodes.has(line))
        issues.push({
          field: `members.${i}.budget.${line}`,
          value: line,
          rule: 'line',
          message: `Not a budget line of this project (${[...lineCodes].join(', ')})`,
        });
  });
  if (issues.length) throw new InputError(issues);

  const sameCode = await projectByCode(s.db, input.code);
  if (sameCode && sameCode.id !== existing?.project.id)
    throw new ConflictError({
      field: 'code',
      value: input.code,
      rule: 'unique',
      message: 'A project has this code',
    });
  if (existing) {
    const spent = await spendingOf(s.db, existing.project.id);
    const gone = spent.filter(
      (e) => !members.some((m) => m.id === e.member_id) || !lineCodes.has(e.line_code),
    );
    if (gone.length)
      throw new InputError({
        field: 'members',
        rule: 'has_spending',
        message: `${gone.length} spending entr${gone.length === 1 ? 'y names' : 'ies name'} a member or budget line this set-up leaves out; keep them`,
      });
  }
  const at = s.now().toISOString();
  const row: ProjectTable = {
    id: existing?.project.id ?? uuidv7(),
    keeper_id: keeper.id,
    code: input.code,
    name: input.name,
    donor: input.donor,
    currency: input.currency,
    start_date: input.start,
    end_date: input.end,
    total_budget: fromCents(cents(input.totalBudget)),
    created_at: existing?.project.created_at ?? at,
    created_by: existing?.project.created_by ?? actor.userId,
    updated_at: at,
    // A set-up that does not say keeps the schedule it had (quarterly, 30 days, for a new one).
    report_every: input.reporting?.every ?? existing?.project.report_every ?? 'quarter',
    report_due_days: input.reporting?.dueDays ?? existing?.project.report_due_days ?? 30,
  };
  const budgets = input.members.flatMap((m) => {
    const unit = members.find((u) => u.code === m.code)!;
    return Object.entries(m.budget).map(([line, amount]) => ({
      member_id: unit.id,
      line_code: line,
      org_id: unit.org_id!,
      amount: fromCents(cents(amount)),
    }));
  });
  await s.db.transaction().execute(async (trx) => {
    await writeSetup(
      trx,
      row,
      members.map((m) => ({ id: m.id, org_id: m.org_id! })),
      lines,
      budgets,
      Boolean(existing),
    );
    await s.audit.record(trx, actor, {
      action: existing ? 'project.updated' : 'project.created',
      entityType: 'project',
      entityId: row.id,
      orgUnitId: keeper.id,
      orgId: keeper.org_id,
      details: {
        code: row.code,
        members: members.length,
        lines: lines.length,
        total: row.total_budget,
        currency: row.currency,
      },
    });
  });
  return summary(row, keeper, { level: 'lead', sees: new Set(), records: new Set() });
}

/**
 * Records what a member spent on a budget line in a period (replacing an earlier entry for the same
 * member, line and period). In another currency the rate is required, and the amount is converted
 * exactly (core convert) and kept both ways.
 */
export async function recordSpending(s: Services, actor: Actor, projectCode: string, raw: unknown) {
  const input = parseInput(spendingInput, raw);
  const { project, members, access } = await loadProject(s, actor, projectCode);
  const member = members.find((m) => m.code === input.member);
  // A member the actor may not record for is answered like one not in the project.
  if (!member || !access.records.has(member.id))
    throw new InputError({
      field: 'member',
      value: input.member,
      rule: 'member',
      message: 'Not a member of this project you may record spending for',
    });
  const issues: FieldIssue[] = [];
  const lines = await linesOf(s.db, project.id);
  if (!lines.some((l) => l.code === input.line))
    issues.push({
      field: 'line',
      value: input.line,
      rule: 'line',
      message: `Not a budget line of this project (${lines.map((l) => l.code).join(', ')})`,
    });
  const period = parsePeriod(input.period);
  if (!period || period.type === 'range')
    issues.push({
      field: 'period',
      value: input.period,
      rule: 'format',
      message: 'A period such as 2026Q1, 202603 or 2026',
    });
  else if (period.end < project.start_date || period.start > project.end_date)
    issues.push({
      field: 'period',
      value: input.period,
      rule: 'project_dates',
      message: `Outside the project (${project.start_date} to ${project.end_date})`,
    });
  else if (period.start > toIsoDate(s.now()))
    issues.push({
      field: 'period',
      value: input.period,
      rule: 'future',
      message: 'This period has not begun',
    });
  if (period && !issues.some((i) => i.field === 'period')) {
    const closed = await closedPeriodFor(s, project, member.id, period.id);
    if (closed) issues.push(closed);
  }
  const currency = input.currency ?? project.currency;
  const rateText = currency === project.currency ? '1' : input.rate;
  const rate = rateText === undefined ? null : parseRate(rateText);
  if (currency !== project.currency && !rate)
    issues.push({
      field: 'rate',
      ...(input.rate ? { value: input.rate } : {}),
      rule: input.rate ? 'format' : 'required',
      message: `Spending in ${currency} needs the period's rate: ${project.currency} per ${currency}, a positive decimal of up to 8 places`,
    });
  if (issues.length) throw new InputError(issues);
  const amount = cents(input.amount);
  const converted = convert(amount, rate!);
  const previous = await spendingCell(s.db, project.id, member.id, input.line, period!.id);
  const at = s.now().toISOString();
  const row = {
    id: uuidv7(),
    project_id: project.id,
    member_id: member.id,
    org_id: member.org_id!,
    line_code: input.line,
    period: period!.id,
    amount: fromCents(amount),
    currency,
    rate: rateText!,
    converted: fromCents(converted),
    recorded_at: at,
    recorded_by: actor.userId,
  };
  await s.db.transaction().execute(async (trx) => {
    await putSpending(trx, row, previous?.id);
    await s.audit.record(trx, actor, {
      action: 'project.spending_recorded',
      entityType: 'project',
      entityId: project.id,
      orgUnitId: member.id,
      orgId: member.org_id,
      details: {
        project: project.code,
        line: row.line_code,
        period: row.period,
        amount: row.amount,
        currency,
        converted: row.converted,
        replaced: previous ? previous.converted : null,
      },
    });
  });
  return { id: row.id, converted: row.converted, replaced: Boolean(previous) };
}

/** Projects the actor may see, newest first, each with the access they have. */
export async function listProjects(s: Services, actor: Actor): Promise<ProjectSummary[]> {
  const projects = await allProjects(s.db);
  const members = await membersOf(
    s.db,
    projects.map((p) => p.id),
  );
  const units = await unitsById(s.db, [
    ...new Set([...projects.map((p) => p.keeper_id), ...members.map((m) => m.member_id)]),
  ]);
  const byId = new Map(units.map((u) => [u.id, u]));
  return projects.flatMap((p) => {
    const keeper = byId.get(p.keeper_id)!;
    const access = accessOf(actor, {
      keeper,
      members: members.filter((m) => m.project_id === p.id).map((m) => byId.get(m.member_id)!),
    });
    return access ? [summary(p, keeper, access)] : [];
  });
}

/** Budget against spending on `asOf` (today by default), shaped by what the actor may see. */
export async function projectDashboard(
  s: Services,
  actor: Actor,
  code: string,
  asOf?: string,
): Promise<ProjectDashboard> {
  const { project, keeper, members, access } = await loadProject(s, actor, code);
  const day = asOf ?? toIsoDate(s.now());
  const [lines, budgets, spending] = await Promise.all([
    linesOf(s.db, project.id),
    budgetsOf(s.db, project.id),
    spendingOf(s.db, project.id),
  ]);
  const codeOf = new Map(members.map((m) => [m.id, m.code]));
  const report = budgetReport(
    budgets.map((b) => ({ member: codeOf.get(b.member_id)!, line: b.line_code, cents: cents(b.amount) })),
    spending.map((e) => ({ member: codeOf.get(e.member_id)!, line: e.line_code, cents: cents(e.converted) })),
    { start: project.start_date, end: project.end_date },
    day,
  );
  const view = (f: (typeof report)['total']) => ({
    budget: fromCents(f.budget),
    spent: fromCents(f.spent),
    remaining: fromCents(f.remaining),
    share: f.share,
    burnPerMonth: fromCents(f.burnPerMonth),
    projected: fromCents(f.projected),
    flag: f.flag,
  });
  const seen = new Set([...access.sees].map((id) => codeOf.get(id)!));
  const memberBudgets = budgets.reduce((n, b) => n + cents(b.amount), 0n);
  const warnings =
    memberBudgets !== cents(project.total_budget)
      ? [
          `Members' budgets add up to ${fromCents(memberBudgets)} ${project.currency}, the project's total is ${project.total_budget}`,
        ]
      : [];
  return {
    project: summary(project, keeper, access),
    lines: lines.map((l) => ({ code: l.code, name: l.name })),
    members: members.map((m) => ({ code: m.code, name: m.name, mine: access.sees.has(m.id) })),
    asOf: day,
    elapsed: report.elapsed,
    total: view(report.total),
    byMember: members.map((m) => ({ code: m.code, ...view(report.byMember[m.code] ?? NOTHING) })),
    byLine: lines.map((l) => ({ code: l.code, ...view(report.byLine[l.code] ?? NOTHING) })),
    cells: Object.entries(report.cells)
      .filter(([member]) => seen.has(member))
      .flatMap(([member, byLine]) =>
        Object.entries(byLine).map(([line, f]) => ({ member, line, ...view(f) })),
      ),
    spending: spending
      .filter((e) => access.sees.has(e.member_id))
      .map((e) => ({
        id: e.id,
        member: codeOf.get(e.member_id)!,
        line: e.line_code,
        period: e.period,
        amount: e.amount,
        currency: e.currency,
        rate: e.rate,
        converted: e.converted,
        recordedAt: e.recorded_at,
      })),
    warnings: access.level === 'lead' ? warnings : [],
  };
}

/** A member or line with neither budget nor spending. */
const NOTHING: BudgetFigure = {
  budget: 0n,
  spent: 0n,
  remaining: 0n,
  share: null,
  burnPerMonth: 0n,
  projected: 0n,
  flag: null,
};

export interface SpendingImport {
  recorded: number;
  rejected: number;
  errors: { row: number; field: string; value: string; message: string }[];
}

/**
 * A member's (or the lead's) spending from a CSV a finance officer keeps: the columns
 * member,line,period,amount and, for another currency, currency,rate. Each row is recorded as if
 * entered (recordSpending); a bad row is named by its row number and field, and the good rows are kept.
 */
export async function importSpending(
  s: Services,
  actor: Actor,
  projectCode: string,
  csv: string,
): Promise<SpendingImport> {
  const { header, rows: cells } = readSmallCsv(csv);
  const rows = cells.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  const missing = ['member', 'line', 'period', 'amount'].filter(
    (c) => rows.length > 0 && !header.includes(c),
  );
  if (missing.length)
    throw new InputError({
      field: 'file',
      rule: 'columns',
      message: `Missing column(s): ${missing.join(', ')}`,
    });
  const out: SpendingImport = { recorded: 0, rejected: 0, errors: [] };
  for (const [i, r] of rows.entries()) {
    try {
      await recordSpending(s, actor, projectCode, {
        member: r.member ?? '',
        line: r.line ?? '',
        period: r.period ?? '',
        amount: r.amount ?? '',
        ...(r.currency ? { currency: r.currency } : {}),
        ...(r.rate ? { rate: r.rate } : {}),
      });
      out.recorded++;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.rejected++;
      for (const issue of e.issues)
        out.errors.push({
          row: i + 2,
          field: issue.field,
          value: issue.value ?? r[issue.field] ?? '',
          message: issue.message,
        });
    }
  }
  return out;
}
