/**
 * The projects API's contract: what a request may say and what an answer holds. The server declares
 * these on its routes; the console takes its types from them (z.infer), never from a hand copy.
 * Money travels as decimal strings with two places ("974623.00"), rates as decimal strings.
 */

import { z } from 'zod';
import { REPORT_EVERY } from './reporting.js';

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-"');
const amount = z
  .union([z.string().trim(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'a non-negative amount with up to 2 decimals'));
const currency = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD, EUR, UAH');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Budget lines a project starts with; each project edits its own list. */
export const DEFAULT_BUDGET_LINES: readonly { code: string; name: string }[] = [
  { code: 'staff', name: 'Staff' },
  { code: 'services', name: 'Services' },
  { code: 'commodities', name: 'Commodities' },
  { code: 'small_grants', name: 'Small grants' },
  { code: 'advocacy', name: 'Advocacy' },
  { code: 'travel', name: 'Travel' },
  { code: 'overheads', name: 'Overheads' },
];

/** A project's set-up: who leads it, who is in it, and each member's budget by line. */
export const projectInput = z
  .object({
    code,
    name: z.string().trim().min(1).max(200),
    donor: z.string().trim().min(1).max(200),
    /** The org unit that leads and keeps the project (a consortium or the lead organisation). */
    keeper: code,
    currency,
    start: day,
    end: day,
    totalBudget: amount,
    lines: z
      .array(z.object({ code, name: z.string().trim().min(1).max(120) }).strict())
      .min(1)
      .max(60)
      .optional(),
    members: z
      .array(
        z
          .object({
            /** An organisation's code. */
            code,
            /** Budget line code → amount in the project's currency. */
            budget: z.record(z.string(), amount).default({}),
          })
          .strict(),
      )
      .min(1)
      .max(100),
    /** How often members report to the lead, and how many days after a period ends the report is due. */
    reporting: z
      .object({
        every: z.enum(REPORT_EVERY as ['quarter', 'sixmonth', 'year']).default('quarter'),
        dueDays: z.number().int().min(0).max(365).default(30),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ProjectInput = z.input<typeof projectInput>;

/** What a member spent on a budget line in a period; the rate is required in another currency. */
export const spendingInput = z
  .object({
    member: code,
    line: code,
    /** A DHIS2-style period inside the project: 2026Q1, 202603 or 2026. */
    period: z.string().trim().max(10),
    amount,
    currency: currency.optional(),
    /** Units of the project's currency per unit of the spending currency (e.g. 0.0243 USD per UAH). */
    rate: z.union([z.string().trim(), z.number()]).transform(String).optional(),
  })
  .strict();
export type SpendingInput = z.input<typeof spendingInput>;

const flag = z.enum(['over', 'over_pace', 'under_pace']).nullable();

export const budgetFigureSchema = z.object({
  budget: z.string(),
  spent: z.string(),
  remaining: z.string(),
  share: z.number().nullable(),
  burnPerMonth: z.string(),
  projected: z.string(),
  flag,
});
export type BudgetFigureView = z.infer<typeof budgetFigureSchema>;

export const projectSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  donor: z.string(),
  currency: z.string(),
  start: z.string(),
  end: z.string(),
  totalBudget: z.string(),
  keeper: z.object({ code: z.string(), name: z.string() }),
  /** What the caller sees: all (lead), its own members' details (member), totals only. */
  access: z.enum(['lead', 'member', 'totals']),
  reporting: z.object({ every: z.enum(['quarter', 'sixmonth', 'year']), dueDays: z.number().int() }),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectDashboardSchema = z.object({
  project: projectSummarySchema,
  lines: z.array(z.object({ code: z.string(), name: z.string() })),
  members: z.array(z.object({ code: z.string(), name: z.string(), mine: z.boolean() })),
  asOf: z.string(),
  elapsed: z.number(),
  total: budgetFigureSchema,
  byMember: z.array(budgetFigureSchema.extend({ code: z.string() })),
  byLine: z.array(budgetFigureSchema.extend({ code: z.string() })),
  /** Member × line, for the lead (all) and members (their own); empty for totals-only readers. */
  cells: z.array(budgetFigureSchema.extend({ member: z.string(), line: z.string() })),
  /** Spending entries, as visible as the cells. */
  spending: z.array(
    z.object({
      id: z.string(),
      member: z.string(),
      line: z.string(),
      period: z.string(),
      amount: z.string(),
      currency: z.string(),
      rate: z.string(),
      converted: z.string(),
      recordedAt: z.string(),
    }),
  ),
  /** Set-up warnings: members' budgets not adding up to the total. */
  warnings: z.array(z.string()),
});
export type ProjectDashboard = z.infer<typeof projectDashboardSchema>;

const periodId = z
  .string()
  .trim()
  .regex(/^\d{4}(Q[1-4]|\d{2})?$/, 'a year, quarter or month: 2026, 2026Q1, 202603');

/**
 * The results framework: objectives → expected results → indicators, each one of Harbour's own
 * (`harbour`: an indicator id of docs/indicators.md, computed for each member over the period) or a
 * manual one (`unit`, values entered by members with evidence), with a baseline and targets by period.
 */
export const frameworkInput = z
  .object({
    indicators: z
      .array(
        z
          .object({
            code,
            objective: z.string().trim().min(1).max(300),
            result: z.string().trim().min(1).max(300),
            name: z.string().trim().min(1).max(300),
            harbour: z.string().trim().max(80).optional(),
            unit: z.string().trim().max(40).optional(),
            baseline: z.number().finite().min(0).nullable().optional(),
            splitYearly: z.boolean().default(false),
            targets: z.record(periodId, z.number().finite().min(0)).default({}),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();
export type FrameworkInput = z.input<typeof frameworkInput>;

/** A manual indicator's value for a member and period, with what shows it happened. */
export const resultValueInput = z
  .object({
    indicator: code,
    member: code,
    period: periodId,
    value: z.number().finite().min(0),
    /** What shows it (a reference, a link); never a person's name. */
    evidence: z.string().trim().max(2000).default(''),
  })
  .strict();
export type ResultValueInput = z.input<typeof resultValueInput>;

export const projectResultsSchema = z.object({
  indicators: z.array(
    z.object({
      code: z.string(),
      objective: z.string(),
      result: z.string(),
      name: z.string(),
      harbour: z.string().nullable(),
      unit: z.string().nullable(),
      baseline: z.number().nullable(),
      /** People counted by each member's own client codes: the members' sum may count someone twice. */
      sumCountsPeopleTwice: z.boolean(),
      periods: z.array(
        z.object({
          period: z.string(),
          target: z.number().nullable(),
          /** All members together; null when not computable (a ratio, or a member's figure unreadable). */
          achieved: z.union([z.number(), z.string()]).nullable(),
          share: z.number().nullable(),
          byMember: z.array(
            z.object({
              member: z.string(),
              value: z.union([z.number(), z.string()]).nullable(),
              evidence: z.string().nullable(),
              /**
               * Where a Harbour indicator's figure came from: computed here from the member's records, or
               * received from the member's own server (then when it last arrived); null for manual ones.
               */
              source: z.enum(['computed', 'received']).nullable(),
              receivedAt: z.string().nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
});
export type ProjectResults = z.infer<typeof projectResultsSchema>;

const indicatorIdPattern = /^[a-z][a-z0-9_.]{0,59}$/;

/** A receiving token for a member's own server (issued by the lead; the token itself is shown once). */
export const receivingTokenInput = z
  .object({
    member: z.string().min(1).max(40),
    label: z.string().trim().min(1).max(80),
    /** The member's own data element ids → Harbour's indicator ids; an indicator id is always accepted as itself. */
    dataElements: z
      .record(z.string().min(1).max(60), z.string().regex(indicatorIdPattern, 'an indicator id'))
      .optional(),
    /** The member's own org unit ids → org unit codes here, inside the member. */
    orgUnits: z.record(z.string().min(1).max(60), z.string().min(1).max(40)).optional(),
  })
  .strict();
export type ReceivingTokenInput = z.infer<typeof receivingTokenInput>;

export const receivingTokenSchema = z.object({
  id: z.string(),
  member: z.string(),
  label: z.string(),
  dataElements: z.record(z.string(), z.string()),
  orgUnits: z.record(z.string(), z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** What the member's server has sent so far (values kept now). */
  values: z.number().int(),
});
export type ReceivingToken = z.infer<typeof receivingTokenSchema>;

const stage = z.enum(['upcoming', 'due', 'overdue', 'submitted', 'returned', 'accepted']);

/** The report calendar: every reporting period and, per member the caller sees, where its report stands. */
export const reportCalendarSchema = z.object({
  every: z.enum(['quarter', 'sixmonth', 'year']),
  dueDays: z.number().int(),
  today: z.string(),
  periods: z.array(z.object({ period: z.string(), start: z.string(), end: z.string(), due: z.string() })),
  entries: z.array(
    z.object({
      member: z.string(),
      period: z.string(),
      stage,
      overdue: z.boolean(),
      submittedAt: z.string().nullable(),
      reviewedAt: z.string().nullable(),
    }),
  ),
});
export type ReportCalendar = z.infer<typeof reportCalendarSchema>;

/** One member's report for one period, with its history (the lead and that member only). */
export const periodReportSchema = z.object({
  member: z.string(),
  period: z.string(),
  due: z.string(),
  stage,
  overdue: z.boolean(),
  narrative: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      action: z.enum(['submitted', 'returned', 'accepted', 'reopened']),
      comment: z.string().nullable(),
    }),
  ),
});
export type PeriodReport = z.infer<typeof periodReportSchema>;

/** A member submits its period's report: a short narrative of what was done and spent (no names of people). */
export const reportSubmitInput = z.object({ narrative: z.string().trim().min(1).max(4000) }).strict();

/** The lead accepts a submitted report, sends it back with a comment, or reopens an accepted one. */
export const reportReviewInput = z
  .object({
    decision: z.enum(['accept', 'return', 'reopen']),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
