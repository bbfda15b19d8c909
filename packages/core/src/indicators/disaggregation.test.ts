import { describe, expect, it } from 'vitest';
import { type AgeBandSet, ageBand, birthYearRanges } from './disaggregation.js';

describe('birth-year ranges for reporting people in classes', () => {
  const end = 2026;
  const rangeOf = (ranges: { from: number; year: number }[], year: number) =>
    ranges.find((r) => year >= r.from)!;

  for (const set of ['gf', 'gam', 'fine'] as AgeBandSet[]) {
    it(`puts every birth year in the same ${set} band as its range's representative`, () => {
      const ranges = birthYearRanges(set, end);
      for (let year = 1880; year <= 2030; year++)
        expect(ageBand(set, end - rangeOf(ranges, year).year), String(year)).toBe(ageBand(set, end - year));
      // One range per band: the classes are as few as the breakdown allows.
      expect(ranges).toHaveLength(new Set(ranges.map((r) => ageBand(set, end - r.year))).size);
    });
  }

  it('keeps every known year in one range without an age breakdown', () => {
    expect(birthYearRanges(null, end)).toEqual([{ from: Number.NEGATIVE_INFINITY, year: end }]);
  });

  it('puts an age exactly on a band edge in the upper band', () => {
    const ranges = birthYearRanges('gf', end);
    expect(ageBand('gf', end - rangeOf(ranges, end - 15).year)).toBe('15-19');
    expect(ageBand('gf', end - rangeOf(ranges, end - 14).year)).toBe('<15');
  });
});
