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

/** "transgender" = trans_woman + trans_man (disaggregation.ts): one additive relation per line. */
const TRANSGENDER_GROUP = new Set(['transgender', 'trans_woman', 'trans_man']);

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
    // Reports with one dimension fewer are published too (ask by sex, then by sex × age): a margin
    // hidden there must not be the sum of cells all shown here, or the two reports together give it.
    const mustHide = dimKeys.length > 1 ? marginLines(out, byIndicator, dimKeys, k) : [];
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of mustHide) {
        if (line.some((i) => suppressed.has(i))) continue;
        const candidates = line.filter(
          (i) => typeof out[i]!.value === 'number' && (out[i]!.value as number) > 0,
        );
        if (candidates.length === 0) continue;
        candidates.sort((a, b) => (out[a]!.value as number) - (out[b]!.value as number));
        suppressed.add(candidates[0]!);
        changed = true;
      }
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
          // The derived "transgender" cell is the sum of trans women and trans men on its line: that is
          // an additive relation too (or transgender − trans_woman gives trans_man back), and so is the
          // line with transgender in place of its two parts (the line's relation minus that one: or the
          // total less the rest, less transgender, gives a lone cell back).
          if (d === 'sex') {
            const derived = new Map<string, number[]>();
            const collapsed = new Map<string, number[]>();
            for (const i of cells) {
              const dis = out[i]!.disaggregation;
              const lineKey = dimKeys
                .filter((x) => x !== 'sex')
                .map((x) => dis[x])
                .join('|');
              if (TRANSGENDER_GROUP.has(dis.sex ?? ''))
                derived.set(lineKey, [...(derived.get(lineKey) ?? []), i]);
              if (dis.sex !== 'trans_woman' && dis.sex !== 'trans_man')
                collapsed.set(lineKey, [...(collapsed.get(lineKey) ?? []), i]);
            }
            groups.push(...derived.values());
            for (const [key, line] of collapsed)
              if (line.some((i) => out[i]!.disaggregation.sex === 'transgender') && derived.has(key))
                groups.push(line);
          }
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

/**
 * The lines of this table whose sum is a cell that the report with one dimension fewer hides: each
 * must keep at least one hidden cell here. The smaller reports are suppressed by this same function,
 * so both sides agree whatever order they are asked in.
 */
function marginLines(
  out: readonly ReportValue[],
  byIndicator: ReadonlyMap<string, number[]>,
  dimKeys: readonly string[],
  k: number,
): number[][] {
  const lines: number[][] = [];
  for (const [id, cells] of byIndicator) {
    const total = out.find((v) => v.indicator === id && Object.keys(v.disaggregation).length === 0);
    for (const d of dimKeys) {
      const rest = dimKeys.filter((x) => x !== d);
      const byLine = new Map<string, { dis: Record<string, string>; cells: number[]; sum: number }>();
      for (const i of cells) {
        const dis = out[i]!.disaggregation;
        // Along sex, "transgender" is not a part of the margin (its two parts are).
        if (d === 'sex' && dis.sex === 'transgender') continue;
        const key = rest.map((x) => dis[x]).join('|');
        const line = byLine.get(key) ?? {
          dis: Object.fromEntries(rest.map((x) => [x, dis[x]!])),
          cells: [],
          sum: 0,
        };
        line.cells.push(i);
        line.sum += typeof out[i]!.value === 'number' ? (out[i]!.value as number) : 0;
        byLine.set(key, line);
      }
      const margin: ReportValue[] = [
        ...(total ? [{ ...total, disaggregation: {} }] : []),
        ...[...byLine.values()].map((l) => ({ indicator: id, disaggregation: l.dis, value: l.sum })),
      ];
      const hidden = suppressReport(margin, new Map(), rest, k);
      const list = [...byLine.values()];
      hidden.forEach((v, j) => {
        const line = total ? list[j - 1] : list[j];
        if (line && typeof v.value === 'string') lines.push(line.cells);
      });
    }
  }
  return lines;
}
