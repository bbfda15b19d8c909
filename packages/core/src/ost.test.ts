import { describe, expect, it } from 'vitest';
import { activeOn, deriveEpisodes, episodeEnd } from './ost.js';

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

describe('lost to treatment', () => {
  it('ends an episode as lost on the first day without a dose once the gap passes the limit, and a later dose opens a new one', () => {
    const eps = deriveEpisodes(
      [
        { date: '2026-01-10', event: 'start', medicine: 'methadone' },
        { date: '2026-01-20', event: 'dose', mg: 60 },
        // 31 days after the last dose: more than 30, so the first episode ended on 2026-01-21.
        { date: '2026-02-20', event: 'dose', mg: 40 },
        // 30 days after: not more than 30, the episode goes on.
        { date: '2026-03-22', event: 'dose', mg: 40 },
        { date: '2026-04-01', event: 'stop', reason: 'transferred' },
      ],
      30,
    );
    expect(eps.map((e) => [e.startDate, e.stopDate, e.stopReason])).toEqual([
      ['2026-01-10', '2026-01-21', 'lost'],
      ['2026-02-20', '2026-04-01', 'transferred'],
    ]);
  });

  it('ends an open episode as lost only once today is past the limit, from the start when no dose was given', () => {
    const open = { startDate: '2026-01-10', stopDate: null, lastDoseDate: '2026-02-01' };
    expect(episodeEnd(open, '2026-03-03', 30)).toEqual({ stopDate: null, stopReason: null });
    expect(episodeEnd(open, '2026-03-04', 30)).toEqual({ stopDate: '2026-02-02', stopReason: 'lost' });
    expect(episodeEnd({ ...open, lastDoseDate: null }, '2026-02-10', 30)).toEqual({
      stopDate: '2026-01-11',
      stopReason: 'lost',
    });
    // A recorded stop stands.
    expect(
      episodeEnd({ ...open, stopDate: '2026-02-05', stopReason: 'completed' }, '2027-01-01', 30),
    ).toEqual({ stopDate: '2026-02-05', stopReason: 'completed' });
  });
});
