/**
 * The vocabulary of country evidence (docs/advocacy.md §1): what each measure is and which values it
 * takes. Programmes add their own measures with a `custom.` prefix.
 */

export type MeasureKind =
  /** An estimate or count of people: a whole number. */
  | 'people'
  /** A count of things (sites, syringes, cases): a whole number. */
  | 'count'
  /** A percentage from 0 to 100. */
  | 'percent'
  /** One of the measure's words. */
  | 'word'
  /** An amount of money in the currency named in `unit`. */
  | 'money'
  /** Units of the currency in `unit` per 1 US dollar (a yearly average); never zero. */
  | 'rate'
  /** A programme's own measure: a number, or money when it has a unit, or a word. */
  | 'custom';

export interface MeasureSpec {
  kind: MeasureKind;
  /** The allowed words of a `word` measure. */
  words?: readonly string[];
}

const YES_NO = ['yes', 'no'] as const;

export const MEASURES = {
  pwid: { kind: 'people' },
  pwud_opioid: { kind: 'people' },
  'hiv.prevalence.pwid': { kind: 'percent' },
  'hcv.prevalence.pwid': { kind: 'percent' },
  'hbsag.prevalence.pwid': { kind: 'percent' },
  'nsp.available': { kind: 'word', words: YES_NO },
  'ost.available': { kind: 'word', words: YES_NO },
  'naloxone.take_home': { kind: 'word', words: YES_NO },
  'naloxone.peer': { kind: 'word', words: YES_NO },
  'policy.harm_reduction_in_strategy': { kind: 'word', words: YES_NO },
  'nsp.prison': { kind: 'word', words: ['all', 'some', 'none'] },
  'ost.prison': { kind: 'word', words: ['all', 'some', 'none'] },
  'nsp.sites': { kind: 'count' },
  'ost.sites': { kind: 'count' },
  'dcr.sites': { kind: 'count' },
  'nsp.syringes': { kind: 'count' },
  'ost.clients': { kind: 'people' },
  'policy.drug_use': { kind: 'word', words: ['criminal', 'administrative', 'decriminalised'] },
  'fx.usd': { kind: 'rate' },
  'funding.domestic': { kind: 'money' },
  'funding.international': { kind: 'money' },
  'cost.nsp_per_person_year': { kind: 'money' },
  'cost.ost_per_person_year': { kind: 'money' },
  'social.unemployment_benefit_year': { kind: 'money' },
  'prison.cost_per_day': { kind: 'money' },
  'prison.drug_use_prisoners': { kind: 'people' },
  'enforcement.drug_use_cases': { kind: 'count' },
  'enforcement.police_cost_per_case': { kind: 'money' },
  'enforcement.court_cost_per_case': { kind: 'money' },
} as const satisfies Record<string, MeasureSpec>;

export type MeasureName = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];

/** `custom.` then lower-case letters, digits, `_` and `.`: a programme's own measure. */
export const CUSTOM_MEASURE = /^custom\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export function measureSpec(name: string): MeasureSpec | undefined {
  if (Object.hasOwn(MEASURES, name)) return MEASURES[name as MeasureName];
  return CUSTOM_MEASURE.test(name) && name.length <= 80 ? { kind: 'custom' } : undefined;
}

/** Derived figures (docs/advocacy.md §3), in the order a profile lists them. */
export const DERIVED = [
  'nsp.syringes_per_pwid',
  'nsp.level',
  'ost.coverage',
  'ost.level',
  'programme.nsp.syringes',
  'programme.nsp.syringes_per_pwid',
  'funding.total',
  'funding.need',
  'funding.gap',
  'funding.share_of_need',
  'criminalisation.prison_per_person_year',
  'criminalisation.services_per_person_year',
  'criminalisation.ratio',
  'criminalisation.prison_total_year',
  'criminalisation.enforcement_total_year',
  'criminalisation.total_year',
  'criminalisation.people_served_instead',
] as const;
export type DerivedName = (typeof DERIVED)[number];

/** Derived figures that are amounts of money (a local value in `unit` and a US-dollar value). */
export const MONEY_DERIVED: ReadonlySet<DerivedName> = new Set([
  'funding.total',
  'funding.need',
  'funding.gap',
  'criminalisation.prison_per_person_year',
  'criminalisation.services_per_person_year',
  'criminalisation.prison_total_year',
  'criminalisation.enforcement_total_year',
  'criminalisation.total_year',
]);

/** What the gap map can colour countries by: the measures an advocate compares across countries. */
export const MAP_MEASURES = [
  'nsp.level',
  'nsp.syringes_per_pwid',
  'ost.level',
  'ost.coverage',
  'funding.share_of_need',
  'funding.gap',
  'criminalisation.ratio',
  'hiv.prevalence.pwid',
  'hcv.prevalence.pwid',
  'pwid',
] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];
