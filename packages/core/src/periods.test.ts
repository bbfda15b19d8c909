import { describe, expect, it } from 'vitest';
import { quarterOfMonth } from './dates.js';
import { groupQuarters, parsePeriod, periodDays, previousPeriod, splitByMonth } from './periods.js';

describe('DHIS2 periods', () => {
  const cases: [string, string, string][] = [
    ['20260115', '2026-01-15', '2026-01-15'],
    ['2026W1', '2025-12-29', '2026-01-04'],
    ['2026W3', '2026-01-12', '2026-01-18'],
    ['2020W53', '2020-12-28', '2021-01-03'],
    ['202601', '2026-01-01', '2026-01-31'],
    ['202402', '2024-02-01', '2024-02-29'],
    ['2026Q1', '2026-01-01', '2026-03-31'],
    ['2026Q4', '2026-10-01', '2026-12-31'],
    ['2026S1', '2026-01-01', '2026-06-30'],
    ['2026S2', '2026-07-01', '2026-12-31'],
    ['2026', '2026-01-01', '2026-12-31'],
    ['2026April', '2026-04-01', '2027-03-31'],
    ['2026July', '2026-07-01', '2027-06-30'],
    ['2026Oct', '2026-10-01', '2027-09-30'],
    ['2026-01-10/2026-02-20', '2026-01-10', '2026-02-20'],
  ];
  for (const [id, start, end] of cases) {
    it(`${id} is ${start} to ${end}`, () => {
      expect(parsePeriod(id)).toMatchObject({ id, start, end });
    });
  }

  it('refuses what is not a period', () => {
    for (const bad of [
      '2026Q5',
      '202613',
      '20260230',
      '2026W54',
      '2021W53',
      '2026-03-01/2026-01-01',
      'last quarter',
      '2026S3',
      '2026Jan',
    ])
      expect(parsePeriod(bad), bad).toBeNull();
  });

  it('counts days and steps back', () => {
    expect(periodDays(parsePeriod('2024')!)).toBe(366);
    expect(previousPeriod(parsePeriod('2026Q1')!).id).toBe('2025Q4');
    expect(previousPeriod(parsePeriod('202601')!).id).toBe('202512');
    expect(previousPeriod(parsePeriod('2026-01-10/2026-01-19')!)).toMatchObject({
      start: '2025-12-31',
      end: '2026-01-09',
    });
  });

  it('splits a period into whole months and edge days', () => {
    expect(splitByMonth(parsePeriod('2026Q1')!)).toEqual({
      months: ['2026-01', '2026-02', '2026-03'],
      edges: [],
    });
    expect(splitByMonth(parsePeriod('2026-01-10/2026-03-05')!)).toEqual({
      months: ['2026-02'],
      edges: [
        { start: '2026-01-10', end: '2026-01-31' },
        { start: '2026-03-01', end: '2026-03-05' },
      ],
    });
    expect(splitByMonth(parsePeriod('2026W3')!)).toEqual({
      months: [],
      edges: [{ start: '2026-01-12', end: '2026-01-18' }],
    });
  });

  it('reads whole quarters by quarter and leftover months by month', () => {
    expect(quarterOfMonth('2026-01')).toBe('2026Q1');
    expect(quarterOfMonth('2026-09')).toBe('2026Q3');
    expect(quarterOfMonth('2026-10')).toBe('2026Q4');
    expect(groupQuarters(splitByMonth(parsePeriod('2026')!).months)).toEqual({
      quarters: ['2026Q1', '2026Q2', '2026Q3', '2026Q4'],
      months: [],
    });
    expect(groupQuarters(splitByMonth(parsePeriod('2026S1')!).months).quarters).toEqual(['2026Q1', '2026Q2']);
    expect(groupQuarters(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06'])).toEqual({
      quarters: ['2026Q2'],
      months: ['2026-02', '2026-03'],
    });
  });
});
