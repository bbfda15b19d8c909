/**
 * The indicator engine: from per-person facts of a period and scope to every value of
 * docs/indicators.md, totals and cross-tabulated disaggregations. Pure: the store gives the facts
 * (from rollups, or by brute force from raw contacts in the tests), the engine does the arithmetic.
 */

import { FLAG } from '../contact-items.js';
import { addDays } from '../dates.js';
import { episodeEnd } from '../ost.js';
import { type Period, periodDays } from '../periods.js';
import {
  type CoverageLevels,
  DEFAULT_LEVELS,
  DEFAULT_PACKAGE,
  INDICATORS,
  indicator as indicatorDefinition,
  levelOf,
  type PackageDefinition,
} from './definitions.js';
import { ageBand, type Dimension, dimensionValues, sexValues } from './disaggregation.js';

/** One person (a canonical client, merges resolved) over the period, in the scope — or at one org unit of it. */
export interface PersonFacts {
  client: string;
  sex: string;
  birthYear: number | null;
  kp: string | null;
  /** Org unit code at the requested level; null for the whole scope. */
  unit: string | null;
  contacts: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
  /** The person's first-ever contact with the programme (organisation-wide, merges included). */
  firstContact: string | null;
  /**
   * How many people share exactly these facts (1 when absent). The store may hand over classes of
   * people rather than each person: quantities are then the class's sums, and each count is the
   * class's head count — the same arithmetic as adding the people one by one.
   */
  people?: number;
  /** Where the person (or class) stands in the cascade; when absent, looked up in `cascade` by client. */
  cascade?: CascadeFacts;
}

export interface Attributes {
  client: string;
  sex: string;
  birthYear: number | null;
  kp: string | null;
  unit: string | null;
}

export interface OstEpisodeFacts extends Attributes {
  start: string;
  stop: string | null;
  /** The last dose (null before any): an open episode without one for `lostAfter` days ended as lost. */
  lastDose?: string | null;
  /** The programme's days without a dose that end an episode (absent: never). */
  lostAfter?: number;
}

export interface ReferralFacts extends Attributes {
  issued: string;
  status: string;
  /** How many referrals share these facts (1 when absent). */
  count?: number;
}

/**
 * Overdose events of the period (see overdose.ts), counted by who and where. An event without a
 * client has sex `unknown`, no birth year and no key population, so breakdowns still add up.
 */
export interface OverdoseFacts extends Attributes {
  events: number;
  deaths: number;
  /** Events where naloxone was given and the person survived. */
  reversals: number;
}

/** Where a person stands in the HIV cascade as of the period's end. */
export interface CascadeFacts {
  tested: boolean;
  diagnosed: boolean;
  onArt: boolean;
  suppressed: boolean;
}

export interface EstimateFacts {
  pwid: number | null;
  pwidOpioid: number | null;
  /** The estimate year used (the period end's year, or the latest earlier one). */
  year: number | null;
}

export interface ReportInput {
  period: Period;
  /** The day the report is made (ost.retention_6m is null until 182 days after the period). */
  today: string;
  dims: Dimension[];
  /** Org unit codes at the requested level, in report order (when orgUnit is a dimension). */
  units?: string[];
  persons: PersonFacts[];
  /** Per org unit (only when orgUnit is a dimension). */
  unitPersons?: PersonFacts[];
  /** People with a positive result in the period who started ART within 90 days; unit = where the result was given. */
  artLinked: Attributes[];
  /** OST episodes of the scope's people (unit = where the episode started). */
  ost: OstEpisodeFacts[];
  referrals: ReferralFacts[];
  /** Overdose events in the period (absent: none). */
  overdoses?: OverdoseFacts[];
  cascade: ReadonlyMap<string, CascadeFacts>;
  estimates: { total: EstimateFacts; byUnit?: ReadonlyMap<string, EstimateFacts> };
  targets: { indicator: string; value: number }[];
  package?: PackageDefinition;
  levels?: CoverageLevels;
}

export type Value = number | string | null;

export interface ReportValue {
  indicator: string;
  disaggregation: Record<string, string>;
  value: Value;
}

/** Counts behind the published values, kept for suppression and exports. */
export interface CellCounts {
  [id: string]: number;
}

interface Acc {
  contacts: number;
  reached: number;
  reachedNew: number;
  package: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  nspClients: number;
  htsTested: number;
  htsTestedPwid: number;
  htsPositive: number;
  prep: number;
  hcvTested: number;
  hcvPositive: number;
  hcvTreated: number;
  tbScreened: number;
  tbReferred: number;
  cascadeTested: number;
  cascadeDiagnosed: number;
  cascadeOnArt: number;
  cascadeSuppressed: number;
  artLinked: Set<string>;
  ostActive: Set<string>;
  ostNew: number;
  /** Each person's first episode started in the period (retention follows it). */
  ostStarted: Map<string, OstEpisodeFacts>;
  ostRetained: Set<string>;
  refMade: number;
  refCompleted: number;
  overdoses: number;
  overdoseDeaths: number;
}

function newAcc(): Acc {
  return {
    contacts: 0,
    reached: 0,
    reachedNew: 0,
    package: 0,
    syringes: 0,
    needles: 0,
    returned: 0,
    condoms: 0,
    naloxone: 0,
    reversals: 0,
    nspClients: 0,
    htsTested: 0,
    htsTestedPwid: 0,
    htsPositive: 0,
    prep: 0,
    hcvTested: 0,
    hcvPositive: 0,
    hcvTreated: 0,
    tbScreened: 0,
    tbReferred: 0,
    cascadeTested: 0,
    cascadeDiagnosed: 0,
    cascadeOnArt: 0,
    cascadeSuppressed: 0,
    artLinked: new Set(),
    ostActive: new Set(),
    ostNew: 0,
    ostStarted: new Map(),
    ostRetained: new Set(),
    refMade: 0,
    refCompleted: 0,
    overdoses: 0,
    overdoseDeaths: 0,
  };
}

/** Whether a person's period facts meet the KP package (components may come from different contacts). */
export function meetsPackage(
  p: Pick<PersonFacts, 'kp' | 'syringes' | 'needles' | 'condoms' | 'naloxone' | 'flags'>,
  def: PackageDefinition = DEFAULT_PACKAGE,
): boolean {
  if (p.kp !== 'pwid') return false;
  const injecting = def.injecting.some((c) => (c === 'syringes' ? p.syringes > 0 : p.needles > 0));
  if (!injecting) return false;
  return def.plus.some((c) => {
    switch (c) {
      case 'condoms':
        return p.condoms > 0;
      case 'naloxone':
        return p.naloxone > 0;
      case 'hiv_test':
        return (p.flags & FLAG.HIV_TEST) !== 0;
      case 'hiv_test_referral':
        return (p.flags & FLAG.HIV_TEST_REFERRAL) !== 0;
      case 'iec':
        return (p.flags & FLAG.IEC) !== 0;
      default:
        return false;
    }
  });
}

const KEY_SEP = '|';

/** The cell keys a subject falls in: every combination of its values along the requested dimensions. */
function cellKeys(dims: readonly Dimension[], a: Attributes, endYear: number): readonly string[] {
  let keys = [''];
  for (const d of dims) {
    const values =
      d.key === 'sex'
        ? sexValues(a.sex)
        : d.key === 'age'
          ? [ageBand(d.set, a.birthYear === null ? null : endYear - a.birthYear)]
          : d.key === 'kp'
            ? [a.kp ?? 'unknown']
            : [a.unit ?? ''];
    const next: string[] = [];
    for (const k of keys) for (const v of values) next.push(k ? `${k}${KEY_SEP}${v}` : v);
    keys = next;
  }
  return keys;
}

function keyToDisaggregation(dims: readonly Dimension[], key: string): Record<string, string> {
  if (!key) return {};
  const parts = key.split(KEY_SEP);
  return Object.fromEntries(dims.map((d, i) => [d.key, parts[i]!]));
}

const ratio = (n: number, d: number | null): number | null => (d === null || d === 0 ? null : n / d);

export interface ComputedReport {
  values: ReportValue[];
  /** Per row key ('' = total): the counts behind ratios, for suppression. */
  counts: Map<string, CellCounts>;
}

/** Computes every indicator for the total and each non-empty cell of the requested cross-tabulation. */
/** The facts besides people's classes that indicators are computed from (ReportInput's fields). */
export type FactSource = 'artLinked' | 'ost' | 'referrals' | 'overdoses';

const SOURCE_OF: [prefix: string, source: FactSource][] = [
  ['art.linked', 'artLinked'],
  ['ost.', 'ost'],
  ['referrals.', 'referrals'],
  ['overdose.', 'overdoses'],
  ['naloxone.reversals', 'overdoses'],
];

/**
 * Which facts these indicators need, counts behind ratios included: a caller that reads a few
 * indicators (a project's framework) need not read the rest. People's classes are always needed.
 */
export function factSourcesOf(ids: readonly string[]): Set<FactSource> {
  const all = new Set<string>();
  for (const id of ids) {
    all.add(id);
    const def = indicatorDefinition(id);
    if (def?.numerator) all.add(def.numerator);
    if (def?.denominator) all.add(def.denominator);
  }
  const out = new Set<FactSource>();
  for (const id of all) for (const [prefix, source] of SOURCE_OF) if (id.startsWith(prefix)) out.add(source);
  return out;
}

export function computeReport(input: ReportInput): ComputedReport {
  const { period, dims } = input;
  const endYear = Number(period.end.slice(0, 4));
  const pkg = input.package ?? DEFAULT_PACKAGE;
  const levels = input.levels ?? DEFAULT_LEVELS;
  const byUnit = dims.some((d) => d.key === 'orgUnit');
  const cells = new Map<string, Acc>();
  const accFor = (key: string) => {
    let a = cells.get(key);
    if (!a) {
      a = newAcc();
      cells.set(key, a);
    }
    return a;
  };
  accFor('');
  // The total counts each person once; cells count them under their own values (per unit when asked).
  // Many subjects share attributes: their cells are worked out once.
  const keysSeen = new Map<string, readonly string[]>();
  const keysOf = (a: Attributes) => {
    const id = `${a.sex}|${a.birthYear}|${a.kp}|${a.unit}`;
    let keys = keysSeen.get(id);
    if (!keys) {
      keys = cellKeys(dims, a, endYear);
      keysSeen.set(id, keys);
    }
    return keys;
  };
  const route = (a: Attributes, isUnitFact: boolean, fn: (acc: Acc) => void) => {
    if (!isUnitFact) fn(accFor(''));
    if (dims.length === 0 || byUnit !== isUnitFact) return;
    for (const k of keysOf(a)) fn(accFor(k));
  };

  const personRows = [
    ...input.persons.map((p) => [p, false] as const),
    ...(byUnit ? (input.unitPersons ?? []).map((p) => [p, true] as const) : []),
  ];
  for (const [p, isUnit] of personRows) {
    const c = p.cascade ?? input.cascade.get(p.client);
    const n = p.people ?? 1;
    const isNew = p.firstContact !== null && p.firstContact >= period.start && p.firstContact <= period.end;
    const inPackage = meetsPackage(p, pkg);
    route(p, isUnit, (acc) => {
      acc.contacts += p.contacts;
      acc.reached += n;
      if (isNew) acc.reachedNew += n;
      if (inPackage) acc.package += n;
      acc.syringes += p.syringes;
      acc.needles += p.needles;
      acc.returned += p.returned;
      acc.condoms += p.condoms;
      acc.naloxone += p.naloxone;
      acc.reversals += p.reversals;
      if (p.kp === 'pwid' && (p.syringes > 0 || p.needles > 0)) acc.nspClients += n;
      if (p.flags & FLAG.HIV_RESULT) {
        acc.htsTested += n;
        if (p.kp === 'pwid') acc.htsTestedPwid += n;
      }
      if (p.flags & FLAG.HIV_POSITIVE) acc.htsPositive += n;
      if (p.flags & FLAG.PREP) acc.prep += n;
      if (p.flags & FLAG.HCV_TESTED) acc.hcvTested += n;
      if (p.flags & FLAG.HCV_POSITIVE) acc.hcvPositive += n;
      if (p.flags & FLAG.HCV_TREATED) acc.hcvTreated += n;
      if (p.flags & FLAG.TB_SCREENED) acc.tbScreened += n;
      if (p.flags & FLAG.TB_REFERRED) acc.tbReferred += n;
      if (c?.tested) acc.cascadeTested += n;
      if (c?.diagnosed) acc.cascadeDiagnosed += n;
      if (c?.onArt) acc.cascadeOnArt += n;
      if (c?.suppressed) acc.cascadeSuppressed += n;
    });
  }
  for (const a of input.artLinked) route(a, a.unit !== null, (acc) => acc.artLinked.add(a.client));
  for (const raw of input.ost) {
    // Lost to treatment by today's knowledge: census and retention follow the same rule.
    const e =
      raw.stop === null && raw.lostAfter !== undefined
        ? {
            ...raw,
            stop: episodeEnd(
              { startDate: raw.start, stopDate: null, lastDoseDate: raw.lastDose ?? null },
              input.today,
              raw.lostAfter,
            ).stopDate,
          }
        : raw;
    const active = e.start <= period.end && (e.stop === null || e.stop > period.end);
    const started = e.start >= period.start && e.start <= period.end;
    const visit = (acc: Acc) => {
      if (active) acc.ostActive.add(e.client);
      if (started) {
        acc.ostNew++;
        const prev = acc.ostStarted.get(e.client);
        if (prev === undefined || e.start < prev.start) acc.ostStarted.set(e.client, e);
      }
    };
    route({ ...e, unit: null }, false, visit);
    if (byUnit) route(e, true, visit);
  }
  // Still in that episode 182 days after its start: active on day start + 182 (a stop on that day is off).
  for (const acc of cells.values()) {
    for (const [client, ep] of acc.ostStarted)
      if (ep.stop === null || ep.stop > addDays(ep.start, 182)) acc.ostRetained.add(client);
  }
  for (const r of input.referrals) {
    if (r.issued < period.start || r.issued > period.end || r.status === 'void') continue;
    const n = r.count ?? 1;
    const visit = (acc: Acc) => {
      acc.refMade += n;
      if (r.status === 'completed') acc.refCompleted += n;
    };
    route({ ...r, unit: null }, false, visit);
    if (byUnit) route(r, true, visit);
  }
  for (const o of input.overdoses ?? []) {
    const visit = (acc: Acc) => {
      acc.overdoses += o.events;
      acc.overdoseDeaths += o.deaths;
      acc.reversals += o.reversals;
    };
    route({ ...o, unit: null }, false, visit);
    if (byUnit) route(o, true, visit);
  }

  const retentionKnown = input.today >= addDays(period.end, 182);
  const estimateFor = (key: string): { est: EstimateFacts; applicable: boolean } => {
    if (key === '') return { est: input.estimates.total, applicable: true };
    const onlyUnit = dims.length === 1 && dims[0]!.key === 'orgUnit';
    return onlyUnit
      ? {
          est: input.estimates.byUnit?.get(key) ?? { pwid: null, pwidOpioid: null, year: null },
          applicable: true,
        }
      : { est: { pwid: null, pwidOpioid: null, year: null }, applicable: false };
  };
  const days = periodDays(period);

  // Every combination that has anyone in it, in the order of the dimensions' values.
  const order = (() => {
    if (dims.length === 0) return [''];
    let keys = [''];
    for (const d of dims) {
      const values = dimensionValues(d, input.units ?? []);
      const next: string[] = [];
      for (const k of keys) for (const v of values) next.push(k ? `${k}${KEY_SEP}${v}` : v);
      keys = next;
    }
    return ['', ...keys.filter((k) => cells.has(k))];
  })();

  const values: ReportValue[] = [];
  const counts = new Map<string, CellCounts>();
  const rows = order.map((key) => {
    const a = cells.get(key)!;
    const { est, applicable } = estimateFor(key);
    const ostDenominator = est.pwidOpioid ?? est.pwid;
    const perPwidYear = est.pwid ? (a.syringes / est.pwid) * (365 / days) : null;
    const ostCoverage = ratio(a.ostActive.size, ostDenominator);
    const c: CellCounts = {
      contacts: a.contacts,
      reached: a.reached,
      'reached.new': a.reachedNew,
      'reached.package': a.package,
      'nsp.syringes': a.syringes,
      'nsp.needles': a.needles,
      'nsp.returned': a.returned,
      'nsp.clients': a.nspClients,
      condoms: a.condoms,
      'naloxone.kits': a.naloxone,
      'naloxone.reversals': a.reversals,
      'overdose.events': a.overdoses,
      'overdose.deaths': a.overdoseDeaths,
      'hts.tested': a.htsTested,
      'hts.tested.pwid': a.htsTestedPwid,
      'hts.positive': a.htsPositive,
      'art.linked': a.artLinked.size,
      prep: a.prep,
      'hcv.tested': a.hcvTested,
      'hcv.positive': a.hcvPositive,
      'hcv.treated': a.hcvTreated,
      'tb.screened': a.tbScreened,
      'tb.referred': a.tbReferred,
      'ost.active': a.ostActive.size,
      'ost.new': a.ostNew,
      'ost.started_clients': a.ostStarted.size,
      'ost.retained_6m': a.ostRetained.size,
      'referrals.made': a.refMade,
      'referrals.completed': a.refCompleted,
      'cascade.tested': a.cascadeTested,
      'cascade.diagnosed': a.cascadeDiagnosed,
      'cascade.on_art': a.cascadeOnArt,
      'cascade.suppressed': a.cascadeSuppressed,
    };
    if (applicable) {
      if (est.pwid !== null) c['estimate.pwid'] = est.pwid;
      if (ostDenominator !== null) c['estimate.ost_denominator_value'] = ostDenominator;
    }
    counts.set(key, c);
    const v: Record<string, Value> = {
      ...c,
      'nsp.return_rate': ratio(a.returned, a.syringes),
      'nsp.per_client': ratio(a.syringes, a.nspClients),
      'ost.retention_6m': retentionKnown ? ratio(a.ostRetained.size, a.ostStarted.size) : null,
      'referrals.completion_rate': ratio(a.refCompleted, a.refMade),
    };
    if (applicable) {
      Object.assign(v, {
        'reached.package.coverage': ratio(a.package, est.pwid),
        'nsp.coverage': ratio(a.nspClients, est.pwid),
        'nsp.per_pwid_year': perPwidYear,
        'nsp.level': levelOf(perPwidYear, levels.nsp),
        'hts.coverage': ratio(a.htsTestedPwid, est.pwid),
        'ost.coverage': ostCoverage,
        'ost.level': levelOf(ostCoverage === null ? null : ostCoverage * 100, levels.ost),
        'estimate.pwid': est.pwid,
        'estimate.pwid_opioid': est.pwidOpioid,
        'estimate.year': est.year,
        'estimate.ost_denominator':
          est.pwidOpioid !== null ? 'pwid_opioid' : est.pwid !== null ? 'pwid' : null,
      });
    }
    return { key, v };
  });
  for (const def of INDICATORS) {
    if (def.id === 'targets.achievement') {
      const total = rows[0]!.v;
      for (const t of input.targets) {
        const reported = total[t.indicator];
        values.push({
          indicator: def.id,
          disaggregation: { indicator: t.indicator },
          value: typeof reported === 'number' && t.value > 0 ? reported / t.value : null,
        });
      }
      continue;
    }
    for (const { key, v } of rows) {
      if (!(def.id in v)) continue;
      if (key !== '' && def.breakdown === 'none') continue;
      values.push({
        indicator: def.id,
        disaggregation: keyToDisaggregation(dims, key),
        value: v[def.id] ?? null,
      });
    }
  }
  return { values, counts };
}
