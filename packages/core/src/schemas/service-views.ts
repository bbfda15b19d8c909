/**
 * What the service API answers for a clinic's OST register and a site's referrals: declared on the
 * routes, and the console's types come from here (z.infer), not from a hand copy.
 */

import { z } from 'zod';
import type { ContactItem } from '../contact-items.js';

export const ostRegisterRow = z.object({
  clientId: z.string(),
  clientRef: z.string(),
  startDate: z.string(),
  medicine: z.string().nullable(),
  lastDoseDate: z.string().nullable(),
  lastDoseMg: z.number().nullable(),
  prescription: z
    .object({
      medicine: z.string(),
      mg: z.number(),
      takeHomeDays: z.number(),
      validFrom: z.string(),
    })
    .nullable(),
  daysSinceDose: z.number(),
  missed: z.boolean(),
  dosedToday: z.boolean(),
});
export type OstRegisterRow = z.infer<typeof ostRegisterRow>;

export const referralRow = z.object({
  id: z.string(),
  clientId: z.string(),
  clientRef: z.string(),
  service: z.string(),
  provider: z.string().nullable(),
  siteCode: z.string(),
  issuedDate: z.string(),
  dueDate: z.string(),
  status: z.string(),
  completedDate: z.string().nullable(),
  overdueDays: z.number(),
});
export type ReferralRow = z.infer<typeof referralRow>;

/** A referral as a client's history and a phone's caseload show it. */
export const referralBrief = z.object({
  id: z.string(),
  service: z.string(),
  issuedDate: z.string(),
  dueDate: z.string(),
  status: z.string(),
});

/** A client's history in one list: contacts (corrections and voids marked), referrals, OST episodes. */
export const timelineContact = z.object({
  id: z.string(),
  date: z.string(),
  time: z.string().nullable(),
  site: z.object({ code: z.string(), name: z.string() }),
  placeType: z.string(),
  worker: z.string().nullable(),
  // Items pass whole, as recorded: their shape is the contact-item contract (contact-items.ts).
  items: z.array(z.custom<ContactItem>()),
  status: z.enum(['active', 'voided', 'superseded']),
  voidReason: z.string().nullable(),
  supersedesId: z.string().nullable(),
  source: z.string(),
});
export type TimelineContact = z.infer<typeof timelineContact>;

export const timelineSchema = z.object({
  contacts: z.array(timelineContact),
  referrals: z.array(referralBrief.extend({ completedDate: z.string().nullable(), siteCode: z.string() })),
  ostEpisodes: z.array(
    z.object({
      startDate: z.string(),
      stopDate: z.string().nullable(),
      medicine: z.string().nullable(),
      lastDoseDate: z.string().nullable(),
      lastDoseMg: z.number().nullable(),
      siteCode: z.string(),
    }),
  ),
  /**
   * Records at sites outside the reader's subtrees, left out because the programme does not share
   * history (always zeros when it does): the reader knows there is more, not what.
   */
  elsewhere: z.object({ contacts: z.number(), referrals: z.number(), ostEpisodes: z.number() }),
});
export type Timeline = z.infer<typeof timelineSchema>;
