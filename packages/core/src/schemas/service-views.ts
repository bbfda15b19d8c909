/**
 * What the service API answers for a clinic's OST register and a site's referrals: declared on the
 * routes, and the console's types come from here (z.infer), not from a hand copy.
 */

import { z } from 'zod';

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
