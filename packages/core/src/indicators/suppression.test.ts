import { describe, expect, it } from 'vitest';
import type { CellCounts, ReportValue } from './engine.js';
import { suppressReport } from './suppression.js';
import { latticeSuppression } from './suppression-lattice.js';

const none = latticeSuppression([], 5);
/** The finest cells (sex × fine age × kp) of one indicator, for the lattice. */
const cube = (indicator: string, cells: [string, string, string, number][]) =>
  latticeSuppression(
    cells.map(([sex, age, kp, value]) => ({ indicator, disaggregation: { sex, age, kp }, value })),
    5,
  );

const cell = (indicator: string, dis: Record<string, string>, value: ReportValue['value']): ReportValue => ({
  indicator,
  disaggregation: dis,
  value,
});

describe('small-cell suppression', () => {
  it('hides counts from 1 to k−1, keeps 0 and counts of k or more', () => {
    const out = suppressReport(
      [cell('reached', {}, 4), cell('contacts', {}, 0), cell('nsp.syringes', {}, 5)],
      new Map(),
      [],
      5,
      cube('reached', [['male', 'unknown', 'unknown', 4]]),
    );
    expect(out.map((v) => v.value)).toEqual(['<5', 0, 5]);
  });

  it('hides a ratio whose part is hidden only to protect another: ratio × the other part would give it back', () => {
    const counts = new Map<string, CellCounts>([['', { 'nsp.syringes': 400, 'nsp.clients': 50 }]]);
    const hiddenSyringes = (indicator: string) => (indicator === 'nsp.syringes' ? true : undefined);
    const out = suppressReport(
      [cell('nsp.per_client', {}, 8), cell('nsp.clients', {}, 50)],
      counts,
      [],
      5,
      hiddenSyringes,
    );
    expect(out.map((v) => v.value)).toEqual(['<5', 50]);
    // Published when the lattice shows the part.
    const shown = suppressReport([cell('nsp.per_client', {}, 8)], counts, [], 5, () => false);
    expect(shown.map((v) => v.value)).toEqual([8]);
  });

  it('hides a ratio whose numerator or denominator is below k, even when the ratio is large', () => {
    const counts = new Map<string, CellCounts>([
      ['', { 'nsp.returned': 3, 'nsp.syringes': 400, 'nsp.clients': 50, 'estimate.pwid': 10000 }],
    ]);
    const out = suppressReport(
      [
        cell('nsp.return_rate', {}, 0.0075),
        cell('nsp.per_client', {}, 8),
        cell('nsp.per_pwid_year', {}, 0.16),
        cell('nsp.level', {}, 'low'),
      ],
      counts,
      [],
      5,
      none,
    );
    expect(out.map((v) => v.value)).toEqual(['<5', 8, 0.16, 'low']);
  });

  it('suppresses a second cell when one small cell could be read off the total (complementary)', () => {
    const values = [
      cell('reached', {}, 30),
      cell('reached', { sex: 'male' }, 20),
      cell('reached', { sex: 'female' }, 7),
      cell('reached', { sex: 'trans_woman' }, 3),
    ];
    const lattice = cube('reached', [
      ['male', '30-34', 'pwid', 20],
      ['female', '30-34', 'pwid', 7],
      ['trans_woman', '30-34', 'pwid', 3],
    ]);
    const out = suppressReport(values, new Map(), ['sex'], 5, lattice);
    expect(out.map((v) => v.value)).toEqual([30, 20, '<5', '<5']);
  });

  it('hides in a two-way table and its margins so that no report, alone or with another, gives the small cell back', () => {
    const lattice = cube('reached', [
      ['male', '20-24', 'pwid', 2],
      ['male', '30-34', 'pwid', 30],
      ['female', '20-24', 'pwid', 10],
      ['female', '30-34', 'pwid', 18],
    ]);
    const hiddenIn = (dims: string[], values: ReportValue[]) =>
      suppressReport(values, new Map(), dims, 5, lattice)
        .filter((v) => v.value === '<5')
        .map((v) => Object.values(v.disaggregation).join('/'))
        .sort();
    const bySexAge = [
      cell('reached', {}, 60),
      cell('reached', { sex: 'male', age: '20-24' }, 2),
      cell('reached', { sex: 'male', age: '30-34' }, 30),
      cell('reached', { sex: 'female', age: '20-24' }, 10),
      cell('reached', { sex: 'female', age: '30-34' }, 18),
    ];
    const bySex = [
      cell('reached', {}, 60),
      cell('reached', { sex: 'male' }, 32),
      cell('reached', { sex: 'female' }, 28),
    ];
    const byAge = [
      cell('reached', {}, 60),
      cell('reached', { age: '20-24' }, 12),
      cell('reached', { age: '30-34' }, 48),
    ];
    // male/20-24 is small: the box of the four cells hides it (every row and column still sums to
    // its published margin), and the margins by sex and by age stay published in their own reports.
    expect(hiddenIn(['sex', 'age'], bySexAge)).toEqual([
      'female/20-24',
      'female/30-34',
      'male/20-24',
      'male/30-34',
    ]);
    expect(hiddenIn(['sex'], bySex)).toEqual([]);
    expect(hiddenIn(['age'], byAge)).toEqual([]);
  });
});
