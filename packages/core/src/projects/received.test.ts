import { describe, expect, it } from 'vitest';
import { cellOf, checkSentValues, DHIS2_DEFAULT_COMBO, periodFromAdx } from './received.js';

describe('values from members’ own servers', () => {
  const mapping = {
    dataElements: { DE_REACH: 'reached' },
    units: new Map<string, string | 'outside'>([
      ['BRC', 'u-brc'],
      ['SLN', 'outside'],
    ]),
  };

  it('keeps good values and gathers each refusal by field, object and reason', () => {
    const { accepted, conflicts } = checkSentValues(
      [
        { dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'BRC', value: '12' },
        { dataElement: 'nsp.syringes', period: '202508', orgUnit: 'BRC', value: 40 },
        { dataElement: 'DE_X', period: '2025Q3', orgUnit: 'BRC', value: '1' },
        { dataElement: 'DE_X', period: '2025Q4', orgUnit: 'BRC', value: '1' },
        { dataElement: 'reached', period: '2025-01-01/2025-03-31', orgUnit: 'BRC', value: '1' },
        { dataElement: 'reached', period: '2025Q3', orgUnit: 'SLN', value: '1' },
        { dataElement: 'reached', period: '2025Q3', orgUnit: 'BRC', value: '-3' },
        { dataElement: 'reached', period: '2025Q3', orgUnit: 'BRC', value: '13' },
      ],
      mapping,
    );
    expect(accepted.map((a) => [a.indicator, a.period, a.unitId, a.cell, a.value])).toEqual([
      ['reached', '2025Q3', 'u-brc', '', 12],
      ['nsp.syringes', '202508', 'u-brc', '', 40],
    ]);
    expect(conflicts.map((c) => [c.property, c.object, c.indexes])).toEqual([
      ['dataElement', 'DE_X', [2, 3]],
      // A date range is Harbour's own, not DHIS2's.
      ['period', '2025-01-01/2025-03-31', [4]],
      ['orgUnit', 'SLN', [5]],
      ['value', '-3', [6]],
      // The mapped element and the indicator's own id are the same figure: the first one is kept.
      ['dataElement', 'reached', [7]],
    ]);
  });

  it('reads DHIS2’s default combo as the total, other combos and ADX categories as cells', () => {
    expect(cellOf({ categoryOptionCombo: DHIS2_DEFAULT_COMBO })).toBe('');
    expect(cellOf({})).toBe('');
    expect(cellOf({ categoryOptionCombo: 'COC_F' })).toBe('coc=COC_F');
    expect(cellOf({ categories: { SEX: 'F', AGE: '25_49' } })).toBe('AGE=25_49;SEX=F');
  });

  it('turns ADX periods into DHIS2 period ids, and refuses what is not one', () => {
    expect(periodFromAdx('2026-01-01/P3M')).toBe('2026Q1');
    expect(periodFromAdx('2026-10-01/P3M')).toBe('2026Q4');
    expect(periodFromAdx('2026-03-01/P1M')).toBe('202603');
    expect(periodFromAdx('2026-01-01/P1Y')).toBe('2026');
    expect(periodFromAdx('2026-07-01/P6M')).toBe('2026S2');
    expect(periodFromAdx('2026-03-05/P1D')).toBe('20260305');
    expect(periodFromAdx('2026-02-01/P3M')).toBeNull();
    expect(periodFromAdx('2026-03-05/P1M')).toBeNull();
    expect(periodFromAdx('2026Q1')).toBeNull();
  });
});
