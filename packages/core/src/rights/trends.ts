/**
 * Rights trends for advocates: counts of cases by violation, perpetrator, place and month, response
 * and outcome rates. Pure: the server hands in one row per (case, act); suppression follows the
 * programme's rule for anything that leaves it (a count from 1 to k−1 becomes "<k").
 */

export interface TrendRow {
  caseId: string;
  month: string;
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

export function rightsTrends(rows: readonly TrendRow[], threshold: number | null): RightsTrends {
  const cell = (n: number): Cell => (threshold && n > 0 && n < threshold ? `<${threshold}` : n);
  const counts = (m: Map<string, Set<string>>) =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => [k, cell(s.size)]));
  const cases = new Set(rows.map((r) => r.caseId));
  const byMonthViolation: Record<string, Record<string, Cell>> = {};
  const months = new Map<string, TrendRow[]>();
  for (const r of rows) months.set(r.month, [...(months.get(r.month) ?? []), r]);
  for (const [month, list] of [...months].sort(([a], [b]) => a.localeCompare(b)))
    byMonthViolation[month] = counts(distinctCount(list, (r) => r.violation));
  const perCase = new Map(rows.map((r) => [r.caseId, r]));
  const outcomes = new Map<string, Set<string>>();
  for (const r of perCase.values())
    if (r.outcome) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? new Set()).add(r.caseId));
  // A case has one place and one month: those breakdowns add up to the number of cases, so a lone
  // hidden part would be the total less the rest. Hide a second one (complementary suppression).
  const partition = (m: Map<string, Set<string>>) => {
    const shown = counts(m);
    if (!threshold || typeof cell(cases.size) === 'string') return shown;
    const hidden = Object.keys(shown).filter((k) => typeof shown[k] === 'string');
    if (hidden.length !== 1) return shown;
    const next = Object.keys(shown)
      .filter((k) => typeof shown[k] === 'number' && (shown[k] as number) > 0)
      .sort((a, b) => (shown[a] as number) - (shown[b] as number) || a.localeCompare(b))[0];
    if (next) shown[next] = `<${threshold}`;
    return shown;
  };
  return {
    cases: cell(cases.size),
    byViolation: counts(distinctCount(rows, (r) => r.violation)),
    byPerpetrator: counts(distinctCount(rows, (r) => r.perpetrator)),
    byPlace: partition(distinctCount(rows, (r) => r.place)),
    byMonth: partition(distinctCount(rows, (r) => r.month)),
    byMonthViolation,
    responded: cell([...perCase.values()].filter((r) => r.responded).length),
    byOutcome: counts(outcomes),
    suppression: threshold ? { threshold } : null,
  };
}
