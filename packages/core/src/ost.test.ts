import { describe, expect, it } from 'vitest';
import { activeOn, deriveEpisodes } from './ost.js';

describe('OST episodes (docs/indicators.md)', () => {
  it('opens at start, closes at stop (first day off), and a stop day is not active', () => {
    const [ep] = deriveEpisodes([
      { date: '2026-01-10', event: 'start', medicine: 'methadone' },
      { date: '2026-01-11', event: 'dose', mg: 60 },
      { date: '2026-03-31', event: 'stop' },
    ]);
    expect(ep).toMatchObject({
      startDate: '2026-01-10',
      stopDate: '2026-03-31',
      medicine: 'methadone',
      lastDoseDate: '2026-01-11',
      lastDoseMg: 60,
    });
    expect(activeOn(ep!, '2026-03-30')).toBe(true);
    expect(activeOn(ep!, '2026-03-31')).toBe(false);
    expect(activeOn(ep!, '2026-01-09')).toBe(false);
    expect(activeOn(ep!, '2026-01-10')).toBe(true);
  });

  it('lets a dose with no open episode open one on that date', () => {
    const eps = deriveEpisodes([
      { date: '2026-01-10', event: 'start' },
      { date: '2026-02-01', event: 'stop' },
      { date: '2026-02-15', event: 'dose', mg: 40 },
    ]);
    expect(eps.map((e) => [e.startDate, e.stopDate])).toEqual([
      ['2026-01-10', '2026-02-01'],
      ['2026-02-15', null],
    ]);
  });

  it('orders same-day events start, dose, stop and ignores a stop without an episode', () => {
    const eps = deriveEpisodes([
      { date: '2026-01-05', event: 'stop' },
      { date: '2026-01-10', event: 'stop' },
      { date: '2026-01-10', event: 'start' },
    ]);
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ startDate: '2026-01-10', stopDate: '2026-01-10' });
  });
});
