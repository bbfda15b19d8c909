import { describe, expect, it } from 'vitest';
import { recoveredSmallCounts } from '../indicators/linear-attacker.js';
import { achievedShare, framedPeriods, hideHoldingPeriods, targetFor } from './results.js';

describe('targets against achieved', () => {
  it('reads a target as set, and splits a yearly one into quarters only where the project says so', () => {
    const split = { targets: { '2026': 180_000, '2026Q2': 50_000 }, splitYearly: true };
    expect(targetFor(split, '2026')).toBe(180_000);
    expect(targetFor(split, '2026Q1')).toBe(45_000);
    // A quarter's own target wins over the split.
    expect(targetFor(split, '2026Q2')).toBe(50_000);
    expect(targetFor({ ...split, splitYearly: false }, '2026Q1')).toBeNull();
    expect(targetFor(split, '2027Q1')).toBeNull();
    expect(framedPeriods(split)).toEqual(['2026', '2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    expect(framedPeriods({ targets: { '2026Q1': 1, '2025': 2, '202601': 3 }, splitYearly: false })).toEqual([
      '2025',
      '202601',
      '2026Q1',
    ]);
  });

  it('gives the share achieved: 264,342 of 180,000 is 146.9%', () => {
    expect(achievedShare(264_342, 180_000)).toBeCloseTo(1.4686, 4);
    expect(achievedShare(null, 10)).toBeNull();
    expect(achievedShare(5, 0)).toBeNull();
  });
});

describe('a member’s suppressed counts across the framework’s periods', () => {
  const periods = ['2026', '2026Q1', '2026Q2', '2026Q3', '2026Q4'];
  // Finest cells: the four quarters; the year is their sum.
  const of = [[0, 1, 2, 3], [0], [1], [2], [3]];

  it('hides the year that holds a hidden quarter, so the year less the other quarters gives nothing', () => {
    const quarters = [40, 3, 25, 30];
    const shown = ['<5', 40, '<5', 25, 30];
    const before = periods.map((_, i) => ({ value: i === 0 ? 98 : shown[i]!, of: of[i]! }));
    expect(recoveredSmallCounts(quarters, before, 5)).toHaveLength(1);
    const after = hideHoldingPeriods(periods, [98, 40, '<5', 25, 30], '<5');
    expect(after).toEqual(['<5', 40, '<5', 25, 30]);
    expect(
      recoveredSmallCounts(
        quarters,
        after.map((value, i) => ({ value, of: of[i]! })),
        5,
      ),
    ).toEqual([]);
  });

  it('hides upwards through every level: a month hides its quarter, the quarter its year', () => {
    expect(hideHoldingPeriods(['2026', '2026Q1', '202602', '2026Q2'], [90, 30, '<5', 60], '<5')).toEqual([
      '<5',
      '<5',
      '<5',
      60,
    ]);
    // Nothing hidden, nothing changed; other years are not held.
    expect(hideHoldingPeriods(['2025', '2026Q1'], [90, '<5'], '<5')).toEqual([90, '<5']);
  });
});
