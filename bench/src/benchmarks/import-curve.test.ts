import { describe, expect, it } from 'vitest';
import { rowsOfLine, tenthRates } from './import-curve.js';

describe('the import curve', () => {
  it('is flat for an import that keeps its rate, whatever the sampling', () => {
    const samples = [0, 0.7, 3.1, 4, 9.9, 10].map((seconds) => ({
      seconds,
      rows: Math.round(seconds * 1000),
    }));
    expect(tenthRates([{ seconds: 0, rows: 0 }, ...samples], 10_000).map(Math.round)).toEqual(
      Array(10).fill(1000),
    );
  });

  it('falls where the import slowed, and starts when rows began to move', () => {
    const samples = [
      { seconds: 0, rows: 0 },
      { seconds: 2, rows: 0 }, // opening the database
      { seconds: 7, rows: 5000 }, // 1,000 rows/s
      { seconds: 17, rows: 10_000 }, // then 500
    ];
    expect(tenthRates(samples, 10_000).map(Math.round)).toEqual([
      1000, 1000, 1000, 1000, 1000, 500, 500, 500, 500, 500,
    ]);
  });

  it('gives nothing for samples that never reach the end', () => {
    expect(
      tenthRates(
        [
          { seconds: 0, rows: 0 },
          { seconds: 1, rows: 10 },
        ],
        100,
      ),
    ).toEqual([]);
  });

  it('reads the progress line and nothing else', () => {
    expect(rowsOfLine('Importing: 1200000 rows read (43% of the file)')).toBe(1_200_000);
    expect(rowsOfLine('Vacuuming and analysing the database after the import…')).toBeNull();
  });
});
