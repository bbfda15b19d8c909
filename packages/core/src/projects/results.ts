/**
 * A project's results framework against what was achieved: each indicator's target for a period —
 * as set, or, where the project says a yearly target is split, a quarter of the year's — and the
 * share achieved. Pure; the server fills in what was achieved (Harbour's own indicators computed for
 * each member, or values members enter).
 */

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
