import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, futureDayIssue, latestRecordedDay } from './dates.js';

describe('the one rule for days recorded ahead of the server', () => {
  it('takes tomorrow (a phone a time zone ahead) and refuses the day after, naming the field', () => {
    expect(latestRecordedDay('2026-12-31')).toBe('2027-01-01');
    expect(futureDayIssue('occurredOn', '2027-01-01', '2026-12-31')).toBeNull();
    expect(futureDayIssue('occurredOn', '2027-01-02', '2026-12-31')).toEqual({
      field: 'occurredOn',
      value: '2027-01-02',
      rule: 'future',
      message: 'The date is in the future (today is 2026-12-31)',
    });
  });
});

describe('adding days', () => {
  // The way it was first written: a Date, and its ISO string.
  const byDate = (iso: string, days: number) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  it('gives the same day as the calendar, across months, leap years and centuries', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -40_000, max: 40_000 }),
        (date, days) => {
          const iso = date.toISOString().slice(0, 10);
          expect(addDays(iso, days)).toBe(byDate(iso, days));
        },
      ),
      { numRuns: 5000 },
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-09-30', 182)).toBe('2027-03-31');
  });

  it('treats a day that does not exist as before (callers check dates first)', () => {
    expect(addDays('2026-02-30', 1)).toBe(byDate('2026-02-30', 1));
    expect(addDays('2026-04-31', 0)).toBe(byDate('2026-04-31', 0));
    expect(() => addDays('not a day', 1)).toThrow(RangeError);
  });
});
