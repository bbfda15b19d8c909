/**
 * An attacker with everything a donor can fetch for one org unit and one period — the report by
 * every combination of sex, age (in each band set) and key population, each suppressed as the
 * server does it — tries to work out each hidden small count exactly. The attacker knows every
 * additive relation (totals, margins, transgender = trans women + trans men, gf's 25+ = the fine
 * bands from 25) and more than linear algebra gives: a published 0 tells them every cell under it is
 * 0. A hidden count is recovered when it is a linear combination of what is published; for random
 * programmes none may be.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_POPULATIONS, SEXES } from '../client.js';
import { type AgeBandSet, ageBand } from './disaggregation.js';
import type { ReportValue } from './engine.js';
import { recoveredSmallCounts } from './linear-attacker.js';
import { suppressReport } from './suppression.js';
import { latticeSuppression } from './suppression-lattice.js';

const K = 5;
const KPS = [...KEY_POPULATIONS, 'unknown'];
const FINE = ['<15', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50+', 'unknown'];
const AGE_OF: Record<string, number | null> = {
  '<15': 10,
  '15-19': 17,
  '20-24': 22,
  '25-29': 27,
  '30-34': 32,
  '35-39': 37,
  '40-44': 42,
  '45-49': 47,
  '50+': 60,
  unknown: null,
};
const N = SEXES.length * FINE.length * KPS.length;
const at = (s: number, a: number, p: number) => (s * FINE.length + a) * KPS.length + p;

/** A finest cell's value of a dimension, as a report would label it. */
const label = (dim: string, s: number, a: number, p: number): string[] => {
  if (dim === 'sex')
    return SEXES[s] === 'trans_woman' || SEXES[s] === 'trans_man' ? [SEXES[s]!, 'transgender'] : [SEXES[s]!];
  if (dim === 'kp') return [KPS[p]!];
  return [ageBand(dim.slice(4) as AgeBandSet, AGE_OF[FINE[a]!]!)];
};

const DIMS = ['sex', 'age:gf', 'age:gam', 'age:fine', 'kp'];
/** Every report a donor can ask: each set of dimensions with age at most once. */
const REQUESTS = Array.from({ length: 1 << DIMS.length }, (_, m) =>
  DIMS.filter((_, i) => m & (1 << i)),
).filter((ds) => ds.filter((d) => d.startsWith('age')).length <= 1);

interface Published {
  value: ReportValue['value'];
  of: number[];
}

/** One report as the engine lays it out (the total and every combination), suppressed as the server does. */
function report(x: readonly number[], dims: string[]): Published[] {
  const rows = new Map<string, { dis: Record<string, string>; of: number[] }>();
  rows.set('', { dis: {}, of: x.map((_, i) => i) });
  for (let s = 0; s < SEXES.length; s++)
    for (let a = 0; a < FINE.length; a++)
      for (let p = 0; p < KPS.length; p++) {
        if (dims.length === 0) continue;
        let combos: Record<string, string>[] = [{}];
        for (const d of dims)
          combos = combos.flatMap((c) => label(d, s, a, p).map((v) => ({ ...c, [d.split(':')[0]!]: v })));
        for (const dis of combos) {
          const key = JSON.stringify(dis);
          const row = rows.get(key) ?? { dis, of: [] };
          row.of.push(at(s, a, p));
          rows.set(key, row);
        }
      }
  const list = [...rows.values()];
  const values = list.map((r) => ({
    indicator: 'reached',
    disaggregation: r.dis,
    value: r.of.reduce((t, i) => t + x[i]!, 0),
  }));
  const out = suppressReport(
    values,
    new Map(),
    dims.map((d) => d.split(':')[0]!),
    K,
    lattice(x),
  );
  return out.map((v, i) => ({ value: v.value, of: list[i]!.of }));
}

/** The cube the server hands to the lattice: the report by sex × age:fine × kp. */
function lattice(x: readonly number[]) {
  const cube: ReportValue[] = [];
  for (let s = 0; s < SEXES.length; s++)
    for (let a = 0; a < FINE.length; a++)
      for (let p = 0; p < KPS.length; p++)
        cube.push({
          indicator: 'reached',
          disaggregation: { sex: SEXES[s]!, age: FINE[a]!, kp: KPS[p]! },
          value: x[at(s, a, p)]!,
        });
  return latticeSuppression(cube, K);
}

const recoverable = (x: readonly number[], published: Published[]) => recoveredSmallCounts(x, published, K);

const everything = (x: readonly number[]) => REQUESTS.flatMap((dims) => report(x, dims));

// Programmes where small cells are common: most finest cells empty, many below k.
const programme = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5, max: 60 }) },
  ),
  { minLength: N, maxLength: N },
);

describe('suppression against an attacker who combines every breakdown', () => {
  it('gives back neither trans_man nor nonbinary from the total and the transgender line (the case once found)', () => {
    const x = new Array<number>(N).fill(0);
    const kp = KPS.indexOf('unknown');
    const old = FINE.indexOf('30-34');
    x[at(0, old, kp)] = 40; // male
    x[at(1, old, kp)] = 25; // female
    x[at(2, old, kp)] = 9; // trans_woman
    x[at(3, old, kp)] = 2; // trans_man
    x[at(4, old, kp)] = 5; // nonbinary
    const published = everything(x);
    expect(published.filter((p) => typeof p.value === 'string').length).toBeGreaterThan(0);
    expect(recoverable(x, published)).toEqual([]);
  });

  it('recovers small counts from reports that hide only the small cells themselves (the attacker works)', () => {
    // Each report with its own pattern: the lattice of the report's own cells only.
    const x = new Array<number>(N).fill(0);
    const kp = KPS.indexOf('pwid');
    x[at(0, 3, kp)] = 20;
    x[at(0, 4, kp)] = 3;
    x[at(1, 3, kp)] = 7;
    x[at(1, 4, kp)] = 30;
    const own = (dims: string[]) => {
      const published = report(x, dims);
      // What a report suppressed alone would show: its small cells and one complement per line.
      return published.map((p) => {
        const sum = p.of.reduce((t, i) => t + x[i]!, 0);
        return { ...p, value: sum > 0 && sum < K ? '<5' : sum };
      });
    };
    const leaked = recoverable(x, [...own(['sex']), ...own(['sex', 'age:fine'])]);
    expect(leaked.length).toBeGreaterThan(0);
    expect(recoverable(x, [...report(x, ['sex']), ...report(x, ['sex', 'age:fine'])])).toEqual([]);
  });

  it('lets no hidden small count be worked out from all the reports of a period together', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(programme, (x) => {
        const published = everything(x);
        hiddenSeen += published.filter((p) => typeof p.value === 'string').length;
        expect(recoverable(x, published).map((p) => p.of.join('+'))).toEqual([]);
      }),
      { numRuns: 25, seed: 20261206 },
    );
    expect(hiddenSeen).toBeGreaterThan(2000);
  });

  it('shows each cell the same way in every report that holds it', () => {
    fc.assert(
      fc.property(programme, (x) => {
        const shown = new Map<string, ReportValue['value']>();
        for (const p of everything(x)) {
          const id = p.of.join('+');
          if (shown.has(id)) expect(p.value).toEqual(shown.get(id));
          shown.set(id, p.value);
        }
      }),
      { numRuns: 10, seed: 20261206 },
    );
  });
});
