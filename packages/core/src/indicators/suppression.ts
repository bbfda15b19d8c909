/**
 * Small-cell suppression for anything that leaves the programme (docs/indicators.md): a count from 1
 * to k−1 becomes "<k" (0 stays 0); a ratio whose numerator or denominator is below k is suppressed;
 * and when a suppressed cell could be worked out from a published total, a second cell in the same
 * line is suppressed too (complementary suppression).
 */

import { INDICATORS, indicator } from './definitions.js';
import type { CellCounts, ReportValue } from './engine.js';

export const DEFAULT_THRESHOLD = 5;

const small = (n: number, k: number) => n > 0 && n < k;

function rowKey(dis: Record<string, string>, dimKeys: readonly string[]): string {
  return dimKeys.some((d) => d in dis) ? dimKeys.map((d) => dis[d] ?? '').join('|') : '';
}

/**
 * Returns the values suppressed at threshold k. `counts` holds, per row, the counts behind ratios
 * (including counts not published, such as a size estimate or an internal numerator).
 */
export function suppressReport(
  values: readonly ReportValue[],
  counts: ReadonlyMap<string, CellCounts>,
  dimKeys: readonly string[],
  k = DEFAULT_THRESHOLD,
): ReportValue[] {
  const mark = `<${k}`;
  const out = values.map((v) => ({ ...v, disaggregation: { ...v.disaggregation } }));
  const suppressed = new Set<number>();

  // Primary suppression: small counts, and ratios or levels built on a small count.
  out.forEach((v, i) => {
    const def = indicator(v.indicator);
    if (!def) return;
    if (def.kind === 'count' && typeof v.value === 'number' && small(v.value, k)) suppressed.add(i);
    if ((def.kind === 'ratio' || def.kind === 'level') && v.value !== null) {
      const c = counts.get(rowKey(v.disaggregation, dimKeys));
      const parts =
        def.id === 'targets.achievement'
          ? [counts.get('')?.[v.disaggregation.indicator ?? ''] ?? 0]
          : [def.numerator, def.denominator].map((id) => (id ? (c?.[id] ?? 0) : 0));
      if (parts.some((n) => n < k)) suppressed.add(i);
    }
  });

  // Complementary suppression, per additive indicator: in every line (cells that differ along one
  // dimension only) and across the whole table against the published total, one lone suppressed
  // cell is protected by also suppressing the smallest other non-zero cell. Repeat until stable.
  const additive = new Set(INDICATORS.filter((d) => d.additive).map((d) => d.id));
  if (dimKeys.length > 0) {
    const byIndicator = new Map<string, number[]>();
    out.forEach((v, i) => {
      if (additive.has(v.indicator) && Object.keys(v.disaggregation).length > 0)
        byIndicator.set(v.indicator, [...(byIndicator.get(v.indicator) ?? []), i]);
    });
    let changed = true;
    while (changed) {
      changed = false;
      for (const cells of byIndicator.values()) {
        const groups: number[][] = [cells];
        for (const d of dimKeys) {
          const lines = new Map<string, number[]>();
          for (const i of cells) {
            const dis = out[i]!.disaggregation;
            // Cells of one line share every other dimension's value ("transgender" overlaps two sex values, so it lines up on its own).
            const lineKey =
              dimKeys
                .filter((x) => x !== d)
                .map((x) => dis[x])
                .join('|') + (d === 'sex' && dis.sex === 'transgender' ? '|tg' : '');
            lines.set(lineKey, [...(lines.get(lineKey) ?? []), i]);
          }
          groups.push(...lines.values());
        }
        for (const g of groups) {
          const hidden = g.filter((i) => suppressed.has(i));
          if (hidden.length !== 1) continue;
          const candidates = g.filter(
            (i) => !suppressed.has(i) && typeof out[i]!.value === 'number' && (out[i]!.value as number) > 0,
          );
          if (candidates.length === 0) continue;
          candidates.sort((a, b) => (out[a]!.value as number) - (out[b]!.value as number));
          suppressed.add(candidates[0]!);
          changed = true;
        }
      }
    }
  }
  for (const i of suppressed) out[i]!.value = mark;
  return out;
}
