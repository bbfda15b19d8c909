/** What the grants API answers: the console's and the public page's types come from these schemas. */

import { z } from 'zod';
import { CALL_LANGUAGES, FILE_TYPES, FORM_FIELD_KINDS, REPORT_KINDS } from './call.js';
import { GRANT_STATUSES } from './grant.js';

const words = z.record(z.string(), z.string());
const phase = z.enum(['upcoming', 'open', 'closed']);
export const SCREENINGS = ['pending', 'eligible', 'ineligible'] as const;
export const DECISIONS = ['pending', 'awarded', 'declined'] as const;
export const REVIEW_STATES = ['assigned', 'accepted', 'conflict', 'submitted'] as const;
export const REPORT_STATES = ['submitted', 'upcoming', 'due', 'late'] as const;

const formField = z.object({
  id: z.string(),
  kind: z.enum(FORM_FIELD_KINDS),
  label: words,
  help: words.optional(),
  required: z.boolean(),
  options: z.array(z.object({ id: z.string(), label: words })).optional(),
  maxLength: z.number().optional(),
});

export const grantCallSchema = z.object({
  id: z.string(),
  unit: z.string(),
  title: words,
  description: words,
  eligibility: words,
  languages: z.array(z.enum(CALL_LANGUAGES)),
  countries: z.array(z.string()),
  currency: z.string(),
  envelope: z.string(),
  minGrant: z.string(),
  maxGrant: z.string(),
  criteria: z.array(z.object({ id: z.string(), label: words, weight: z.number() })),
  scaleMax: z.number(),
  opensAt: z.string(),
  closesAt: z.string(),
  decisionBy: z.string(),
  form: z.array(formField),
  reports: z.array(z.object({ kind: z.enum(REPORT_KINDS), dueDays: z.number() })),
  reviewersPerApplication: z.number(),
  disagreement: z.number(),
  shareComments: z.boolean(),
  /** The consortium project the call reports its grants to, if any. */
  project: z.string().optional(),
  phase,
  /** Where groups apply: the call's public page. */
  publicPath: z.string(),
});
export type GrantCall = z.infer<typeof grantCallSchema>;

export const grantCallSummarySchema = z.object({
  id: z.string(),
  unit: z.string(),
  title: words,
  phase,
  opensAt: z.string(),
  closesAt: z.string(),
  decisionBy: z.string(),
  currency: z.string(),
  envelope: z.string(),
  applications: z.number().int(),
  awarded: z.string(),
});
export type GrantCallSummary = z.infer<typeof grantCallSummarySchema>;

/** The call as its public page shows it: no envelope's spending, no rubric's weights hidden — only what applicants need. */
export const publicCallSchema = grantCallSchema.pick({
  id: true,
  title: true,
  description: true,
  eligibility: true,
  languages: true,
  countries: true,
  currency: true,
  minGrant: true,
  maxGrant: true,
  criteria: true,
  scaleMax: true,
  opensAt: true,
  closesAt: true,
  decisionBy: true,
  form: true,
  phase: true,
});
export type PublicCall = z.infer<typeof publicCallSchema>;

const fileRef = z.object({
  id: z.string(),
  field: z.string(),
  name: z.string(),
  type: z.enum(FILE_TYPES),
  size: z.number().int(),
});

const tranche = z.object({
  id: z.string(),
  plannedOn: z.string(),
  amount: z.string(),
  paidOn: z.string().nullable(),
});
const grantReport = z.object({
  id: z.string(),
  kind: z.enum(REPORT_KINDS),
  dueOn: z.string(),
  state: z.enum(REPORT_STATES),
  submittedAt: z.string().nullable(),
  narrative: z.string().nullable(),
  spent: z.string().nullable(),
});

/** What the group sees through its private link. */
export const applicantViewSchema = z.object({
  id: z.string(),
  ref: z.string(),
  call: publicCallSchema,
  group: z.string(),
  contact: z.string(),
  country: z.string(),
  amount: z.string(),
  summary: z.string(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  language: z.string(),
  files: z.array(fileRef),
  /** Required questions not answered yet. */
  missing: z.array(z.string()),
  /** The group may still change it (the call is open). */
  editable: z.boolean(),
  sentAt: z.string(),
  updatedAt: z.string(),
  screening: z.enum(SCREENINGS),
  screeningReason: z.string().nullable(),
  decision: z.enum(DECISIONS),
  awardedAmount: z.string().nullable(),
  /** Reviewers' comments, without who wrote them, when the call shares them and the decision is made. */
  comments: z.array(z.string()),
  grantStatus: z.enum(GRANT_STATUSES).nullable(),
  tranches: z.array(tranche),
  reports: z.array(grantReport),
});
export type ApplicantView = z.infer<typeof applicantViewSchema>;

const reviewSummary = z.object({
  reviewer: z.string(),
  state: z.enum(REVIEW_STATES),
  conflictReason: z.string().nullable(),
  scores: z.record(z.string(), z.number()).nullable(),
  score: z.number().nullable(),
  comments: z.string().nullable(),
});

/** A row of the call's dashboard. */
export const applicationRowSchema = z.object({
  id: z.string(),
  ref: z.string(),
  group: z.string(),
  country: z.string(),
  amount: z.string(),
  sentAt: z.string(),
  missing: z.array(z.string()),
  screening: z.enum(SCREENINGS),
  reviewers: z.object({ assigned: z.number(), conflicts: z.number(), submitted: z.number() }),
  score: z.number().nullable(),
  spread: z.number().nullable(),
  disagree: z.boolean(),
  rank: z.number().nullable(),
  /** Harbour's suggestion: the envelope covers it in rank order. */
  fits: z.boolean(),
  decision: z.enum(DECISIONS),
  awardedAmount: z.string().nullable(),
  grantStatus: z.enum(GRANT_STATUSES).nullable(),
  paid: z.string(),
  reportsLate: z.number(),
  reportsDue: z.number(),
});
export type ApplicationRow = z.infer<typeof applicationRowSchema>;

export const callDashboardSchema = z.object({
  call: grantCallSchema,
  applications: z.array(applicationRowSchema),
  money: z.object({
    envelope: z.string(),
    requested: z.string(),
    /** What the rank-order suggestion would award. */
    suggested: z.string(),
    awarded: z.string(),
    paid: z.string(),
  }),
  reviewers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      assigned: z.number(),
      conflicts: z.number(),
      submitted: z.number(),
    }),
  ),
  /** Applications the reviewer pool cannot cover with the call's number of reviewers. */
  short: z.array(z.object({ application: z.string(), missing: z.number() })),
});
export type CallDashboard = z.infer<typeof callDashboardSchema>;

export const applicationDetailSchema = z.object({
  id: z.string(),
  ref: z.string(),
  callId: z.string(),
  group: z.string(),
  /** The group's chosen contact: only for the call's grants officers (the read is audited). */
  contact: z.string().nullable(),
  country: z.string(),
  amount: z.string(),
  summary: z.string(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  language: z.string(),
  files: z.array(fileRef),
  missing: z.array(z.string()),
  sentAt: z.string(),
  screening: z.enum(SCREENINGS),
  screeningReason: z.string().nullable(),
  reviews: z.array(reviewSummary),
  score: z.number().nullable(),
  spread: z.number().nullable(),
  disagree: z.boolean(),
  rank: z.number().nullable(),
  fits: z.boolean(),
  decision: z.enum(DECISIONS),
  awardedAmount: z.string().nullable(),
  decisionReason: z.string().nullable(),
  grantStatus: z.enum(GRANT_STATUSES).nullable(),
  grantStatusReason: z.string().nullable(),
  tranches: z.array(tranche),
  reports: z.array(grantReport),
  /** The directory entry of the group, once linked by the officer. */
  directoryGroup: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

/** A reviewer's own assignment. */
export const reviewAssignmentSchema = z.object({
  applicationId: z.string(),
  ref: z.string(),
  callId: z.string(),
  callTitle: words,
  decisionBy: z.string(),
  state: z.enum(REVIEW_STATES),
});
export type ReviewAssignment = z.infer<typeof reviewAssignmentSchema>;

/** What a reviewer sees of an application: never the group's contact, others' scores only after their own. */
export const reviewDetailSchema = z.object({
  assignment: reviewAssignmentSchema,
  criteria: z.array(z.object({ id: z.string(), label: words, weight: z.number() })),
  scaleMax: z.number(),
  form: z.array(formField),
  application: z
    .object({
      group: z.string(),
      country: z.string(),
      amount: z.string(),
      currency: z.string(),
      summary: z.string(),
      answers: z.record(z.string(), z.union([z.string(), z.number()])),
      files: z.array(fileRef),
    })
    .nullable(),
  scores: z.record(z.string(), z.number()).nullable(),
  comments: z.string().nullable(),
  /** The other reviewers' weighted scores (0–100), once this reviewer has submitted. */
  others: z.array(z.number()).nullable(),
});
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;

export const screeningInput = z
  .object({ eligible: z.boolean(), reason: z.string().trim().min(1).max(2000) })
  .strict();
export const decisionInput = z
  .object({
    award: z.boolean(),
    amount: z.string().trim().max(20).optional(),
    reason: z.string().trim().max(2000).default(''),
  })
  .strict();
export const conflictInput = z
  .object({ conflict: z.boolean(), reason: z.string().trim().max(2000).default('') })
  .strict()
  .refine((c) => !c.conflict || c.reason !== '', { message: 'say what the conflict is', path: ['reason'] });
export const reviewInput = z
  .object({ scores: z.record(z.string(), z.number()), comments: z.string().trim().max(4000).default('') })
  .strict();
export const trancheInput = z.object({ plannedOn: z.iso.date(), amount: z.string().trim().max(20) }).strict();
export const tranchePaidInput = z.object({ paidOn: z.iso.date() }).strict();
export const grantStatusInput = z
  .object({ status: z.enum(GRANT_STATUSES), reason: z.string().trim().max(2000).default('') })
  .strict();
export const grantReportInput = z
  .object({ narrative: z.string().trim().min(1).max(20_000), spent: z.string().trim().max(20).optional() })
  .strict();

/** A call's grants as its consortium project shows them: counts and money, never a group's name. */
export const projectGrantsSchema = z.object({
  calls: z.array(
    z.object({
      id: z.string(),
      title: words,
      phase,
      currency: z.string(),
      applications: z.number(),
      awarded: z.number(),
      awardedAmount: z.string(),
      paidAmount: z.string(),
      byStatus: z.record(z.string(), z.number()),
    }),
  ),
});
export type ProjectGrants = z.infer<typeof projectGrantsSchema>;

export const directoryLinkInput = z.object({ groupId: z.string().uuid().nullable() }).strict();
