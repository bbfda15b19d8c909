/**
 * A country profile (docs/advocacy.md §2–§4): which value of each measure a year uses, money in US
 * dollars at the rate of its own year, and every derived figure — exact (decimal arithmetic, never
 * rounded), or absent with the inputs it lacks. Pure: the server, the CLI and the what-if all call this.
 */

import { Decimal } from 'decimal.js';
import type { FieldIssue } from '../problems.js';
import { type CountryFigure, checkFigureRow } from './figure-row.js';
import { DERIVED, type DerivedName, MONEY_DERIVED, measureSpec } from './measures.js';

/** Enough digits that a sum or product of any figures a country has is exact, and a quotient exact to the last digit a double shows. */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;

export const PROFILE_FORMAT = 'harbour.country-profile/1';

/** WHO/UNODC/UNAIDS coverage levels: syringes per PWID per year (indicators.md) and OST coverage. */
export const NSP_LEVELS = [100, 200] as const;
export const OST_LEVELS = [0.2, 0.4] as const;
/** funding.need assumes every PWID reached by NSP and this share of people who use opioids on OST (WHO high). */
export const OST_NEED_SHARE = '0.40';

export interface ProfileMeasure {
  measure: string;
  value: number | string;
  /** The year the value describes (the profile's year, or the latest earlier year that has one). */
  year: number;
  unit: string | null;
  source: string;
  as_of: string | null;
  lower: number | null;
  upper: number | null;
  url: string | null;
  notes: string | null;
  /** True when a what-if changed this value (not saved). */
  what_if?: boolean;
}

export interface DerivedFigure {
  measure: DerivedName;
  /** In `unit` for money (only when every money input shares one currency); the same as value_usd otherwise. */
  value: number | string | null;
  unit: string | null;
  value_usd: number | string | null;
  /** Inputs that are absent (measures, or `fx.usd` when a currency has no rate); empty when computed. */
  missing: string[];
  /** A sentence on why a value or its US-dollar value is absent, or what it leaves out. */
  reason?: string;
  /** criminalisation.total_year without enforcement costs: the true cost is higher. */
  lower_bound?: boolean;
  /** Harbour's own figure hidden by the small-number rules for this reader. */
  suppressed?: boolean;
}

export interface CountryProfile {
  format: typeof PROFILE_FORMAT;
  country: string;
  year: number;
  measures: ProfileMeasure[];
  derived: DerivedFigure[];
}

/** A value changed for a what-if (never saved as a figure). */
export interface WhatIf {
  measure: string;
  value: string;
  /** Currency of a money value; defaults to the currency of the value it replaces. */
  unit?: string | null;
}

/** Harbour's own syringes for the country and year (from the org unit carrying its code). */
export interface ProgrammeSyringes {
  /** Null when there is no such org unit, or the number is suppressed for this reader. */
  value: number | null;
  suppressed?: boolean;
  /** Why there is no number (e.g. no org unit has the country's code). */
  reason?: string;
}

export interface ProfileInput {
  country: string;
  year: number;
  /** This country's figures, any years (later years are ignored). */
  figures: readonly CountryFigure[];
  programme?: ProgrammeSyringes | null;
  whatIf?: readonly WhatIf[];
}

/** Checks what-if values as if they were imported (same rules, same messages); `whatIf.N.value` names the field. */
export function checkWhatIf(
  whatIf: readonly WhatIf[],
  chosen: ReadonlyMap<string, CountryFigure>,
  year: number,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  whatIf.forEach((w, i) => {
    const base = chosen.get(w.measure);
    const r = checkFigureRow(
      {
        country: 'US',
        year: String(base?.year ?? year),
        measure: w.measure,
        value: w.value,
        unit: w.unit ?? base?.unit ?? '',
        source: 'what-if',
      },
      year,
    );
    if (!r.ok) for (const x of r.issues) issues.push({ ...x, field: `whatIf.${i}.${x.field}` });
  });
  return issues;
}

/** For each measure, the value of `year` or of the latest earlier year (§2). */
export function chooseFigures(figures: readonly CountryFigure[], year: number): Map<string, CountryFigure> {
  const chosen = new Map<string, CountryFigure>();
  for (const f of figures) {
    if (f.year > year) continue;
    const had = chosen.get(f.measure);
    if (!had || f.year > had.year) chosen.set(f.measure, f);
  }
  return chosen;
}

interface Money {
  local: Dec | null;
  unit: string | null;
  usd: Dec | null;
  /** Currencies (with the year) that had no rate. */
  noRate: string[];
}

const num = (d: Dec): number => d.toNumber();

export function buildProfile(input: ProfileInput): CountryProfile {
  const { country, year } = input;
  // A what-if replaces the value it names, in that value's year and currency (or the profile's year).
  let figures = input.figures.filter((f) => f.year <= year);
  const before = chooseFigures(figures, year);
  const changed = new Set<string>();
  for (const w of input.whatIf ?? []) {
    const base = before.get(w.measure);
    const replacement: CountryFigure = {
      ...(base ?? {
        country,
        year,
        measure: w.measure,
        source: 'what-if',
        asOf: null,
        lower: null,
        upper: null,
        url: null,
        notes: null,
      }),
      value: w.value,
      unit: w.unit ?? base?.unit ?? null,
      lower: null,
      upper: null,
    };
    figures = figures.filter((f) => f !== base).concat(replacement);
    changed.add(w.measure);
  }
  const chosen = chooseFigures(figures, year);

  // The latest rate of a currency up to a year (§2: the money's own year, else the latest before it).
  const rates = figures.filter((f) => f.measure === 'fx.usd');
  const rateFor = (unit: string, atYear: number): Dec | null => {
    let best: CountryFigure | undefined;
    for (const r of rates) if (r.unit === unit && r.year <= atYear && (!best || r.year > best.year)) best = r;
    return best ? new D(best.value) : null;
  };

  const has = (m: string) => chosen.has(m);
  const dec = (m: string): Dec => new D((chosen.get(m) as CountryFigure).value);
  const lacking = (...names: string[]) => names.filter((n) => !has(n));
  const money = (m: string): Money => {
    const f = chosen.get(m) as CountryFigure;
    const local = new D(f.value);
    const unit = f.unit as string;
    if (unit === 'USD') return { local, unit, usd: local, noRate: [] };
    const rate = rateFor(unit, f.year);
    return { local, unit, usd: rate ? local.div(rate) : null, noRate: rate ? [] : [`${unit} (${f.year})`] };
  };
  const combine = (a: Money, b: Money, op: (x: Dec, y: Dec) => Dec): Money => {
    const same = a.unit !== null && a.unit === b.unit;
    return {
      local: same && a.local && b.local ? op(a.local, b.local) : null,
      unit: same ? a.unit : null,
      usd: a.usd && b.usd ? op(a.usd, b.usd) : null,
      noRate: [...new Set([...a.noRate, ...b.noRate])],
    };
  };
  const plus = (a: Money, b: Money) => combine(a, b, (x, y) => x.plus(y));
  const minus = (a: Money, b: Money) => combine(a, b, (x, y) => x.minus(y));
  const times = (a: Money, n: Dec): Money => ({
    local: a.local ? a.local.times(n) : null,
    unit: a.unit,
    usd: a.usd ? a.usd.times(n) : null,
    noRate: a.noRate,
  });

  const out = new Map<DerivedName, DerivedFigure>();
  const absent = (measure: DerivedName, missing: string[], reason?: string): DerivedFigure => ({
    measure,
    value: null,
    unit: null,
    value_usd: null,
    missing,
    ...(reason ? { reason } : {}),
  });
  const ratio = (measure: DerivedName, value: Dec | string): DerivedFigure => {
    const v = typeof value === 'string' ? value : num(value);
    return { measure, value: v, unit: null, value_usd: v, missing: [] };
  };
  const moneyFigure = (measure: DerivedName, m: Money): DerivedFigure => {
    const f: DerivedFigure = {
      measure,
      value: m.local ? num(m.local) : null,
      unit: m.local ? m.unit : null,
      value_usd: m.usd ? num(m.usd) : null,
      missing: m.usd ? [] : ['fx.usd'],
    };
    if (!m.usd) f.reason = `No fx.usd rate for ${m.noRate.join(', ')} or an earlier year`;
    else if (!m.local) f.reason = 'Its inputs are in different currencies: shown in US dollars only';
    return f;
  };
  /** A quotient of two US-dollar amounts (§3: ratios made from money use US dollars). */
  const usdQuotient = (measure: DerivedName, a: Money, b: Money, floor = false): DerivedFigure => {
    if (!a.usd || !b.usd)
      return absent(
        measure,
        ['fx.usd'],
        `No fx.usd rate for ${[...new Set([...a.noRate, ...b.noRate])].join(', ')} or an earlier year`,
      );
    if (b.usd.isZero()) return absent(measure, [], 'Its divisor is zero');
    const q = a.usd.div(b.usd);
    return ratio(measure, floor ? q.floor() : q);
  };
  const quotient = (measure: DerivedName, top: string, bottom: string): Dec | null => {
    const miss = lacking(top, bottom);
    if (miss.length) {
      out.set(measure, absent(measure, miss));
      return null;
    }
    if (dec(bottom).isZero()) {
      out.set(measure, absent(measure, [], `${bottom} is 0`));
      return null;
    }
    const q = dec(top).div(dec(bottom));
    out.set(measure, ratio(measure, q));
    return q;
  };
  const level = (
    measure: DerivedName,
    of: DerivedName,
    value: Dec | null,
    [low, high]: readonly [number, number],
  ) => {
    if (value === null) {
      const from = out.get(of) as DerivedFigure;
      out.set(measure, absent(measure, from.missing, from.reason));
      return;
    }
    out.set(measure, ratio(measure, value.lt(low) ? 'low' : value.lt(high) ? 'medium' : 'high'));
  };

  // Coverage.
  level(
    'nsp.level',
    'nsp.syringes_per_pwid',
    quotient('nsp.syringes_per_pwid', 'nsp.syringes', 'pwid'),
    NSP_LEVELS,
  );
  level('ost.level', 'ost.coverage', quotient('ost.coverage', 'ost.clients', 'pwud_opioid'), OST_LEVELS);

  // Harbour's own contribution.
  const p = input.programme;
  if (!p || p.value === null) {
    const reason = p?.suppressed
      ? 'Hidden by the small-number rules for external readers'
      : (p?.reason ?? 'No org unit carries this country code');
    const hidden = p?.suppressed ? { suppressed: true } : {};
    out.set('programme.nsp.syringes', { ...absent('programme.nsp.syringes', [], reason), ...hidden });
    out.set('programme.nsp.syringes_per_pwid', {
      ...absent('programme.nsp.syringes_per_pwid', [], reason),
      ...hidden,
    });
  } else {
    out.set('programme.nsp.syringes', ratio('programme.nsp.syringes', new D(p.value)));
    if (!has('pwid'))
      out.set('programme.nsp.syringes_per_pwid', absent('programme.nsp.syringes_per_pwid', ['pwid']));
    else if (dec('pwid').isZero())
      out.set('programme.nsp.syringes_per_pwid', absent('programme.nsp.syringes_per_pwid', [], 'pwid is 0'));
    else
      out.set(
        'programme.nsp.syringes_per_pwid',
        ratio('programme.nsp.syringes_per_pwid', new D(p.value).div(dec('pwid'))),
      );
  }

  // Funding.
  const fundingParts = lacking('funding.domestic', 'funding.international');
  const total = fundingParts.length ? null : plus(money('funding.domestic'), money('funding.international'));
  out.set(
    'funding.total',
    total ? moneyFigure('funding.total', total) : absent('funding.total', fundingParts),
  );
  const needInputs = lacking('pwid', 'cost.nsp_per_person_year', 'pwud_opioid', 'cost.ost_per_person_year');
  const need = needInputs.length
    ? null
    : plus(
        times(money('cost.nsp_per_person_year'), dec('pwid')),
        times(money('cost.ost_per_person_year'), dec('pwud_opioid').times(OST_NEED_SHARE)),
      );
  out.set('funding.need', need ? moneyFigure('funding.need', need) : absent('funding.need', needInputs));
  if (need && total) {
    out.set('funding.gap', moneyFigure('funding.gap', minus(need, total)));
    out.set('funding.share_of_need', usdQuotient('funding.share_of_need', total, need));
  } else {
    const miss = [...needInputs, ...fundingParts];
    out.set('funding.gap', absent('funding.gap', miss));
    out.set('funding.share_of_need', absent('funding.share_of_need', miss));
  }

  // The cost of criminalisation (EHRA: prison against a year of health and social services).
  const prisonYear = has('prison.cost_per_day') ? times(money('prison.cost_per_day'), new D(365)) : null;
  out.set(
    'criminalisation.prison_per_person_year',
    prisonYear
      ? moneyFigure('criminalisation.prison_per_person_year', prisonYear)
      : absent('criminalisation.prison_per_person_year', ['prison.cost_per_day']),
  );
  const serviceInputs = lacking(
    'cost.nsp_per_person_year',
    'cost.ost_per_person_year',
    'social.unemployment_benefit_year',
  );
  const services = serviceInputs.length
    ? null
    : plus(
        plus(money('cost.nsp_per_person_year'), money('cost.ost_per_person_year')),
        money('social.unemployment_benefit_year'),
      );
  out.set(
    'criminalisation.services_per_person_year',
    services
      ? moneyFigure('criminalisation.services_per_person_year', services)
      : absent('criminalisation.services_per_person_year', serviceInputs),
  );
  out.set(
    'criminalisation.ratio',
    prisonYear && services
      ? usdQuotient('criminalisation.ratio', prisonYear, services)
      : absent('criminalisation.ratio', [...(prisonYear ? [] : ['prison.cost_per_day']), ...serviceInputs]),
  );
  const prisonTotal =
    prisonYear && has('prison.drug_use_prisoners')
      ? times(prisonYear, dec('prison.drug_use_prisoners'))
      : null;
  const prisonTotalMissing = lacking('prison.cost_per_day', 'prison.drug_use_prisoners');
  out.set(
    'criminalisation.prison_total_year',
    prisonTotal
      ? moneyFigure('criminalisation.prison_total_year', prisonTotal)
      : absent('criminalisation.prison_total_year', prisonTotalMissing),
  );
  const enforcementInputs = lacking(
    'enforcement.drug_use_cases',
    'enforcement.police_cost_per_case',
    'enforcement.court_cost_per_case',
  );
  const enforcement = enforcementInputs.length
    ? null
    : times(
        plus(money('enforcement.police_cost_per_case'), money('enforcement.court_cost_per_case')),
        dec('enforcement.drug_use_cases'),
      );
  out.set(
    'criminalisation.enforcement_total_year',
    enforcement
      ? moneyFigure('criminalisation.enforcement_total_year', enforcement)
      : absent('criminalisation.enforcement_total_year', enforcementInputs),
  );
  if (prisonTotal) {
    // Absent enforcement costs count as 0 and make the total a lower bound; present ones are never dropped.
    const sum = enforcement ? plus(prisonTotal, enforcement) : prisonTotal;
    const f = moneyFigure('criminalisation.total_year', sum);
    if (!enforcement) {
      f.lower_bound = true;
      f.reason = `${f.reason ? `${f.reason}. ` : ''}A lower bound: police and court costs are not included (missing ${enforcementInputs.join(', ')})`;
    }
    out.set('criminalisation.total_year', f);
    out.set(
      'criminalisation.people_served_instead',
      services
        ? usdQuotient('criminalisation.people_served_instead', sum, services, true)
        : absent('criminalisation.people_served_instead', serviceInputs),
    );
    if (!enforcement && services)
      (out.get('criminalisation.people_served_instead') as DerivedFigure).lower_bound = true;
  } else {
    out.set('criminalisation.total_year', absent('criminalisation.total_year', prisonTotalMissing));
    out.set(
      'criminalisation.people_served_instead',
      absent('criminalisation.people_served_instead', [...prisonTotalMissing, ...serviceInputs]),
    );
  }

  const measures: ProfileMeasure[] = [...chosen.values()]
    .sort((a, b) => a.measure.localeCompare(b.measure))
    .map((f) => {
      const numeric = measureSpec(f.measure)?.kind !== 'word' && /^-?[0-9]/.test(f.value);
      return {
        measure: f.measure,
        value: numeric ? Number(f.value) : f.value,
        year: f.year,
        unit: f.unit,
        source: f.source,
        as_of: f.asOf,
        lower: f.lower === null ? null : Number(f.lower),
        upper: f.upper === null ? null : Number(f.upper),
        url: f.url,
        notes: f.notes,
        ...(changed.has(f.measure) ? { what_if: true } : {}),
      };
    });
  return {
    format: PROFILE_FORMAT,
    country,
    year,
    measures,
    derived: DERIVED.map((d) => out.get(d) as DerivedFigure),
  };
}

/** Whether a derived figure is an amount of money (has a local value in `unit`). */
export function isMoneyDerived(name: string): boolean {
  return MONEY_DERIVED.has(name as DerivedName);
}
