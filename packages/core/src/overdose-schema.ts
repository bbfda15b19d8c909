/** The shape of an overdose event (see overdose.ts), for the server, the console and the sync protocol. */

import { z } from 'zod';
import { MAX_OVERDOSE_DOSES, OVERDOSE_OUTCOMES, OVERDOSE_PLACES } from './overdose.js';

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
