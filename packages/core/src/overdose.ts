/**
 * An overdose responded to: one event, with or without a client. Peers respond to overdoses of
 * people who are not clients, or whose code nobody can ask while they are unconscious, so an event
 * never needs a client; it records when, the kind of place (never an address), whether an ambulance
 * was called, the naloxone doses given and the outcome. The same shape comes from the field app
 * (sync item `overdose.record`), the console and the API.
 */

import { z } from 'zod';

/** Kinds of place, never an address: an address can lead police to a home or a hotspot. */
export const OVERDOSE_PLACES = ['public_place', 'home', 'drop_in', 'shelter', 'vehicle', 'other'] as const;
export type OverdosePlace = (typeof OVERDOSE_PLACES)[number];

export const OVERDOSE_OUTCOMES = ['survived', 'died', 'unknown'] as const;
export type OverdoseOutcome = (typeof OVERDOSE_OUTCOMES)[number];

/** At most this many naloxone doses are believable for one overdose (a dose is one ampoule or spray). */
export const MAX_OVERDOSE_DOSES = 20;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

/** What an overdose event says, whoever records it. */
export const overdoseFields = {
  /** The site whose worker responded. */
  siteCode: z.string().min(1).max(40),
  /** The client, when the person is one; null for someone who is not (or not known to be) a client. */
  clientId: z.uuid().nullable(),
  date: isoDate,
  time: clockTime.nullable(),
  place: z.enum(OVERDOSE_PLACES),
  ambulance: z.boolean(),
  /** Naloxone doses given by the responder; 0 when none was given (e.g. rescue breathing only). */
  doses: z.number().int().min(0).max(MAX_OVERDOSE_DOSES),
  outcome: z.enum(OVERDOSE_OUTCOMES),
};

export const overdoseInput = z.object(overdoseFields).strict();
export type OverdoseInput = z.infer<typeof overdoseInput>;

/** How the API shows an event: no client code, only whether the person was a client. */
export const overdoseView = z.object({
  id: z.string(),
  site: z.string(),
  date: z.string(),
  time: z.string().nullable(),
  place: z.enum(OVERDOSE_PLACES),
  ambulance: z.boolean(),
  doses: z.number(),
  outcome: z.enum(OVERDOSE_OUTCOMES),
  client: z.boolean(),
  source: z.string(),
  voided: z.boolean(),
});
export type OverdoseView = z.infer<typeof overdoseView>;

/**
 * `naloxone.reversals` counts an overdose event once when naloxone was given and the person survived:
 * not the doses, and never a death or an unknown outcome.
 */
export function isReversal(e: { doses: number; outcome: string }): boolean {
  return e.doses > 0 && e.outcome === 'survived';
}
