/**
 * OST episodes from start/dose/stop events (docs/indicators.md): an episode starts at `start`, ends at
 * `stop` (the stop date is the first day off treatment); a `dose` with no open episode opens one on
 * that date. A client is active on day d if an episode started on or before d and did not stop on or before d.
 *
 * Lost to treatment (docs/monitoring.md): a programme sets how many days without a dose end an
 * episode (`ostLostAfterDays`). An episode whose last dose (or start, before any dose) lies more than
 * that many days before the next event — or before today, for the open one — ended as `lost` on the
 * first day without a dose. A dose after such a gap opens a new episode. Reports and retention
 * cohorts use the same rule, so a client who stopped coming is never counted as retained.
 */

import { addDays } from './dates.js';

/** Why an episode ended. `lost` is set by the rule above, never chosen. */
export const OST_STOP_REASONS = [
  'completed',
  'transferred',
  'discharged',
  'voluntary',
  'incarcerated',
  'died',
  'other',
] as const;
export type OstStopReason = (typeof OST_STOP_REASONS)[number] | 'lost';

/** Days without a dose that end an episode, when a programme has not said. */
export const DEFAULT_OST_LOST_AFTER_DAYS = 30;

export interface OstEvent {
  date: string;
  event: 'start' | 'dose' | 'stop';
  medicine?: string | null;
  mg?: number | null;
  contactId?: string;
  /** For a stop: why. */
  reason?: string | null;
}

export interface OstEpisode {
  startDate: string;
  stopDate: string | null;
  stopReason: string | null;
  medicine: string | null;
  lastDoseDate: string | null;
  lastDoseMg: number | null;
  startContactId: string | null;
}

const ORDER = { start: 0, dose: 1, stop: 2 } as const;

/** The last day the client was seen on treatment: the last dose, or the start before any dose. */
const lastSeen = (ep: Pick<OstEpisode, 'startDate' | 'lastDoseDate'>) => ep.lastDoseDate ?? ep.startDate;

/**
 * Rebuilds a client's episodes from all their events, in date order (start, then doses, then stop on
 * one day), ending as `lost` any episode with a gap of more than `lostAfterDays` without a dose.
 */
export function deriveEpisodes(
  events: readonly OstEvent[],
  lostAfterDays = Number.POSITIVE_INFINITY,
): OstEpisode[] {
  const sorted = [...events].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || ORDER[a.event] - ORDER[b.event],
  );
  const episodes: OstEpisode[] = [];
  let open: OstEpisode | null = null;
  const openAt = (e: OstEvent) => {
    const ep: OstEpisode = {
      startDate: e.date,
      stopDate: null,
      stopReason: null,
      medicine: e.medicine ?? null,
      lastDoseDate: null,
      lastDoseMg: null,
      startContactId: e.contactId ?? null,
    };
    episodes.push(ep);
    return ep;
  };
  for (const e of sorted) {
    // A gap longer than the programme allows ended the open episode on its first day without a dose.
    if (open && Number.isFinite(lostAfterDays) && addDays(lastSeen(open), lostAfterDays) < e.date) {
      open.stopDate = addDays(lastSeen(open), 1);
      open.stopReason = 'lost';
      open = null;
    }
    if (e.event === 'start') {
      // A second start while an episode is open continues it (a re-registration, not a new episode).
      if (!open) open = openAt(e);
      else if (e.medicine && !open.medicine) open.medicine = e.medicine;
    } else if (e.event === 'dose') {
      if (!open) open = openAt(e);
      open.lastDoseDate = e.date;
      open.lastDoseMg = e.mg ?? open.lastDoseMg;
      if (e.medicine && !open.medicine) open.medicine = e.medicine;
    } else if (open) {
      open.stopDate = e.date;
      open.stopReason = e.reason ?? null;
      open = null;
    }
  }
  return episodes;
}

/**
 * When an episode ends as far as `today` knows: its recorded stop, or — for an open one whose last
 * dose is more than `lostAfterDays` ago — the first day without a dose, as `lost`.
 */
export function episodeEnd(
  ep: { startDate: string; stopDate: string | null; stopReason?: string | null; lastDoseDate: string | null },
  today: string,
  lostAfterDays: number,
): { stopDate: string | null; stopReason: string | null } {
  if (ep.stopDate !== null) return { stopDate: ep.stopDate, stopReason: ep.stopReason ?? null };
  if (addDays(lastSeen(ep), lostAfterDays) < today)
    return { stopDate: addDays(lastSeen(ep), 1), stopReason: 'lost' };
  return { stopDate: null, stopReason: null };
}

export function activeOn(ep: Pick<OstEpisode, 'startDate' | 'stopDate'>, day: string): boolean {
  return ep.startDate <= day && (ep.stopDate === null || ep.stopDate > day);
}
