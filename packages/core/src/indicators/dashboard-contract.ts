/**
 * What the dashboard answers. Every number is a value of a harbour.report/1 report (the report
 * itself travels whole, in its own contract: formats.md), so the console and the exports agree.
 */

import { z } from 'zod';
import type { CoverageLevels } from './definitions.js';
import type { HarbourReport } from './report.js';

/** A report value: a number, a level word, "<k" when suppressed, or null when it cannot be computed. */
const value = z.union([z.number(), z.string(), z.null()]);

export const dashboardMonthSchema = z.object({
  month: z.string(),
  reached: value,
  reachedNew: value,
  syringes: value,
  returned: value,
  naloxoneKits: value,
  reversals: value,
  ostActive: value,
  ostNew: value,
  referralsMade: value,
  referralsCompleted: value,
});
export type DashboardMonth = z.infer<typeof dashboardMonthSchema>;

export const dashboardUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  reached: value,
  nspPerPwidYear: value,
  nspLevel: value,
  ostCoverage: value,
  ostLevel: value,
  estimatePwid: value,
});
export type DashboardUnit = z.infer<typeof dashboardUnitSchema>;

export const dashboardSchema = z.object({
  period: z.object({ id: z.string(), start: z.string(), end: z.string() }),
  orgUnit: z.string(),
  suppression: z.object({ threshold: z.number() }).nullable(),
  // The report and the coverage bands pass whole: their shapes are their own contracts.
  report: z.custom<HarbourReport>(),
  months: z.array(dashboardMonthSchema),
  /** WHO coverage bands in force (syringes per PWID per year; OST per 100 opioid-dependent PWID). */
  levels: z.custom<CoverageLevels>(),
  /** The level whose boundaries the map draws; null when no boundaries are loaded for this subtree. */
  map: z.object({ level: z.number() }).nullable(),
  units: z.array(dashboardUnitSchema),
  dataQuality: z.object({
    reached: value,
    missingSex: z.union([z.number(), z.string()]),
    missingBirthYear: z.union([z.number(), z.string()]),
    duplicatesOpen: z.number(),
    sitesNotReporting: z.array(z.object({ code: z.string(), name: z.string() })),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
