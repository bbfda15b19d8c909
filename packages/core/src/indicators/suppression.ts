/**
 * Small-cell suppression for anything that leaves the programme (docs/indicators.md): a count from 1
 * to k−1 becomes "<k" (0 stays 0); a ratio whose numerator or denominator is below k is suppressed;
 * and when a suppressed cell could be worked out from published ones, other cells are suppressed too
 * (complementary suppression, suppression-lattice.ts).
 */

import { indicator } from './definitions.js';
import type { CellCounts, ReportValue } from './engine.js';
import type { LatticeLookup } from './suppression-lattice.js';

export const DEFAULT_THRESHOLD = 5;

const small = (n: number, k: number) => n > 0 && n < k;

function rowKey(dis: Record<string, string>, dimKeys: readonly string[]): string {
  return dimKeys.some((d) => d in dis) ? dimKeys.map((d) => dis[d] ?? '').join('|') : '';
}

/**
 * Returns the values suppressed at threshold k. `counts` holds, per row, the counts behind ratios
 * (including counts not published, such as a size estimate or an internal numerator). Additive
 * counts take their pattern from `lattice` (suppression-lattice.ts), worked out once for every
 * breakdown of the same org unit and period, so that reports asked one after another stay
 * consistent; a cell the lattice does not hold is hidden when it is small.
 */
export function suppressReport(
  values: readonly ReportValue[],
  counts: ReadonlyMap<string, CellCounts>,
  dimKeys: readonly string[],
  k: number,
  lattice: LatticeLookup,
): ReportValue[] {
  const mark = `<${k}`;
  return values.map((v) => {
    const out = { ...v, disaggregation: { ...v.disaggregation } };
    const def = indicator(v.indicator);
    if (!def) return out;
    let hide = false;
    if (def.kind === 'count' && typeof v.value === 'number')
      hide = lattice(v.indicator, v.disaggregation) ?? small(v.value, k);
    if ((def.kind === 'ratio' || def.kind === 'level') && v.value !== null) {
      const c = counts.get(rowKey(v.disaggregation, dimKeys));
      const parts =
        def.id === 'targets.achievement'
          ? [counts.get('')?.[v.disaggregation.indicator ?? ''] ?? 0]
          : [def.numerator, def.denominator].map((id) => (id ? (c?.[id] ?? 0) : 0));
      // A ratio and a published part give back the other part: a count hidden to protect another
      // (its value k or more) takes its ratios with it.
      hide =
        parts.some((n) => n < k) ||
        [def.numerator, def.denominator].some(
          (id) => id !== undefined && lattice(id, v.disaggregation) === true,
        );
    }
    if (hide) out.value = mark;
    return out;
  });
}
