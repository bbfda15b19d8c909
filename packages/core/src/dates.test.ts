import { describe, expect, it } from 'vitest';
import { futureDayIssue, latestRecordedDay } from './dates.js';

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
