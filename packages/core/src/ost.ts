/**
 * OST episodes from start/dose/stop events (docs/indicators.md): an episode starts at `start`, ends at
 * `stop` (the stop date is the first day off treatment); a `dose` with no open episode opens one on
 * that date. A client is active on day d if an episode started on or before d and did not stop on or before d.
 */

export interface OstEvent {
  date: string;
  event: 'start' | 'dose' | 'stop';
  medicine?: string | null;
  mg?: number | null;
  contactId?: string;
}

export interface OstEpisode {
  startDate: string;
  stopDate: string | null;
  medicine: string | null;
  lastDoseDate: string | null;
  lastDoseMg: number | null;
  startContactId: string | null;
}

const ORDER = { start: 0, dose: 1, stop: 2 } as const;

/** Rebuilds a client's episodes from all their events, in date order (start, then doses, then stop on one day). */
export function deriveEpisodes(events: readonly OstEvent[]): OstEpisode[] {
  const sorted = [...events].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || ORDER[a.event] - ORDER[b.event],
  );
  const episodes: OstEpisode[] = [];
  let open: OstEpisode | null = null;
  const openAt = (e: OstEvent) => {
    open = {
      startDate: e.date,
      stopDate: null,
      medicine: e.medicine ?? null,
      lastDoseDate: null,
      lastDoseMg: null,
      startContactId: e.contactId ?? null,
    };
    episodes.push(open);
  };
  for (const e of sorted) {
    if (e.event === 'start') {
      // A second start while an episode is open continues it (a re-registration, not a new episode).
      if (!open) openAt(e);
      else if (e.medicine && !(open as OstEpisode).medicine) (open as OstEpisode).medicine = e.medicine;
    } else if (e.event === 'dose') {
      if (!open) openAt(e);
      const o = open as unknown as OstEpisode;
      o.lastDoseDate = e.date;
      o.lastDoseMg = e.mg ?? o.lastDoseMg;
      if (e.medicine && !o.medicine) o.medicine = e.medicine;
    } else if (open) {
      (open as OstEpisode).stopDate = e.date;
      open = null;
    }
  }
  return episodes;
}

export function activeOn(ep: Pick<OstEpisode, 'startDate' | 'stopDate'>, day: string): boolean {
  return ep.startDate <= day && (ep.stopDate === null || ep.stopDate > day);
}
