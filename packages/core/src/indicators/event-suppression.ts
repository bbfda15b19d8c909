/**
 * Complementary suppression for counts of *events* — contacts, syringes, kits, overdoses, referrals,
 * OST starts — which, unlike counts of people, add up across periods and across org units: a
 * quarter is its three months, a unit is its own records and the units under it. A pattern worked
 * out per unit and period lets a reader subtract: a quarter minus two of its months gives back the
 * third month's hidden count, a city minus its other sites a site's. So their pattern spans the
 * whole year and the whole org tree: a lattice (suppression-lattice.ts) of two dimensions — the
 * unit (finest value: a unit's own records; options: each unit's subtree) and the period (finest
 * value: a month; options: each month, each quarter, the year) — and every suppressed report of
 * that year, for any unit and period type, shows the cells of that one pattern. The same
 * perturbation argument holds: each hidden small count gets +1/−1 on finest cells summing to 0 over
 * every published cell.
 *
 * Outside the programme these counts are published in total and by org unit only, never by sex,
 * age or key population: with those breakdowns the year's lattice of a national tree (hundreds of
 * units × 17 periods × every cross of sex, age and key population) has millions of cells and
 * hundreds of thousands of small ones — minutes of work for each report. Counts of people keep
 * every breakdown, with the pattern of their own unit and period.
 */

import type { Period } from '../periods.js';
import type { ReportValue } from './engine.js';
import {
  type LatticeDim,
  type LatticeLookup,
  latticeDimension,
  protectLattice,
  rememberedPattern,
} from './suppression-lattice.js';

/**
 * The counts that add up across periods and org units. Counts of people (reached, tested, on OST)
 * do not: someone seen in two months is one person in the quarter, and in each unit they visit.
 */
export const EVENT_COUNTS: ReadonlySet<string> = new Set([
  'contacts',
  'nsp.syringes',
  'nsp.needles',
  'nsp.returned',
  'condoms',
  'naloxone.kits',
  'naloxone.reversals',
  'overdose.events',
  'overdose.deaths',
  'ost.new',
  'referrals.made',
  'referrals.completed',
]);

/**
 * New people: a count of people, but each person's first contact falls in one month, so across the
 * periods of a whole organisation (and across organisations) it adds up like an event. Suppressed
 * reports carry it in total and by org unit only; its pattern spans the year over the units at and
 * above the organisation level (reports/event-pattern.ts), and below that level, where it does not
 * add up, a small count alone is hidden.
 */
export const NEW_PEOPLE = 'reached.new';

/** Counts a suppressed report carries in total and by org unit only. */
const UNIT_ONLY: ReadonlySet<string> = new Set([...EVENT_COUNTS, NEW_PEOPLE]);

export interface TreeUnit {
  code: string;
  /** The parent's code; null at the top. */
  parent: string | null;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));

/** The period dimension of a year: months, with each quarter and the year (option 0) as sums. */
export const PERIOD_DIM: LatticeDim = latticeDimension('period', MONTHS, [
  ...[1, 2, 3, 4].map((q): [string, string[]] => [`Q${q}`, MONTHS.slice(q * 3 - 3, q * 3)]),
  ...MONTHS.map((m): [string, string[]] => [m, [m]]),
]);

/** The unit dimension of a tree: each unit's own records, and each unit's subtree as a sum. */
export function unitDimension(units: readonly TreeUnit[]): LatticeDim {
  const children = new Map<string, string[]>();
  for (const u of units)
    if (u.parent !== null) children.set(u.parent, [...(children.get(u.parent) ?? []), u.code]);
  const subtree = (code: string): string[] => [code, ...(children.get(code) ?? []).flatMap(subtree)];
  const codes = units.map((u) => u.code);
  return latticeDimension(
    'unit',
    codes,
    codes.map((c): [string, string[]] => [c, subtree(c)]),
  );
}

/** The option of a reported period in the year's period dimension; undefined for other period types. */
function periodOption(period: Period): number | undefined {
  if (period.type === 'year') return 0;
  if (period.type === 'quarter')
    return PERIOD_DIM.optionOf.get(`Q${Math.ceil(Number(period.start.slice(5, 7)) / 3)}`);
  if (period.type === 'month') return PERIOD_DIM.optionOf.get(period.start.slice(5, 7));
  return undefined;
}

/** One finest figure: a count of one series (an event count, a kind of rights case) of one unit's own records in one month (`01`…`12`). */
export interface EventFigure {
  series: string;
  unit: string;
  month: string;
  value: number;
}

export interface EventPattern {
  /** Whether the count for this unit's subtree and period is hidden; undefined when not a series of the pattern or not a period of the year. */
  hidden(series: string, unit: string, period: Period): boolean | undefined;
  /** The count the pattern was worked out on, for this unit's subtree and period (what is published). */
  value(series: string, unit: string, period: Period): number | undefined;
}

/** The pattern of every event count of one year, worked out per indicator when first asked. */
export function eventSuppression(
  figures: readonly EventFigure[],
  units: readonly TreeUnit[],
  k: number,
): EventPattern {
  const pattern = treeYearPattern(
    figures.filter((f) => EVENT_COUNTS.has(f.series)),
    units,
    k,
  );
  return {
    hidden: (series, unit, period) =>
      EVENT_COUNTS.has(series) ? pattern.hidden(series, unit, period) : undefined,
    value: pattern.value,
  };
}

/**
 * The pattern of counts that add up across a year's months and an org tree, one lattice per series
 * (rights trends use it for their kinds of cases too), worked out per series when first asked.
 */
export function treeYearPattern(
  figures: readonly EventFigure[],
  units: readonly TreeUnit[],
  k: number,
): EventPattern {
  const dims = [unitDimension(units), PERIOD_DIM];
  const [unitDim, periodDim] = dims as [LatticeDim, LatticeDim];
  const unitIndex = new Map(unitDim.base.map((u, i) => [u, i]));
  const bases = new Map<string, Float64Array>();
  for (const f of figures) {
    const u = unitIndex.get(f.unit);
    const m = periodDim.base.indexOf(f.month);
    if (u === undefined || m < 0 || f.value === 0) continue;
    let base = bases.get(f.series);
    if (!base) {
      base = new Float64Array(unitDim.base.length * 12);
      bases.set(f.series, base);
    }
    base[u * 12 + m]! += f.value;
  }
  const signature = `${k}|${units.map((u) => `${u.code}<${u.parent ?? ''}`).join(',')}`;
  const patterns = new Map<string, Uint8Array>();
  const cellOf = (unit: string, period: Period) => {
    const u = unitDim.optionOf.get(unit);
    const p = periodOption(period);
    return u === undefined || p === undefined ? undefined : u * periodDim.options.length + p;
  };
  return {
    hidden(series, unit, period) {
      const c = cellOf(unit, period);
      if (c === undefined) return undefined;
      const base = bases.get(series);
      if (!base) return false; // nothing counted in the year: every cell is 0
      let hidden = patterns.get(series);
      if (!hidden) {
        hidden = remembered(signature, dims, base, k);
        patterns.set(series, hidden);
      }
      return hidden[c] === 1;
    },
    value(series, unit, period) {
      const u = unitDim.optionOf.get(unit);
      const p = periodOption(period);
      if (u === undefined || p === undefined) return undefined;
      const base = bases.get(series);
      let sum = 0;
      if (base)
        for (const x of unitDim.options[u]!.members)
          for (const m of periodDim.options[p]!.members) sum += base[x * 12 + m]!;
      return sum;
    },
  };
}

/**
 * Whether a suppressed report carries this value: counts of events only in total and by org unit
 * (see above); everything else as the report asks.
 */
export const publishedWhenSuppressed = (v: ReportValue): boolean =>
  !UNIT_ONLY.has(v.indicator) || Object.keys(v.disaggregation).every((key) => key === 'orgUnit');

/** A lattice lookup for one unit-and-period report, answering event counts from the year's pattern. */
export function withEventPattern(
  lattice: LatticeLookup,
  events: EventPattern,
  unit: string,
  period: Period,
): LatticeLookup {
  return (indicator, dis) => {
    if (!UNIT_ONLY.has(indicator)) return lattice(indicator, dis);
    // A breakdown the pattern does not cover is never shown (publishedWhenSuppressed drops it).
    if (Object.keys(dis).some((key) => key !== 'orgUnit')) return true;
    return events.hidden(indicator, dis.orgUnit ?? unit, period);
  };
}

/** The year's pattern of one series' table, reused while the table stays the same. */
function remembered(
  signature: string,
  dims: readonly LatticeDim[],
  base: Float64Array,
  k: number,
): Uint8Array {
  const cells: string[] = [];
  for (let b = 0; b < base.length; b++) if (base[b] !== 0) cells.push(`${b}:${base[b]}`);
  return rememberedPattern(`${signature}|${cells.join(',')}`, () => protectLattice(dims, base, k));
}
