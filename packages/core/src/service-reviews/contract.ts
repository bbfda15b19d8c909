/** What the service-review and expert APIs answer: the console's types come from these schemas. */

import { z } from 'zod';
import { ACTION_STATUSES } from './actions.js';
import { EXPERTISE_AREAS } from './experts.js';

const words = z.record(z.string(), z.string());
const band = z.enum(['good', 'fair', 'poor']).nullable();
const feedback = z.object({ asked: z.number(), good: z.number(), fair: z.number(), poor: z.number() });

export const checklistSchema = z.object({
  id: z.string(),
  unit: z.string(),
  name: z.string(),
  items: z.array(z.object({ id: z.string(), label: words, hint: words.optional() })),
  updatedAt: z.string(),
});
export type Checklist = z.infer<typeof checklistSchema>;

export const REVIEW_VISIT_STATES = ['assigned', 'submitted'] as const;

export const serviceReviewSchema = z.object({
  id: z.string(),
  checklistId: z.string(),
  site: z.object({ code: z.string(), name: z.string() }),
  expert: z.object({ id: z.string(), name: z.string() }),
  state: z.enum(REVIEW_VISIT_STATES),
  assignedOn: z.string(),
  dueOn: z.string(),
  visitedOn: z.string().nullable(),
  overall: z.number().nullable(),
  submittedAt: z.string().nullable(),
});
export type ServiceReview = z.infer<typeof serviceReviewSchema>;

/** A review with what the expert wrote (for the expert, and for those who run the reviews). */
export const serviceReviewDetailSchema = serviceReviewSchema.extend({
  checklist: z.lazy(() => checklistSchema),
  scores: z.record(z.string(), z.number().nullable()),
  notes: z.record(z.string(), z.string()),
  summary: z.string(),
  feedback,
});
export type ServiceReviewDetail = z.infer<typeof serviceReviewDetailSchema>;

export const actionItemSchema = z.object({
  id: z.string(),
  site: z.object({ code: z.string(), name: z.string() }),
  reviewId: z.string().nullable(),
  item: z.string().nullable(),
  action: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  status: z.enum(ACTION_STATUSES),
  note: z.string().nullable(),
  overdue: z.boolean(),
  updatedAt: z.string(),
});
export type ActionItem = z.infer<typeof actionItemSchema>;

const row = z.object({
  id: z.string(),
  scores: z.array(z.number().nullable()),
  latest: z.number().nullable(),
  change: z.number().nullable(),
  band,
});

export const scorecardSchema = z.object({
  site: z.object({ code: z.string(), name: z.string() }),
  checklist: z.lazy(() => checklistSchema).nullable(),
  visits: z.array(z.object({ id: z.string(), visitedOn: z.string(), overall: z.number().nullable() })),
  items: z.array(row),
  overall: row,
  feedback,
  actions: z.array(actionItemSchema),
});
export type ScorecardView = z.infer<typeof scorecardSchema>;

export const siteSummarySchema = z.object({
  site: z.object({ code: z.string(), name: z.string() }),
  visits: z.number(),
  lastVisit: z.string().nullable(),
  latest: z.number().nullable(),
  band,
  openActions: z.number(),
  overdueActions: z.number(),
  pendingReviews: z.number(),
});
export type SiteSummary = z.infer<typeof siteSummarySchema>;

export const expertSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  country: z.string().nullable(),
  languages: z.array(z.string()),
  expertise: z.array(z.enum(EXPERTISE_AREAS)),
  /** Only for those who invite and assign experts. */
  contact: z.string().nullable(),
  active: z.boolean(),
  grantReviews: z.number(),
  serviceReviews: z.number(),
});
export type Expert = z.infer<typeof expertSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  unit: z.string(),
  name: z.string(),
  expiresAt: z.string(),
  state: z.enum(['pending', 'accepted', 'expired', 'withdrawn']),
  createdAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;
