import { describe, expect, it } from 'vitest';
import type { CellCounts, ReportValue } from './engine.js';
import { suppressReport } from './suppression.js';

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
    );
    expect(out.map((v) => v.value)).toEqual(['<5', 0, 5]);
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
    const out = suppressReport(values, new Map(), ['sex'], 5);
    expect(out.map((v) => v.value)).toEqual([30, 20, '<5', '<5']);
  });

  it('works line by line in a two-way table until stable', () => {
    const dis = (sex: string, age: string) => ({ sex, age });
    const values = [
      cell('reached', {}, 60),
      cell('reached', dis('male', '20-24'), 2),
      cell('reached', dis('male', '25+'), 30),
      cell('reached', dis('female', '20-24'), 10),
      cell('reached', dis('female', '25+'), 18),
    ];
    const out = suppressReport(values, new Map(), ['sex', 'age'], 5);
    const hidden = out
      .filter((v) => v.value === '<5')
      .map((v) => `${v.disaggregation.sex}/${v.disaggregation.age}`)
      .sort();
    // male/20-24 is small; its row (male) and column (20-24) each need a second hidden cell, and so on.
    expect(hidden).toEqual(['female/20-24', 'female/25+', 'male/20-24', 'male/25+']);
  });
});
