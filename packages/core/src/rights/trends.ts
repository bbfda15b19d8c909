/**
 * Rights trends for advocates: counts of cases by violation, perpetrator, place and month, response
 * and outcome rates. Pure: the server hands in one row per (case, act). Suppressed, every count is a
 * cell of the year's pattern over the org tree (indicators/event-suppression.ts): a case has one
 * month and one recording site, so each kind of case (`trendSeries`) adds up across months and
 * units like a count of events, and one pattern keeps a quarter less two of its months, or a unit
 * less its other sites, from giving a hidden count back. The place breakdown is not published
 * then: a second tree would need a pattern of its own.
 */

import type { EventFigure } from '../indicators/event-suppression.js';

export interface TrendRow {
  caseId: string;
  month: string;
  /** The code of the site that recorded the case (the unit a trends reader asks for holds it). */
  unit?: string;
  place: string;
  violation: string;
  perpetrator: string;
  responded: boolean;
  outcome: string | null;
}

export type Cell = number | `<${number}`;

export interface RightsTrends {
  cases: Cell;
  byViolation: Record<string, Cell>;
  byPerpetrator: Record<string, Cell>;
  byPlace: Record<string, Cell>;
  byMonth: Record<string, Cell>;
  /** Month × violation, the shape of a shadow report table. */
  byMonthViolation: Record<string, Record<string, Cell>>;
  responded: Cell;
  byOutcome: Record<string, Cell>;
  suppression: { threshold: number } | null;
}

function distinctCount(rows: readonly TrendRow[], key: (r: TrendRow) => string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = key(r);
    const s = m.get(k) ?? new Set<string>();
    s.add(r.caseId);
    m.set(k, s);
  }
  return m;
}

/** The kinds of case a trend counts: every case, each violation, perpetrator and outcome, and the responded. */
export const trendSeries = {
  cases: 'cases',
  violation: (v: string) => `violation:${v}`,
  perpetrator: (p: string) => `perpetrator:${p}`,
  outcome: (o: string) => `outcome:${o}`,
  responded: 'responded',
} as const;

/** Each series' count of cases per recording site and month (`01`…`12`), for the year's pattern. */
export function trendFigures(rows: readonly TrendRow[]): EventFigure[] {
  const cases = new Map<string, Set<string>>();
  const add = (series: string, r: TrendRow) => {
    const key = `${series}|${r.unit ?? ''}|${r.month.slice(5, 7)}`;
    cases.set(key, (cases.get(key) ?? new Set()).add(r.caseId));
  };
  for (const r of rows) {
    add(trendSeries.cases, r);
    add(trendSeries.violation(r.violation), r);
    add(trendSeries.perpetrator(r.perpetrator), r);
    if (r.outcome) add(trendSeries.outcome(r.outcome), r);
    if (r.responded) add(trendSeries.responded, r);
  }
  return [...cases].map(([key, ids]) => {
    const [series, unit, month] = key.split('|') as [string, string, string];
    return { series, unit, month, value: ids.size };
  });
}

/** Suppression of a trends answer: the threshold, and whether a series is hidden for the answer's period (month null) or one of its months. */
export interface TrendsSuppression {
  threshold: number;
  hidden(series: string, month: string | null): boolean;
}

export function rightsTrends(rows: readonly TrendRow[], suppression: TrendsSuppression | null): RightsTrends {
  const mark = suppression ? (`<${suppression.threshold}` as const) : null;
  const shown = (series: string, month: string | null, n: number): Cell =>
    mark && suppression!.hidden(series, month) ? mark : n;
  const counts = (m: Map<string, Set<string>>, series: (k: string) => string, month: string | null = null) =>
    Object.fromEntries(
      [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => [k, shown(series(k), month, s.size)]),
    );
  const cases = new Set(rows.map((r) => r.caseId));
  const byMonthViolation: Record<string, Record<string, Cell>> = {};
  const months = new Map<string, TrendRow[]>();
  for (const r of rows) months.set(r.month, [...(months.get(r.month) ?? []), r]);
  for (const [month, list] of [...months].sort(([a], [b]) => a.localeCompare(b)))
    byMonthViolation[month] = counts(
      distinctCount(list, (r) => r.violation),
      trendSeries.violation,
      month,
    );
  const perCase = new Map(rows.map((r) => [r.caseId, r]));
  const outcomes = new Map<string, Set<string>>();
  for (const r of perCase.values())
    if (r.outcome) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? new Set()).add(r.caseId));
  const byMonth = distinctCount(rows, (r) => r.month);
  return {
    cases: shown(trendSeries.cases, null, cases.size),
    byViolation: counts(
      distinctCount(rows, (r) => r.violation),
      trendSeries.violation,
    ),
    byPerpetrator: counts(
      distinctCount(rows, (r) => r.perpetrator),
      trendSeries.perpetrator,
    ),
    byPlace: suppression
      ? {}
      : counts(
          distinctCount(rows, (r) => r.place),
          () => '',
        ),
    byMonth: Object.fromEntries(
      [...byMonth]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, ids]) => [month, shown(trendSeries.cases, month, ids.size)]),
    ),
    byMonthViolation,
    responded: shown(trendSeries.responded, null, [...perCase.values()].filter((r) => r.responded).length),
    byOutcome: counts(outcomes, trendSeries.outcome),
    suppression: suppression ? { threshold: suppression.threshold } : null,
  };
}
