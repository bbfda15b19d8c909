/**
 * One indicator as a cross-tabulation of two dimensions, with its margins, the way people read a
 * report: the cells come from the report asked for both dimensions, and every margin (row totals,
 * column totals, the grand total) from the reports asked for one dimension and none. Margins are
 * never added up here: people counts are distinct counts, ratios do not add, and a suppressed report
 * publishes its own margins (suppression.ts keeps the reports consistent with each other).
 *
 * The derived sex value "transgender" (trans women + trans men) is a row set apart, never a part of
 * the column totals; so sex, when it is one of the two dimensions, is always the rows.
 */

import { KEY_POPULATIONS } from '../client.js';
import { indicator as definition } from './definitions.js';
import { SEX_CATEGORIES } from './disaggregation.js';
import type { ReportValue } from './engine.js';

type Value = ReportValue['value'];

export interface CrossTabRow {
  key: string;
  cells: Value[];
  total: Value;
}

export interface CrossTab {
  rowDim: string;
  colDim: string;
  columns: string[];
  rows: CrossTabRow[];
  /** Rows derived from others (the "transgender" grouping): shown apart, not part of the totals. */
  derived: CrossTabRow[];
  columnTotals: Value[];
  grand: Value;
}

const DERIVED = new Set(['transgender']);

const ORDER: Record<string, readonly string[]> = { sex: SEX_CATEGORIES, kp: KEY_POPULATIONS };

/** An age band's place: by its lower bound, "<25" before "25+" (every band set of AGE_BANDS). */
const ageRank = (band: string) =>
  band.startsWith('<') ? Number(band.slice(1)) - 1000 : Number.parseInt(band, 10);

/** The values of a dimension in reading order: its natural order, then the rest by name, "unknown" last. */
export function orderDimensionValues(dim: string, values: Iterable<string>): string[] {
  const order = ORDER[dim] ?? [];
  const rank = (v: string) => {
    if (v === 'unknown') return Number.MAX_SAFE_INTEGER;
    if (dim === 'age') return ageRank(v);
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  return [...new Set(values)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const only = (v: ReportValue, dims: readonly string[]) => {
  const keys = Object.keys(v.disaggregation);
  return keys.length === dims.length && dims.every((d) => d in v.disaggregation);
};

/**
 * The cross-tab of `indicator` over `dims` (two dimensions) from a report's values; `values` holds
 * the cells and, when they were asked for, the one-dimension and total values (null margins otherwise).
 */
export function crossTab(
  values: readonly ReportValue[],
  indicator: string,
  dims: [string, string],
): CrossTab {
  const [rowDim, colDim] = dims[1] === 'sex' ? [dims[1], dims[0]] : dims;
  const mine = values.filter((v) => v.indicator === indicator);
  const cells = mine.filter((v) => only(v, [rowDim, colDim]));
  const cell = new Map(
    cells.map((v) => [`${v.disaggregation[rowDim]}|${v.disaggregation[colDim]}`, v.value]),
  );
  const rowTotal = new Map(
    mine.filter((v) => only(v, [rowDim])).map((v) => [v.disaggregation[rowDim]!, v.value]),
  );
  const colTotal = new Map(
    mine.filter((v) => only(v, [colDim])).map((v) => [v.disaggregation[colDim]!, v.value]),
  );
  const columns = orderDimensionValues(
    colDim,
    cells.map((v) => v.disaggregation[colDim]!),
  );
  const keys = orderDimensionValues(
    rowDim,
    cells.map((v) => v.disaggregation[rowDim]!),
  );
  // The engine leaves out combinations nobody falls in: for a count that is a 0, for a ratio "cannot compute".
  const missing = definition(indicator)?.kind === 'count' ? 0 : null;
  const row = (key: string): CrossTabRow => ({
    key,
    cells: columns.map((c) => cell.get(`${key}|${c}`) ?? missing),
    total: rowTotal.get(key) ?? null,
  });
  return {
    rowDim,
    colDim,
    columns,
    rows: keys.filter((k) => !DERIVED.has(k)).map(row),
    derived: keys.filter((k) => DERIVED.has(k)).map(row),
    columnTotals: columns.map((c) => colTotal.get(c) ?? null),
    grand: mine.find((v) => Object.keys(v.disaggregation).length === 0)?.value ?? null,
  };
}
