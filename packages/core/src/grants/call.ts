/**
 * A small-grants call as a grants officer opens it: its words in the call's languages, who may apply,
 * the money (the envelope and the least and most one grant may be), how applications are scored (the
 * rubric), the dates, the application form (a few kinds of field), and the reports an awarded group
 * owes. Amounts are decimal strings kept exactly (projects/money.ts).
 */

import { z } from 'zod';
import { isCountryCode } from '../advocacy/figure-row.js';
import { toCents } from '../projects/money.js';

/** Languages a call may be written in (ISO 639-1); the public page speaks those it has words for. */
export const CALL_LANGUAGES = [
  'en',
  'ru',
  'fr',
  'ar',
  'uk',
  'kk',
  'ky',
  'tg',
  'uz',
  'ka',
  'ro',
  'id',
  'hi',
  'es',
  'pt',
] as const;
export type CallLanguage = (typeof CALL_LANGUAGES)[number];

export const FORM_FIELD_KINDS = ['text', 'number', 'money', 'choice', 'file'] as const;
export type FormFieldKind = (typeof FORM_FIELD_KINDS)[number];

/** Files an applicant may attach: checked by their first bytes, not by the name they carry. */
export const FILE_TYPES = ['pdf', 'png', 'jpeg', 'docx', 'xlsx', 'odt', 'txt'] as const;
export type FileType = (typeof FILE_TYPES)[number];
/** The most one attached file may weigh. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const words = z
  .partialRecord(z.enum(CALL_LANGUAGES), z.string().trim().min(1).max(4000))
  .refine((w) => Object.keys(w).length > 0, 'words in at least one language');
const shortWords = z
  .partialRecord(z.enum(CALL_LANGUAGES), z.string().trim().min(1).max(300))
  .refine((w) => Object.keys(w).length > 0, 'words in at least one language');

export const amountText = z
  .string()
  .trim()
  .refine((a) => {
    const c = toCents(a);
    return c !== null && c > 0n;
  }, 'a positive amount with at most two decimals, e.g. 1500 or 1500.50');

const fieldId = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter');

export const formFieldInput = z
  .object({
    id: fieldId,
    kind: z.enum(FORM_FIELD_KINDS),
    label: shortWords,
    /** Words under the label (what to write, how long). */
    help: words.optional(),
    required: z.boolean().default(false),
    /** For `choice`: the options, each with its words. */
    options: z
      .array(z.object({ id: fieldId, label: shortWords }))
      .max(30)
      .optional(),
    /** For `text`: the most characters. */
    maxLength: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'choice' || (f.options?.length ?? 0) >= 2, {
    message: 'a choice needs at least two options',
    path: ['options'],
  });
export type FormField = z.output<typeof formFieldInput>;

export const criterionInput = z
  .object({
    id: fieldId,
    label: shortWords,
    /** Relative weight: a criterion of weight 2 counts twice one of weight 1. */
    weight: z.number().positive().max(100),
  })
  .strict();
export type Criterion = z.output<typeof criterionInput>;

export const REPORT_KINDS = ['narrative', 'financial'] as const;
export type GrantReportKind = (typeof REPORT_KINDS)[number];

export const grantCallInput = z
  .object({
    /** The org unit that runs the call (its grants officers manage it). */
    unit: z.string().trim().min(1).max(40),
    title: shortWords,
    description: words,
    /** Who may apply, in words shown on the public page; the officer screens against them. */
    eligibility: words,
    /** Countries applicants work in; empty: any. */
    countries: z
      .array(z.string().trim().toUpperCase().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code'))
      .max(60)
      .default([]),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code, e.g. USD'),
    /** All the call may award. */
    envelope: amountText,
    minGrant: amountText,
    maxGrant: amountText,
    criteria: z.array(criterionInput).min(1).max(20),
    /** Each criterion is scored from 0 to this. */
    scaleMax: z.number().int().min(1).max(100).default(5),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    decisionBy: z.iso.date(),
    form: z.array(formFieldInput).max(30).default([]),
    /** Reports an awarded group owes, due so many days after the award. */
    reports: z
      .array(z.object({ kind: z.enum(REPORT_KINDS), dueDays: z.number().int().min(1).max(1100) }).strict())
      .max(24)
      .default([]),
    reviewersPerApplication: z.number().int().min(1).max(9).default(2),
    /** Reviewers disagree when their weighted scores (0–100) are further apart than this. */
    disagreement: z.number().min(0).max(100).default(25),
    /** Applicants see the reviewers' comments (never who wrote them) once decided. */
    shareComments: z.boolean().default(false),
    /** The consortium project whose results include the call's grants (its code). */
    project: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const [min, max, env] = [toCents(c.minGrant), toCents(c.maxGrant), toCents(c.envelope)];
    if (min !== null && max !== null && min > max)
      ctx.addIssue({ code: 'custom', path: ['minGrant'], message: 'the least grant is more than the most' });
    if (max !== null && env !== null && max > env)
      ctx.addIssue({
        code: 'custom',
        path: ['maxGrant'],
        message: 'the most one grant may be is more than the envelope',
      });
    if (Date.parse(c.closesAt) <= Date.parse(c.opensAt))
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'the call closes before it opens' });
    if (c.decisionBy < c.closesAt.slice(0, 10))
      ctx.addIssue({
        code: 'custom',
        path: ['decisionBy'],
        message: 'the decision is due before the call closes',
      });
    const ids = new Set<string>();
    for (const [i, f] of c.form.entries()) {
      if (ids.has(f.id) || RESERVED_FIELDS.includes(f.id))
        ctx.addIssue({ code: 'custom', path: ['form', i, 'id'], message: `"${f.id}" is used twice` });
      ids.add(f.id);
    }
    const crit = new Set<string>();
    for (const [i, k] of c.criteria.entries()) {
      if (crit.has(k.id))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `"${k.id}" is used twice` });
      crit.add(k.id);
    }
    const languages = Object.keys(c.title);
    for (const key of ['description', 'eligibility'] as const)
      for (const l of languages)
        if (!(l in c[key]))
          ctx.addIssue({ code: 'custom', path: [key, l], message: `the ${key} in ${l}, as the title has` });
  });
export type GrantCallInput = z.input<typeof grantCallInput>;
export type GrantCallDefinition = z.output<typeof grantCallInput>;

/** Every application has these, besides the call's own fields. */
export const RESERVED_FIELDS = ['group', 'contact', 'amount', 'country', 'summary'];

/** Where a call stands at `now`. */
export type CallPhase = 'upcoming' | 'open' | 'closed';
export function callPhase(call: Pick<GrantCallDefinition, 'opensAt' | 'closesAt'>, now: Date): CallPhase {
  const t = now.getTime();
  if (t < Date.parse(call.opensAt)) return 'upcoming';
  return t < Date.parse(call.closesAt) ? 'open' : 'closed';
}
