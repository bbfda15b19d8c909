/** What a rights case is made of, checked the same way in the console, the API and the field app. */

import { z } from 'zod';
import { KEY_POPULATIONS, SEXES } from '../client.js';
import { orgCode } from '../schemas/identity.js';
import {
  CHANNELS,
  OUTCOMES,
  PERPETRATORS,
  RESPONSE_ACTIONS,
  RIGHTS_AGE_BANDS,
  STATUS_SAID,
  VIOLATIONS,
} from './taxonomy.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const rightsConsent = z
  .object({
    /** Agreed that the case is recorded at all. Without it nothing is kept. */
    record: z.literal(true, { error: 'The person must agree to the case being recorded' }),
    /** May be counted, anonymously, in advocacy and reports. */
    advocacy: z.boolean(),
    /** May be contacted for follow-up. */
    contact: z.boolean(),
  })
  .strict();

export const rightsAct = z
  .object({ violation: z.enum(VIOLATIONS), perpetrator: z.enum(PERPETRATORS) })
  .strict();

export const rightsCaseInput = z
  .object({
    /** The site that records the case (its organisation owns it). */
    siteCode: orgCode,
    /** A coarse place: an org unit at city or district level, never an address. */
    placeCode: orgCode,
    occurredOn: isoDate,
    channel: z.enum(CHANNELS),
    person: z
      .object({
        sex: z.enum(SEXES),
        ageBand: z.enum(RIGHTS_AGE_BANDS),
        kp: z.enum(KEY_POPULATIONS).nullable(),
        hiv: z.enum(STATUS_SAID).default('not_said'),
        tb: z.enum(STATUS_SAID).default('not_said'),
      })
      .strict(),
    /** Links the case to a registered client; typed by the responder, hashed, never stored. */
    uic: z.string().max(40).nullable().optional(),
    consent: rightsConsent,
    acts: z.array(rightsAct).min(1, 'Name at least one act: what was done, and by whom').max(20),
    /** Sealed on arrival with a key of this case only; destroyed if consent is withdrawn. */
    narrative: z.string().max(20_000).default(''),
  })
  .strict();
export type RightsCaseInput = z.input<typeof rightsCaseInput>;

export const rightsResponseInput = z
  .object({
    action: z.enum(RESPONSE_ACTIONS),
    byReferral: z.boolean().default(false),
    date: isoDate,
    /** What was done, for the next responder; sealed like the narrative. */
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

export const rightsFollowUpInput = z
  .object({ dueDate: isoDate, note: z.string().trim().max(2000).default('') })
  .strict();

export const rightsCloseInput = z
  .object({
    outcome: z.enum(OUTCOMES),
    /** Closing with follow-ups still to do says so: they are cancelled, not left open. */
    cancelOpenFollowUps: z.boolean().default(false),
  })
  .strict();
