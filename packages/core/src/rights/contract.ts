/** What the rights API answers: the server's return types and the console's types come from these schemas. */

import { z } from 'zod';

const unitRef = z.object({ code: z.string(), name: z.string() });

/** A case in a list: never the narrative or a note. */
export const caseSummarySchema = z.object({
  id: z.string(),
  ref: z.string(),
  occurredOn: z.string(),
  place: z.string(),
  site: z.string(),
  channel: z.string(),
  violations: z.array(z.string()),
  perpetrators: z.array(z.string()),
  status: z.string(),
  outcome: z.string().nullable(),
  nextFollowUp: z.string().nullable(),
  withdrawn: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** One case with its narrative and notes (the reading is audited). */
export const caseDetailSchema = z.object({
  id: z.string(),
  ref: z.string(),
  occurredOn: z.string(),
  place: unitRef,
  site: unitRef,
  channel: z.string(),
  person: z.object({
    sex: z.string(),
    ageBand: z.string(),
    kp: z.string().nullable(),
    hiv: z.string(),
    tb: z.string(),
  }),
  linkedToClient: z.boolean(),
  consent: z.object({ advocacy: z.boolean(), contact: z.boolean(), withdrawnAt: z.string().nullable() }),
  consentHistory: z.array(
    z.object({ at: z.string(), record: z.boolean(), advocacy: z.boolean(), contact: z.boolean() }),
  ),
  acts: z.array(z.object({ violation: z.string(), perpetrator: z.string() })),
  narrative: z.string().nullable(),
  responses: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      byReferral: z.boolean(),
      date: z.string(),
      note: z.string().nullable(),
    }),
  ),
  followUps: z.array(
    z.object({
      id: z.string(),
      dueDate: z.string(),
      doneOn: z.string().nullable(),
      cancelledOn: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  status: z.string(),
  outcome: z.string().nullable(),
  closedOn: z.string().nullable(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const followUpDueSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  ref: z.string(),
  dueDate: z.string(),
  overdue: z.boolean(),
});
export type FollowUpDue = z.infer<typeof followUpDueSchema>;

export const caseCreatedSchema = z.object({ id: z.string(), ref: z.string() });

export const keyRotationSchema = z.object({
  rotated: z.boolean(),
  version: z.number().optional(),
  caseKeys: z.number(),
});
