/**
 * The advocacy API's contract: request and response schemas the server declares on its routes and
 * the console takes its types from (z.infer), so neither side keeps a hand copy of the other's shapes.
 */

import { z } from 'zod';
import { RULES } from '../rules.js';
import { DERIVED, MAP_MEASURES } from './measures.js';
import { PROFILE_FORMAT } from './profile.js';

const numberOrWord = z.union([z.number(), z.string()]);

export const profileMeasureSchema = z.object({
  measure: z.string(),
  value: numberOrWord,
  year: z.number().int(),
  unit: z.string().nullable(),
  source: z.string(),
  as_of: z.string().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  url: z.string().nullable(),
  notes: z.string().nullable(),
  what_if: z.boolean().optional(),
});

export const derivedFigureSchema = z.object({
  measure: z.enum(DERIVED),
  value: numberOrWord.nullable(),
  unit: z.string().nullable(),
  value_usd: numberOrWord.nullable(),
  missing: z.array(z.string()),
  reason: z.string().optional(),
  lower_bound: z.boolean().optional(),
  suppressed: z.boolean().optional(),
});

/** `harbour.country-profile/1` (docs/advocacy.md §4). */
export const countryProfileSchema = z.object({
  format: z.literal(PROFILE_FORMAT),
  country: z.string(),
  year: z.number().int(),
  measures: z.array(profileMeasureSchema),
  derived: z.array(derivedFigureSchema),
});
export type CountryProfileView = z.infer<typeof countryProfileSchema>;

export const whatIfSchema = z
  .object({
    measure: z.string().max(80),
    value: z.union([z.string().max(40), z.number()]).transform(String),
    unit: z.string().max(3).nullable().optional(),
  })
  .strict();

export const figureViewSchema = z.object({
  id: z.string(),
  country: z.string(),
  year: z.number().int(),
  measure: z.string(),
  value: numberOrWord,
  unit: z.string().nullable(),
  source: z.string(),
  as_of: z.string().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  url: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
});
export type FigureViewData = z.infer<typeof figureViewSchema>;

export const figureListSchema = z.object({
  keeper: z.string(),
  mayEdit: z.boolean(),
  figures: z.array(figureViewSchema),
});

export const figureHistorySchema = z.object({
  figure: figureViewSchema,
  versions: z.array(
    z.object({
      version: z.number().int(),
      value: numberOrWord,
      unit: z.string().nullable(),
      source: z.string(),
      as_of: z.string().nullable(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      url: z.string().nullable(),
      notes: z.string().nullable(),
      changed_at: z.string(),
      changed_by: z.string(),
    }),
  ),
});
export type FigureHistoryData = z.infer<typeof figureHistorySchema>;

const cell = z.union([z.string(), z.number()]).nullable();

/** A figure typed in the console: the columns of the import file. */
export const figureInputSchema = z
  .object({
    country: z.string().max(8),
    year: z.union([z.string().max(8), z.number()]),
    measure: z.string().max(80),
    value: z.union([z.string().max(40), z.number()]),
    unit: cell.optional(),
    source: z.string().max(400),
    as_of: cell.optional(),
    lower: cell.optional(),
    upper: cell.optional(),
    url: z.string().max(1000).nullable().optional(),
    notes: z.string().max(2000).nullable().optional(),
  })
  .strict();

export const figureImportResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  dryRun: z.boolean(),
  errors: z.array(
    z.object({
      row: z.number(),
      column: z.string(),
      value: z.string(),
      rule: z.enum(RULES),
      message: z.string(),
    }),
  ),
});
export type FigureImportResultData = z.infer<typeof figureImportResultSchema>;

export const mapMeasureSchema = z.enum(MAP_MEASURES);

export const countriesOverviewSchema = z.object({
  keeper: z.string(),
  year: z.number().int(),
  measure: z.string(),
  countries: z.array(
    z.object({
      country: z.string(),
      dataYear: z.number().int(),
      values: z.record(z.string(), cell),
      value: cell,
    }),
  ),
});
export type CountriesOverviewData = z.infer<typeof countriesOverviewSchema>;

export const countryTrendsSchema = z.object({
  country: z.string(),
  years: z.array(z.object({ year: z.number().int(), values: z.record(z.string(), cell) })),
});
export type CountryTrendsData = z.infer<typeof countryTrendsSchema>;

export const scenarioSchema = z.object({
  id: z.string(),
  country: z.string(),
  year: z.number().int(),
  name: z.string(),
  whatIf: z.array(
    z.object({ measure: z.string(), value: z.string(), unit: z.string().nullable().optional() }),
  ),
  created_at: z.string(),
  created_by: z.string(),
});
export type ScenarioData = z.infer<typeof scenarioSchema>;

export const keepersSchema = z.object({
  keepers: z.array(z.object({ code: z.string(), name: z.string(), mayEdit: z.boolean() })),
});
