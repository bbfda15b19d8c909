/**
 * A project's results framework against what was achieved: each indicator's target for a period —
 * as set, or, where the project says a yearly target is split, a quarter of the year's — and the
 * share achieved. Pure; the server fills in what was achieved (Harbour's own indicators computed for
 * each member, or values members enter).
 */

import { INDICATOR_IDS } from '../indicators/definitions.js';
import { parsePeriod } from '../periods.js';
import type { FieldIssue } from '../problems.js';

export interface FrameworkTargets {
  /** Period id → target: "2026", "2026Q1", "202603". */
  targets: Readonly<Record<string, number>>;
  /** Quarters without a target of their own get a quarter of their year's target. */
  splitYearly: boolean;
}

const QUARTER = /^(\d{4})Q([1-4])$/;

/** The target for a period, or null when the project set none (and none follows from a split). */
export function targetFor(ind: FrameworkTargets, period: string): number | null {
  const own = ind.targets[period];
  if (own !== undefined) return own;
  const q = QUARTER.exec(period);
  const yearly = q ? ind.targets[q[1]!] : undefined;
  return ind.splitYearly && yearly !== undefined ? yearly / 4 : null;
}

/** The periods an indicator is read over: its targets', and each quarter of a split yearly target. */
export function framedPeriods(ind: FrameworkTargets): string[] {
  const out = new Set(Object.keys(ind.targets));
  if (ind.splitYearly)
    for (const p of Object.keys(ind.targets))
      if (/^\d{4}$/.test(p)) for (const q of [1, 2, 3, 4]) out.add(`${p}Q${q}`);
  // Years first, then their quarters and months, in time order.
  return [...out].sort(
    (a, b) => a.slice(0, 4).localeCompare(b.slice(0, 4)) || a.length - b.length || a.localeCompare(b),
  );
}

/**
 * One member's counts of one indicator across a framework's periods, as a reader outside the
 * programme sees them, with every period that holds a hidden one hidden too. A year is its four
 * quarters for counts of events, so a year shown beside three shown quarters gives the fourth
 * back; hidden upwards, a hidden count appears in no published sum (a quarter hidden alone with its
 * year: the year less the other quarters is the quarter, and the year is not shown). Values hidden
 * are `mark`; `periods` and `values` are parallel.
 */
export function hideHoldingPeriods(
  periods: readonly string[],
  values: readonly (number | string | null)[],
  mark: string,
): (number | string | null)[] {
  const spans = periods.map((id) => parsePeriod(id));
  const out = [...values];
  // Shortest first, so a quarter hidden for its month hides its year in turn.
  const days = (i: number) => {
    const p = spans[i];
    return p ? Date.parse(p.end) - Date.parse(p.start) : 0;
  };
  const order = periods.map((_, i) => i).sort((a, b) => days(a) - days(b));
  for (const i of order) {
    const outer = spans[i];
    if (!outer || typeof out[i] !== 'number') continue;
    const holdsHidden = spans.some(
      (inner, j) =>
        j !== i &&
        inner &&
        typeof out[j] === 'string' &&
        inner.start >= outer.start &&
        inner.end <= outer.end,
    );
    if (holdsHidden) out[i] = mark;
  }
  return out;
}

/** achieved ÷ target; null when either is missing or the target is 0. */
export function achievedShare(achieved: number | null, target: number | null): number | null {
  return achieved === null || target === null || target === 0 ? null : achieved / target;
}

/**
 * Indicators that count distinct clients (docs/indicators.md: "distinct clients …", and the HIV
 * cascade's clients). Each member counts its clients by its own client codes, hashed with its own key
 * (docs/uic.md), so one person served by two members is two people in the members' sum: that sum is
 * shown with this caveat, never as the consortium's unique count.
 */
const PEOPLE = new Set([
  'reached',
  'reached.new',
  'reached.package',
  'nsp.clients',
  'hts.tested',
  'hts.positive',
  'art.linked',
  'prep',
  'hcv.tested',
  'hcv.positive',
  'hcv.treated',
  'tb.screened',
  'tb.referred',
  'ost.active',
]);

export const countsPeople = (indicatorId: string): boolean =>
  PEOPLE.has(indicatorId) || indicatorId.startsWith('cascade.');

/** Whether a period overlaps the project's dates. */
export function periodInProject(period: string, project: { start: string; end: string }): boolean {
  const p = parsePeriod(period);
  return Boolean(p && p.end >= project.start && p.start <= project.end);
}

/**
 * What is wrong with a results framework on its own, before anything is saved: an indicator code
 * twice, a Harbour indicator that does not exist, a target outside the project's dates.
 */
export function frameworkIssues(
  input: {
    indicators: readonly {
      code: string;
      harbour?: string | undefined;
      targets?: Readonly<Record<string, number>> | undefined;
    }[];
  },
  project: { start: string; end: string },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  input.indicators.forEach((ind, i) => {
    if (codes.has(ind.code))
      issues.push({
        field: `indicators.${i}.code`,
        value: ind.code,
        rule: 'unique',
        message: 'Each indicator code once',
      });
    codes.add(ind.code);
    if (ind.harbour !== undefined && !INDICATOR_IDS.includes(ind.harbour))
      issues.push({
        field: `indicators.${i}.harbour`,
        value: ind.harbour,
        rule: 'enum',
        message: 'Not one of Harbour’s indicators (docs/indicators.md); leave it out for a manual indicator',
      });
    for (const period of Object.keys(ind.targets ?? {}))
      if (!periodInProject(period, project))
        issues.push({
          field: `indicators.${i}.targets.${period}`,
          value: period,
          rule: 'project_dates',
          message: `Outside the project (${project.start} to ${project.end})`,
        });
  });
  return issues;
}
