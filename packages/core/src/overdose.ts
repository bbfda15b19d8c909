/**
 * An overdose responded to: one event, with or without a client. Peers respond to overdoses of
 * people who are not clients, or whose code nobody can ask while they are unconscious, so an event
 * never needs a client; it records when, the kind of place (never an address), whether an ambulance
 * was called, the naloxone doses given and the outcome. The same shape comes from the field app
 * (sync item `overdose.record`), the console and the API; its schema is in overdose-schema.ts, apart,
 * so the field app takes these words without the validation library.
 */

/** Kinds of place, never an address: an address can lead police to a home or a hotspot. */
export const OVERDOSE_PLACES = ['public_place', 'home', 'drop_in', 'shelter', 'vehicle', 'other'] as const;
export type OverdosePlace = (typeof OVERDOSE_PLACES)[number];

export const OVERDOSE_OUTCOMES = ['survived', 'died', 'unknown'] as const;
export type OverdoseOutcome = (typeof OVERDOSE_OUTCOMES)[number];

/** At most this many naloxone doses are believable for one overdose (a dose is one ampoule or spray). */
export const MAX_OVERDOSE_DOSES = 20;

/**
 * `naloxone.reversals` counts an overdose event once when naloxone was given and the person survived:
 * not the doses, and never a death or an unknown outcome.
 */
export function isReversal(e: { doses: number; outcome: string }): boolean {
  return e.doses > 0 && e.outcome === 'survived';
}
