import { describe, expect, it } from 'vitest';
import { rightsTrends, type TrendRow } from './trends.js';

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

  it('hides small cells for anyone outside the programme', () => {
    const t = rightsTrends(rows, 5);
    expect(t.byViolation).toEqual({ confiscation: '<5', extortion: 8, police_violence: '<5' });
    // 9 cases: 2 in October would be 9 − 7, so November is hidden with it.
    expect(t.byMonth).toEqual({ '2026-10': '<5', '2026-11': '<5' });
    expect(t.suppression).toEqual({ threshold: 5 });
  });

  it('never leaves one hidden place that the total less the rest would give (total 6, Odesa 5, Kyiv 1)', () => {
    const cases = [
      ...Array.from({ length: 5 }, (_, i) => ({ ...row(`o${i}`, 'extortion'), place: 'UA-ODESA' })),
      { ...row('k1', 'extortion'), place: 'UA-KYIV' },
    ];
    const t = rightsTrends(cases, 5);
    expect(t.cases).toBe(6);
    expect(t.byPlace).toEqual({ 'UA-KYIV': '<5', 'UA-ODESA': '<5' });
    // Exact figures for the programme itself are untouched.
    expect(rightsTrends(cases, null).byPlace).toEqual({ 'UA-KYIV': 1, 'UA-ODESA': 5 });
  });
});
