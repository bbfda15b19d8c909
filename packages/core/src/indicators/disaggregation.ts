/**
 * Disaggregations (docs/indicators.md): sex (with the derived "transgender"), age by band set
 * (gf, gam, fine; age = year of the period's end − birth year), key population, and org unit level.
 * Asking for several dimensions gives the total and every combination of them (a cross-tabulation).
 */

import { KEY_POPULATIONS, SEXES } from '../client.js';
import type { FieldIssue } from '../problems.js';

export type AgeBandSet = 'gf' | 'gam' | 'fine';

export const AGE_BANDS: Record<AgeBandSet, readonly string[]> = {
  gf: ['<15', '15-19', '20-24', '25+', 'unknown'],
  gam: ['<25', '25+', 'unknown'],
  fine: ['<15', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50+', 'unknown'],
};

export function ageBand(set: AgeBandSet, age: number | null): string {
  if (age === null || !Number.isFinite(age)) return 'unknown';
  switch (set) {
    case 'gam':
      return age < 25 ? '<25' : '25+';
    case 'gf':
      return age < 15 ? '<15' : age < 20 ? '15-19' : age < 25 ? '20-24' : '25+';
    case 'fine': {
      if (age < 15) return '<15';
      if (age >= 50) return '50+';
      const lo = Math.floor(age / 5) * 5;
      return `${lo}-${lo + 4}`;
    }
  }
}

/**
 * Birth years grouped by the age band they give at a period's end (age = end year − birth year),
 * each range with one representative year: a store may report everyone of a range under that year
 * and the engine still puts them in the same band. Without an age breakdown every known year is one
 * range. Ranges are newest first; the first is open upwards and the last open downwards.
 */
export function birthYearRanges(set: AgeBandSet | null, endYear: number): { from: number; year: number }[] {
  if (set === null) return [{ from: Number.NEGATIVE_INFINITY, year: endYear }];
  const ranges: { from: number; year: number; band: string }[] = [];
  for (let age = 0; age <= 130; age++) {
    const band = ageBand(set, age);
    const last = ranges.at(-1);
    if (last && last.band === band) last.from = endYear - age;
    else ranges.push({ from: endYear - age, year: endYear - age, band });
  }
  ranges.at(-1)!.from = Number.NEGATIVE_INFINITY;
  return ranges.map(({ from, year }) => ({ from, year }));
}

/** Sex values a subject counts under: its own, and "transgender" for trans women and trans men. */
export function sexValues(sex: string): string[] {
  return sex === 'trans_woman' || sex === 'trans_man' ? [sex, 'transgender'] : [sex];
}

export const SEX_CATEGORIES = [...SEXES, 'transgender'] as const;

export type Dimension =
  | { key: 'sex' }
  | { key: 'age'; set: AgeBandSet }
  | { key: 'kp' }
  | { key: 'orgUnit'; level: number };

export const DIMENSION_RULE =
  'a comma-separated list of sex, age (age:gf, age:gam or age:fine), kp and orgUnit:<level>';

/** Parses `sex,age:gf,kp,orgUnit:3`; each dimension at most once. */
export function parseDimensions(
  spec: string | undefined | null,
  field = 'disaggregate',
): { ok: true; dims: Dimension[] } | { ok: false; issue: FieldIssue } {
  const dims: Dimension[] = [];
  if (!spec?.trim()) return { ok: true, dims };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, arg] = part.split(':') as [string, string | undefined];
    let dim: Dimension | null = null;
    if (key === 'sex' && arg === undefined) dim = { key: 'sex' };
    else if (key === 'kp' && arg === undefined) dim = { key: 'kp' };
    else if (key === 'age' && (arg === undefined || arg === 'gf' || arg === 'gam' || arg === 'fine'))
      dim = { key: 'age', set: (arg ?? 'gf') as AgeBandSet };
    else if (key === 'orgUnit' && arg && /^[1-9]$/.test(arg)) dim = { key: 'orgUnit', level: Number(arg) };
    if (!dim)
      return {
        ok: false,
        issue: {
          field,
          value: part,
          rule: 'format',
          message: `"${part}" is not a disaggregation; use ${DIMENSION_RULE}`,
        },
      };
    if (dims.some((d) => d.key === dim!.key))
      return {
        ok: false,
        issue: { field, value: part, rule: 'unique', message: `"${key}" is asked for twice` },
      };
    dims.push(dim);
  }
  return { ok: true, dims };
}

/** The category values of a dimension, in report order (org units are supplied by the caller). */
export function dimensionValues(d: Dimension, units: readonly string[] = []): readonly string[] {
  switch (d.key) {
    case 'sex':
      return SEX_CATEGORIES;
    case 'age':
      return AGE_BANDS[d.set];
    case 'kp':
      return [...KEY_POPULATIONS, 'unknown'];
    case 'orgUnit':
      return units;
  }
}
