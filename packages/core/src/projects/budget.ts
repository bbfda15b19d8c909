/**
 * Budget against spending, as a consortium's finance lead reads it: by member, by budget line and in
 * total — what was budgeted, what was spent, what is left, the burn rate, and where spending at this
 * pace ends by the project's last day. All money in cents (money.ts); shares and rates are numbers.
 *
 * Choices (docs/projects.md): time elapsed is counted in days, from the first day up to the day asked
 * (or the last day, if later); a monthly burn rate is spent ÷ elapsed days × 30.4375 (a mean month);
 * the projection is spent × total days ÷ elapsed days. A cell is flagged `over` when already spent
 * past its budget, `over_pace` when the projection passes its budget by more than 10%, `under_pace`
 * when, with at least a quarter of the time gone, the projection stays below 80% of it.
 */

import { daysBetween } from '../dates.js';

export interface BudgetCell {
  member: string;
  line: string;
  cents: bigint;
}

export interface SpendingCell {
  member: string;
  line: string;
  cents: bigint;
}

export type PaceFlag = 'over' | 'over_pace' | 'under_pace' | null;

export interface BudgetFigure {
  budget: bigint;
  spent: bigint;
  remaining: bigint;
  /** spent ÷ budget; null without a budget. */
  share: number | null;
  /** Spent per mean month so far, in cents (rounded). */
  burnPerMonth: bigint;
  /** Spent by the last day at this pace, in cents (rounded). */
  projected: bigint;
  flag: PaceFlag;
}

export interface BudgetReport {
  /** Days gone ÷ days in the project, 0–1. */
  elapsed: number;
  total: BudgetFigure;
  byMember: Record<string, BudgetFigure>;
  byLine: Record<string, BudgetFigure>;
  /** member → line → figure. */
  cells: Record<string, Record<string, BudgetFigure>>;
}

const MEAN_MONTH_DAYS = 30.4375;
const OVER_PACE = 1.1;
const UNDER_PACE = 0.8;

/** a × p ÷ q rounded half up, for non-negative figures (a projection is not money moved: no banking rule). */
const scale = (a: bigint, p: number, q: number): bigint =>
  q <= 0 ? 0n : BigInt(Math.round((Number(a) * p) / q));

function figure(budget: bigint, spent: bigint, days: { gone: number; all: number }): BudgetFigure {
  const gone = Math.max(days.gone, 0);
  const projected = gone === 0 ? spent : scale(spent, days.all, gone);
  let flag: PaceFlag = null;
  if (budget > 0n) {
    if (spent > budget) flag = 'over';
    else if (gone > 0 && Number(projected) > Number(budget) * OVER_PACE) flag = 'over_pace';
    else if (gone >= days.all / 4 && Number(projected) < Number(budget) * UNDER_PACE) flag = 'under_pace';
  } else if (spent > 0n) flag = 'over';
  return {
    budget,
    spent,
    remaining: budget - spent,
    share: budget > 0n ? Number(spent) / Number(budget) : null,
    burnPerMonth: gone === 0 ? 0n : scale(spent, MEAN_MONTH_DAYS, gone),
    projected,
    flag,
  };
}

/** Budget against spending on `asOf`, for a project running from `start` to `end` (inclusive days). */
export function budgetReport(
  budgets: readonly BudgetCell[],
  spending: readonly SpendingCell[],
  project: { start: string; end: string },
  asOf: string,
): BudgetReport {
  const all = daysBetween(project.start, project.end) + 1;
  const upTo = asOf > project.end ? project.end : asOf;
  const gone = asOf < project.start ? 0 : daysBetween(project.start, upTo) + 1;
  const days = { gone, all };

  const sums = new Map<string, { budget: bigint; spent: bigint }>();
  const add = (key: string, field: 'budget' | 'spent', cents: bigint) => {
    const s = sums.get(key) ?? { budget: 0n, spent: 0n };
    s[field] += cents;
    sums.set(key, s);
  };
  const members = new Set<string>();
  const lines = new Set<string>();
  for (const [list, field] of [
    [budgets, 'budget'],
    [spending, 'spent'],
  ] as const)
    for (const c of list) {
      members.add(c.member);
      lines.add(c.line);
      add('', field, c.cents);
      add(`m|${c.member}`, field, c.cents);
      add(`l|${c.line}`, field, c.cents);
      add(`c|${c.member}|${c.line}`, field, c.cents);
    }
  const of = (key: string) => {
    const s = sums.get(key) ?? { budget: 0n, spent: 0n };
    return figure(s.budget, s.spent, days);
  };
  const cells: BudgetReport['cells'] = {};
  for (const m of members) {
    cells[m] = {};
    for (const l of lines) if (sums.has(`c|${m}|${l}`)) cells[m][l] = of(`c|${m}|${l}`);
  }
  return {
    elapsed: all > 0 ? gone / all : 0,
    total: of(''),
    byMember: Object.fromEntries([...members].map((m) => [m, of(`m|${m}`)])),
    byLine: Object.fromEntries([...lines].map((l) => [l, of(`l|${l}`)])),
    cells,
  };
}
