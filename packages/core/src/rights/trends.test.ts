import { describe, expect, it } from 'vitest';
import { treeYearPattern } from '../indicators/event-suppression.js';
import { type PublishedSum, recoveredSmallCounts } from '../indicators/linear-attacker.js';
import { parsePeriod } from '../periods.js';
import { rightsTrends, type TrendRow, type TrendsSuppression, trendFigures } from './trends.js';

const row = (
  caseId: string,
  violation: string,
  perpetrator = 'police',
  month = '2026-10',
  outcome: string | null = null,
): TrendRow => ({
  caseId,
  month,
  place: 'UA-ODESA',
  violation,
  perpetrator,
  responded: caseId !== 'c3',
  outcome,
});

describe('rights trends', () => {
  const rows = [
    row('c1', 'extortion'),
    row('c1', 'police_violence'),
    row('c2', 'extortion', 'police', '2026-10', 'resolved'),
    row('c3', 'confiscation', 'other_law_enforcement', '2026-11'),
    ...Array.from({ length: 6 }, (_, i) => row(`x${i}`, 'extortion', 'police', '2026-11')),
  ];

  it('counts cases, not acts, in every breakdown', () => {
    const t = rightsTrends(rows, null);
    expect(t.cases).toBe(9);
    expect(t.byViolation).toEqual({ confiscation: 1, extortion: 8, police_violence: 1 });
    expect(t.byPerpetrator).toEqual({ other_law_enforcement: 1, police: 8 });
    expect(t.byMonth).toEqual({ '2026-10': 2, '2026-11': 7 });
    expect(t.byMonthViolation['2026-11']).toEqual({ confiscation: 1, extortion: 6 });
    expect(t.responded).toBe(8);
    expect(t.byOutcome).toEqual({ resolved: 1 });
  });

  /** The suppression a server gives an answer for one site: the year's pattern over a one-unit tree. */
  const suppressed = (all: readonly TrendRow[], period: string): TrendsSuppression => {
    const pattern = treeYearPattern(
      trendFigures(all.map((r) => ({ ...r, unit: 'SITE' }))),
      [{ code: 'SITE', parent: null }],
      5,
    );
    return {
      threshold: 5,
      hidden: (series, month) =>
        pattern.hidden(series, 'SITE', parsePeriod(month ? month.replace('-', '') : period)!) === true,
    };
  };

  it('hides small cells for anyone outside the programme, and the month the quarter less the other would give', () => {
    const t = rightsTrends(rows, suppressed(rows, '2026Q4'));
    expect(t.byViolation).toMatchObject({ confiscation: '<5', police_violence: '<5' });
    // 9 cases: 2 in October would be 9 − 7, so November is hidden with it.
    expect(t.byMonth).toEqual({ '2026-10': '<5', '2026-11': '<5' });
    expect(t.cases).toBe(9);
    expect(t.suppression).toEqual({ threshold: 5 });
  });

  it('gives nothing back when answers for a quarter and its months are put together', () => {
    const cases = [
      ...Array.from({ length: 10 }, (_, i) => row(`j${i}`, 'extortion', 'police', '2026-01')),
      ...Array.from({ length: 10 }, (_, i) => row(`f${i}`, 'extortion', 'police', '2026-02')),
      ...Array.from({ length: 3 }, (_, i) => row(`m${i}`, 'extortion', 'police', '2026-03')),
    ];
    const months = ['2026-01', '2026-02', '2026-03'];
    const answer = (period: string, from: string, to: string) =>
      rightsTrends(
        cases.filter((r) => r.month >= from && r.month <= to),
        suppressed(cases, period),
      );
    // Each answer's total over the months it covers (finest cells: the three months).
    const published: PublishedSum[] = [
      { value: answer('2026Q1', '2026-01', '2026-03').cases, of: [0, 1, 2] },
      ...months.map((m, i) => ({ value: answer(m.replace('-', ''), m, m).cases, of: [i] })),
    ];
    expect(published.some((p) => typeof p.value === 'string')).toBe(true);
    expect(recoveredSmallCounts([10, 10, 3], published, 5)).toEqual([]);
    // Suppressed alone, March would come back: 23 − 10 − 10.
    const alone = published.map((p) => {
      const n = p.of.reduce((t, i) => t + [10, 10, 3][i]!, 0);
      return { ...p, value: n < 5 ? '<5' : n };
    });
    expect(recoveredSmallCounts([10, 10, 3], alone, 5)).toHaveLength(1);
  });

  it('leaves the place breakdown out of suppressed answers (total 6, Odesa 5, Kyiv 1 once gave Kyiv away)', () => {
    const cases = [
      ...Array.from({ length: 5 }, (_, i) => ({ ...row(`o${i}`, 'extortion'), place: 'UA-ODESA' })),
      { ...row('k1', 'extortion'), place: 'UA-KYIV' },
    ];
    const t = rightsTrends(cases, suppressed(cases, '2026Q4'));
    expect(t.cases).toBe(6);
    expect(t.byPlace).toEqual({});
    // Exact figures for the programme itself are untouched.
    expect(rightsTrends(cases, null).byPlace).toEqual({ 'UA-KYIV': 1, 'UA-ODESA': 5 });
  });
});
