/**
 * A project's results framework and what was achieved against it: the lead sets the indicators and
 * targets; members enter manual indicators' values with evidence; Harbour's own indicators are
 * computed live for each member organisation over each period, with the reader's own report rights
 * (exact for those who read exact reports, suppressed for the others, nothing where they read none).
 * Access is project-access.ts's, as for the budget.
 */

import {
  achievedShare,
  countsPeople,
  type FieldIssue,
  ForbiddenError,
  framedPeriods,
  frameworkInput,
  frameworkIssues,
  hideHoldingPeriods,
  InputError,
  indicator as indicatorDefinition,
  type ProjectResults,
  parseInput,
  parsePeriod,
  pathInScope,
  periodInProject,
  reportValue,
  resultValueInput,
  targetFor,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { buildReport, monitoringSettings, newReportMemo } from '../reports/report-service.js';
import { loadProject } from './project-service.js';
import { receivedTotals } from './receive-values.js';

/** Inside the project's dates: a period that overlaps them. */
const inProject = (period: string, project: { start_date: string; end_date: string }) =>
  periodInProject(period, { start: project.start_date, end: project.end_date });

/** Replaces the project's results framework (the lead only). Manual values already entered stay, so their indicators must too. */
export async function setFramework(s: Services, actor: Actor, code: string, raw: unknown): Promise<void> {
  const { project, keeper, access } = await loadProject(s, actor, code);
  if (access.level !== 'lead') throw new ForbiddenError('Only the lead sets the results framework');
  const input = parseInput(frameworkInput, raw);
  const issues = frameworkIssues(input, { start: project.start_date, end: project.end_date });
  const entered = await s.db
    .selectFrom('project_values')
    .select('indicator_code')
    .distinct()
    .where('project_id', '=', project.id)
    .execute();
  for (const e of entered)
    if (!input.indicators.some((ind) => ind.code === e.indicator_code && ind.harbour === undefined))
      issues.push({
        field: 'indicators',
        value: e.indicator_code,
        rule: 'has_values',
        message: 'Members have entered values for this manual indicator: keep it, and keep it manual',
      });
  if (issues.length) throw new InputError(issues);
  await s.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('project_targets').where('project_id', '=', project.id).execute();
    await trx.deleteFrom('project_indicators').where('project_id', '=', project.id).execute();
    if (input.indicators.length)
      await trx
        .insertInto('project_indicators')
        .values(
          input.indicators.map((ind, position) => ({
            project_id: project.id,
            code: ind.code,
            position,
            objective: ind.objective,
            result: ind.result,
            name: ind.name,
            harbour: ind.harbour ?? null,
            unit: ind.unit ?? null,
            baseline: ind.baseline ?? null,
            split_yearly: ind.splitYearly ? 1 : 0,
          })),
        )
        .execute();
    const targets = input.indicators.flatMap((ind) =>
      Object.entries(ind.targets ?? {}).map(([period, value]) => ({
        project_id: project.id,
        indicator_code: ind.code,
        period,
        value,
      })),
    );
    if (targets.length) await trx.insertInto('project_targets').values(targets).execute();
    await s.audit.record(trx, actor, {
      action: 'project.framework_set',
      entityType: 'project',
      entityId: project.id,
      orgUnitId: keeper.id,
      orgId: keeper.org_id,
      details: { project: project.code, indicators: input.indicators.length, targets: targets.length },
    });
  });
}

/** A manual indicator's value for a member and period (replacing an earlier one), by the lead or the member. */
export async function recordResultValue(
  s: Services,
  actor: Actor,
  code: string,
  raw: unknown,
): Promise<void> {
  const input = parseInput(resultValueInput, raw);
  const { project, members, access } = await loadProject(s, actor, code);
  const member = members.find((m) => m.code === input.member);
  if (!member || !access.records.has(member.id))
    throw new InputError({
      field: 'member',
      value: input.member,
      rule: 'member',
      message: 'Not a member of this project you may enter results for',
    });
  const ind = await s.db
    .selectFrom('project_indicators')
    .select(['code', 'harbour'])
    .where('project_id', '=', project.id)
    .where('code', '=', input.indicator)
    .executeTakeFirst();
  const issues: FieldIssue[] = [];
  if (!ind)
    issues.push({
      field: 'indicator',
      value: input.indicator,
      rule: 'exists',
      message: 'Not an indicator of this project',
    });
  else if (ind.harbour)
    issues.push({
      field: 'indicator',
      value: input.indicator,
      rule: 'computed',
      message:
        'Harbour computes this indicator from the members’ own records; only manual indicators are entered',
    });
  if (!inProject(input.period, project))
    issues.push({
      field: 'period',
      value: input.period,
      rule: 'project_dates',
      message: `Outside the project (${project.start_date} to ${project.end_date})`,
    });
  else if (parsePeriod(input.period)!.start > toIsoDate(s.now()))
    issues.push({
      field: 'period',
      value: input.period,
      rule: 'future',
      message: 'This period has not begun',
    });
  if (issues.length) throw new InputError(issues);
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('project_values')
      .where('project_id', '=', project.id)
      .where('indicator_code', '=', input.indicator)
      .where('member_id', '=', member.id)
      .where('period', '=', input.period)
      .execute();
    await trx
      .insertInto('project_values')
      .values({
        id: uuidv7(),
        project_id: project.id,
        indicator_code: input.indicator,
        member_id: member.id,
        org_id: member.org_id!,
        period: input.period,
        value: input.value,
        evidence: input.evidence ?? '',
        recorded_at: at,
        recorded_by: actor.userId,
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'project.result_recorded',
      entityType: 'project',
      entityId: project.id,
      orgUnitId: member.id,
      orgId: member.org_id,
      details: {
        project: project.code,
        indicator: input.indicator,
        period: input.period,
        value: input.value,
      },
    });
  });
}

/** Targets against what was achieved, per indicator and period, all members together and each. */
export async function projectResults(s: Services, actor: Actor, code: string): Promise<ProjectResults> {
  const { project, members } = await loadProject(s, actor, code);
  const [indicators, targets, values] = await Promise.all([
    s.db
      .selectFrom('project_indicators')
      .selectAll()
      .where('project_id', '=', project.id)
      .orderBy('position')
      .execute(),
    s.db.selectFrom('project_targets').selectAll().where('project_id', '=', project.id).execute(),
    s.db.selectFrom('project_values').selectAll().where('project_id', '=', project.id).execute(),
  ]);
  const today = toIsoDate(s.now());
  // Figures members' own servers sent are read with the same rights as figures computed here:
  // exact where the reader reads exact reports, hidden under the threshold where only suppressed ones.
  const received = await receivedTotals(
    s,
    members.map((m) => m.id),
    indicators.flatMap((i) => (i.harbour ? [i.harbour] : [])),
  );
  const exactScope = scopeOf(actor, 'report.read');
  const suppressedScope = scopeOf(actor, 'report.read.suppressed');
  const threshold = (await monitoringSettings(s)).threshold;
  const receivedFor = (m: { id: string; path: string }, harbour: string, period: string) => {
    const r = received.get(`${m.id}|${harbour}|${period}`);
    if (!r) return null;
    if (pathInScope(m.path, exactScope)) return r;
    if (!pathInScope(m.path, suppressedScope)) return { value: null, at: r.at };
    // A ratio sent without the counts behind it cannot be checked for small numbers: not shown.
    if (indicatorDefinition(harbour)?.kind !== 'count') return { value: null, at: r.at };
    return { value: r.value > 0 && r.value < threshold ? `<${threshold}` : r.value, at: r.at };
  };
  // One report per member and period, shared by every Harbour indicator read over that period; the
  // settings and each member's scope read once for all of them.
  const memo = newReportMemo();
  const asked = indicators.flatMap((i) => (i.harbour ? [i.harbour] : []));
  const reports = new Map<string, Promise<Awaited<ReturnType<typeof buildReport>>['report'] | null>>();
  const report = (memberCode: string, period: string) => {
    const key = `${memberCode}|${period}`;
    if (!reports.has(key))
      reports.set(
        key,
        buildReport(
          s,
          actor,
          { period, orgUnit: memberCode, disaggregate: null },
          { memo, indicators: asked },
        )
          .then((r) => r.report)
          // A member whose figures the reader may not read shows none.
          .catch(() => null),
      );
    return reports.get(key)!;
  };
  const frameOf = (ind: (typeof indicators)[number]) => ({
    targets: Object.fromEntries(
      targets.filter((t) => t.indicator_code === ind.code).map((t) => [t.period, t.value]),
    ),
    splitYearly: ind.split_yearly === 1,
  });
  const begun = (period: string) => (parsePeriod(period)?.start ?? '9999') <= today;
  // Every report the framework needs is asked for at once, so a pooled database works on them together.
  for (const ind of indicators)
    if (ind.harbour)
      for (const period of framedPeriods(frameOf(ind)))
        if (begun(period))
          for (const m of members)
            if (!received.has(`${m.id}|${ind.harbour}|${period}`)) void report(m.code, period);
  const out: ProjectResults['indicators'] = [];
  for (const ind of indicators) {
    const frame = frameOf(ind);
    const def = ind.harbour ? indicatorDefinition(ind.harbour) : undefined;
    const framed = framedPeriods(frame);
    const rows: {
      period: string;
      started: boolean;
      byMember: ProjectResults['indicators'][number]['periods'][number]['byMember'];
    }[] = [];
    for (const period of framed) {
      const started = begun(period);
      const byMember = await Promise.all(
        members.map(async (m) => {
          if (ind.harbour) {
            const sent = started ? receivedFor(m, ind.harbour, period) : null;
            if (sent)
              return {
                member: m.code,
                value: sent.value,
                evidence: null,
                source: 'received' as const,
                receivedAt: sent.at,
              };
            const r = started ? await report(m.code, period) : null;
            const v = r ? reportValue(r, ind.harbour) : null;
            return {
              member: m.code,
              value: v === undefined ? null : v,
              evidence: null,
              source: 'computed' as const,
              receivedAt: null,
            };
          }
          const entered = values.find(
            (v) => v.indicator_code === ind.code && v.member_id === m.id && v.period === period,
          );
          return {
            member: m.code,
            value: entered ? entered.value : null,
            evidence: entered?.evidence || null,
            source: null,
            receivedAt: null,
          };
        }),
      );
      rows.push({ period, started, byMember });
    }
    // A member's counts seen through suppression: a year holding a hidden quarter is hidden too, or
    // the year less the other quarters would give the quarter back (core's hideHoldingPeriods).
    if (def?.kind === 'count')
      members.forEach((m, i) => {
        if (pathInScope(m.path, exactScope) || !pathInScope(m.path, suppressedScope)) return;
        const shown = hideHoldingPeriods(
          framed,
          rows.map((r) => r.byMember[i]!.value),
          `<${threshold}`,
        );
        rows.forEach((r, j) => {
          r.byMember[i] = { ...r.byMember[i]!, value: shown[j]! };
        });
      });
    const periods: ProjectResults['indicators'][number]['periods'] = [];
    for (const { period, started, byMember } of rows) {
      const numbers = byMember.map((b) => b.value);
      // Counts add up across members (people with a caveat); ratios and hidden small numbers do not.
      const additive = ind.harbour ? def?.kind === 'count' : true;
      const achieved =
        !started || !additive
          ? null
          : ind.harbour
            ? numbers.every((v): v is number => typeof v === 'number')
              ? numbers.reduce((a, b) => a + b, 0)
              : null
            : numbers.some((v) => v !== null)
              ? numbers.reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0)
              : null;
      const target = targetFor(frame, period);
      periods.push({
        period,
        target,
        achieved,
        share: achievedShare(typeof achieved === 'number' ? achieved : null, target),
        byMember,
      });
    }
    out.push({
      code: ind.code,
      objective: ind.objective,
      result: ind.result,
      name: ind.name,
      harbour: ind.harbour,
      unit: ind.unit,
      baseline: ind.baseline,
      sumCountsPeopleTwice: Boolean(ind.harbour && countsPeople(ind.harbour) && members.length > 1),
      periods,
    });
  }
  return { indicators: out };
}
