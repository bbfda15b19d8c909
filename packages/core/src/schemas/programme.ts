/**
 * A programme's own choices, as an administrator sets them: the UIC scheme (a preset or a template
 * built from parts, docs/uic.md), the optional alias, follow-up and missed-dose days, and extra
 * service catalogue items. One definition for the API, the CLI and the console.
 */

import { z } from 'zod';
import { DEFAULT_CATALOGUE } from '../catalogue.js';
import { UIC_PRESETS, type UicScheme } from '../uic/schemes.js';

const sexCode = z.string().min(1).max(2);
const fill = z.string().length(1);

const uicPart = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('letters'),
      question: z.enum(['surname', 'givenName', 'motherName', 'fatherName']),
      positions: z.array(z.number().int().min(1).max(20)).min(1).max(6),
      missing: fill.optional(),
      unknown: fill.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sex'),
      codes: z
        .object({
          male: sexCode,
          female: sexCode,
          trans_woman: sexCode,
          trans_man: sexCode,
          nonbinary: sexCode,
          unknown: sexCode,
        })
        .strict(),
    })
    .strict(),
  z.object({ kind: z.literal('birthDay') }).strict(),
  z.object({ kind: z.literal('birthMonth') }).strict(),
  z.object({ kind: z.literal('birthYear'), digits: z.union([z.literal(2), z.literal(4)]) }).strict(),
  z.object({ kind: z.literal('site'), width: z.number().int().min(1).max(10) }).strict(),
]);

export const uicTemplate = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, '2–40 lower-case letters, digits or "-"')
      .refine((id) => !(id in UIC_PRESETS), 'a preset has this name; name your template differently'),
    parts: z.array(uicPart).min(2, 'a code needs at least two parts').max(10),
  })
  .strict()
  .refine((s) => s.parts.some((p) => p.kind === 'sex' || p.kind === 'birthYear'), {
    message: 'include sex or birth year, so that different people rarely share a code',
    path: ['parts'],
  });

export const uicSchemeInput = z.union([z.enum(['pasmo', 'slk581', 'parents-initials']), uicTemplate]);

const DEFAULT_CODES = new Set(DEFAULT_CATALOGUE.map((i) => i.code));

export const extraCatalogueItem = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, '2–40 lower-case letters, digits or "_", starting with a letter')
      .refine((c) => !DEFAULT_CODES.has(c), 'this code is a standard item already'),
    kind: z.enum(['commodity', 'education', 'social_support', 'status']),
    /** Shown as written (extra items have no translations). */
    label: z.string().trim().min(1).max(80),
    maxQuantity: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

export const programmeSettingsInput = z
  .object({
    uicScheme: uicSchemeInput.optional(),
    aliasEnabled: z.boolean().optional(),
    /** Staff may read a client's history at sites outside their part of the tree. */
    historySharing: z.boolean().optional(),
    referralFollowUpDays: z.number().int().min(1).max(365).optional(),
    ostMissedAfterDays: z.number().int().min(1).max(60).optional(),
    /** Days without a dose that end an OST episode as lost to treatment (core ost.ts). */
    ostLostAfterDays: z.number().int().min(2).max(365).optional(),
    /** Wrong PINs after which an outreach phone erases itself. */
    pinAttemptsBeforeWipe: z.number().int().min(3).max(20).optional(),
    /** Minutes without a touch after which an outreach phone locks. */
    idleLockMinutes: z.number().int().min(1).max(30).optional(),
    catalogueExtra: z
      .array(extraCatalogueItem)
      .max(50)
      .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'codes must differ')
      .optional(),
  })
  .strict();
export type ProgrammeSettingsInput = z.infer<typeof programmeSettingsInput>;

/** What an administrator sees and sets; the scheme as a preset id when it is one. */
export const programmeSettingsViewSchema = z.object({
  organisation: z.string(),
  /** A preset's id, or the programme's own template. */
  uicScheme: z.unknown(),
  aliasEnabled: z.boolean(),
  historySharing: z.boolean(),
  referralFollowUpDays: z.number(),
  ostMissedAfterDays: z.number(),
  ostLostAfterDays: z.number(),
  // Kept as stored: an item may carry more than the console edits (what it feeds, allowed results).
  catalogueExtra: z.array(
    z.looseObject({
      code: z.string(),
      kind: z.string(),
      label: z.string(),
      maxQuantity: z.number().optional(),
    }),
  ),
  pinAttemptsBeforeWipe: z.number(),
  idleLockMinutes: z.number(),
});

/** The scheme a setting names: a preset by id, or the template itself. */
export function resolveUicScheme(setting: z.infer<typeof uicSchemeInput>): UicScheme {
  return typeof setting === 'string' ? UIC_PRESETS[setting] : (setting as UicScheme);
}
