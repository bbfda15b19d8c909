/**
 * An attacker with everything a donor can fetch for one period — the report by sex, by age and by
 * sex × age, each suppressed on its own — and every additive relation between them (totals, margins,
 * transgender = trans women + trans men) tries to work out each hidden cell exactly. A hidden cell is
 * recovered when its value is a linear combination of published ones; for random programmes none
 * may be.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportValue } from './engine.js';
import { suppressReport } from './suppression.js';

const SEX = ['male', 'female', 'trans_woman', 'trans_man', 'nonbinary', 'unknown'] as const;
const AGE = ['<20', '20-24', '25+'] as const;
const K = 5;

/** A published figure as the base cells (sex × age) it sums. */
interface Published {
  value: ReportValue['value'];
  of: number[];
}

const base = (s: number, a: number) => s * AGE.length + a;
const sexCells = (sexes: readonly string[], ages: readonly number[]) =>
  sexes.flatMap((sx) => ages.map((a) => base(SEX.indexOf(sx as (typeof SEX)[number]), a)));
const ALL_AGES = AGE.map((_, i) => i);

/** One report with the given dimensions, as the engine lays it out (total, then every combination). */
function report(x: number[], dims: ('sex' | 'age')[]): Published[] {
  const rows: { dis: Record<string, string>; of: number[] }[] = [{ dis: {}, of: sexCells(SEX, ALL_AGES) }];
  const sexes = [...SEX, 'transgender'];
  const expand = (sx: string) => (sx === 'transgender' ? ['trans_woman', 'trans_man'] : [sx]);
  if (dims.length === 1 && dims[0] === 'sex')
    for (const sx of sexes) rows.push({ dis: { sex: sx }, of: sexCells(expand(sx), ALL_AGES) });
  if (dims.length === 1 && dims[0] === 'age')
    for (const [a, age] of AGE.entries()) rows.push({ dis: { age }, of: sexCells(SEX, [a]) });
  if (dims.length === 2)
    for (const sx of sexes)
      for (const [a, age] of AGE.entries())
        rows.push({ dis: { sex: sx, age }, of: sexCells(expand(sx), [a]) });
  const values = rows.map((r) => ({
    indicator: 'reached',
    disaggregation: r.dis,
    value: r.of.reduce((t, i) => t + x[i]!, 0),
  }));
  const out = suppressReport(values, new Map(), dims, K);
  return out.map((v, i) => ({ value: v.value, of: rows[i]!.of }));
}

/** The rank of a set of 0/1 vectors over the rationals (Gaussian elimination; entries stay small). */
function rank(vectors: number[][]): number {
  const m = vectors.map((v) => [...v]);
  let r = 0;
  const n = m[0]?.length ?? 0;
  for (let c = 0; c < n && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      if (f !== 0) for (let j = c; j < n; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

const vector = (of: number[]) => {
  const v = new Array<number>(SEX.length * AGE.length).fill(0);
  for (const i of of) v[i] = 1;
  return v;
};

/** The hidden figures an attacker can compute exactly from the published ones. */
function recoverable(published: Published[]): Published[] {
  const known = published.filter((p) => typeof p.value === 'number').map((p) => vector(p.of));
  const r = rank(known);
  return published.filter((p) => typeof p.value === 'string' && rank([...known, vector(p.of)]) === r);
}

// Programmes where small cells are common: many zeros and counts below k.
const cells = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 })),
  {
    minLength: SEX.length * AGE.length,
    maxLength: SEX.length * AGE.length,
  },
);

describe('suppression against an attacker who subtracts', () => {
  it('no longer gives back trans_man and nonbinary from the total and the transgender line (the case once found)', () => {
    const x = new Array<number>(SEX.length * AGE.length).fill(0);
    x[base(0, 2)] = 40; // male 25+
    x[base(1, 2)] = 25; // female 25+
    x[base(2, 2)] = 9; // trans_woman 25+
    x[base(3, 2)] = 2; // trans_man 25+
    x[base(4, 2)] = 5; // nonbinary 25+: visible on its own, hidden to protect trans_man
    const bySex = report(x, ['sex']);
    expect(recoverable(bySex)).toEqual([]);
  });

  it('lets no hidden cell of a report by sex be worked out from it', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(cells, (x) => {
        const published = report(x, ['sex']);
        hiddenSeen += published.filter((p) => typeof p.value === 'string').length;
        expect(recoverable(published).map((p) => p.of.join('+'))).toEqual([]);
      }),
      { numRuns: 300, seed: 20261205 },
    );
    expect(hiddenSeen).toBeGreaterThan(500);
  });

  it('lets no hidden cell of a report by sex × age be worked out from it', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(cells, (x) => {
        const published = report(x, ['sex', 'age']);
        hiddenSeen += published.filter((p) => typeof p.value === 'string').length;
        const found = recoverable(published);
        expect(found.map((p) => p.of.join('+'))).toEqual([]);
      }),
      { numRuns: 300, seed: 20261205 },
    );
    expect(hiddenSeen).toBeGreaterThan(1000);
  });
});
