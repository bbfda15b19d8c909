import { describe, expect, it } from 'vitest';
import { crossTab, orderDimensionValues } from './cross-tab.js';
import type { ReportValue } from './engine.js';

const v = (disaggregation: Record<string, string>, value: ReportValue['value'], indicator = 'reached') => ({
  indicator,
  disaggregation,
  value,
});

// reached by sex × GAM age, with the margins published by the one-dimension reports.
const values: ReportValue[] = [
  v({}, 20),
  v({ age: '25+', sex: 'male' }, 9),
  v({ age: '<25', sex: 'male' }, 3),
  v({ age: '25+', sex: 'trans_woman' }, 2),
  v({ age: '<25', sex: 'trans_woman' }, 0),
  v({ age: '25+', sex: 'transgender' }, 2),
  v({ age: '<25', sex: 'transgender' }, 0),
  v({ age: 'unknown', sex: 'female' }, 6),
  v({ sex: 'male' }, 12),
  v({ sex: 'trans_woman' }, 2),
  v({ sex: 'transgender' }, 2),
  v({ sex: 'female' }, 6),
  v({ age: '<25' }, 3),
  v({ age: '25+' }, 11),
  v({ age: 'unknown' }, 6),
  v({ sex: 'male' }, 99, 'contacts'),
];

describe('crossTab', () => {
  it('puts sex in the rows, the derived transgender row apart, and takes every margin from the report', () => {
    const tab = crossTab(values, 'reached', ['age', 'sex']);
    expect(tab.rowDim).toBe('sex');
    expect(tab.columns).toEqual(['<25', '25+', 'unknown']);
    expect(tab.rows).toEqual([
      { key: 'male', cells: [3, 9, 0], total: 12 },
      { key: 'female', cells: [0, 0, 6], total: 6 },
      { key: 'trans_woman', cells: [0, 2, 0], total: 2 },
    ]);
    expect(tab.derived).toEqual([{ key: 'transgender', cells: [0, 2, 0], total: 2 }]);
    expect(tab.columnTotals).toEqual([3, 11, 6]);
    expect(tab.grand).toBe(20);
  });

  it('leaves margins empty when only the cross report was asked, rather than adding up cells', () => {
    const crossOnly = values.filter((x) => Object.keys(x.disaggregation).length !== 1);
    const tab = crossTab(crossOnly, 'reached', ['sex', 'age']);
    expect(tab.rows.map((r) => r.total)).toEqual([null, null, null]);
    expect(tab.columnTotals).toEqual([null, null, null]);
  });

  it('reads a combination nobody falls in as 0 for a count, as not computable for a ratio', () => {
    const ratio = crossTab(
      [
        v({ sex: 'male', age: '25+' }, 0.5, 'nsp.return_rate'),
        v({ sex: 'female', age: '<25' }, 1, 'nsp.return_rate'),
      ],
      'nsp.return_rate',
      ['sex', 'age'],
    );
    expect(ratio.rows[0]!.cells).toEqual([null, 0.5]);
  });

  it('keeps suppressed cells as they were published', () => {
    const tab = crossTab(
      values.map((x) => (x.value === 3 ? { ...x, value: '<5' } : x)),
      'reached',
      ['sex', 'age'],
    );
    expect(tab.rows[0]!.cells[0]).toBe('<5');
    expect(tab.columnTotals[0]).toBe('<5');
  });
});

describe('orderDimensionValues', () => {
  it('reads in the natural order of each dimension, unknown last', () => {
    expect(orderDimensionValues('age', ['unknown', '25+', '20-24', '<15', '15-19'])).toEqual([
      '<15',
      '15-19',
      '20-24',
      '25+',
      'unknown',
    ]);
    expect(orderDimensionValues('age', ['50+', '25-29', '<15'])).toEqual(['<15', '25-29', '50+']);
    expect(orderDimensionValues('kp', ['other', 'pwid', 'unknown', 'partner'])).toEqual([
      'pwid',
      'partner',
      'other',
      'unknown',
    ]);
    expect(orderDimensionValues('orgUnit', ['UA-KV', 'UA-DP'])).toEqual(['UA-DP', 'UA-KV']);
  });
});
