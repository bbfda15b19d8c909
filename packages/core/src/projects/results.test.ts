import { describe, expect, it } from 'vitest';
import { achievedShare, framedPeriods, targetFor } from './results.js';

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
