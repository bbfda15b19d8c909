/**
 * Every indicator Harbour reports, in the order of docs/indicators.md, with what it can be broken down
 * by and which counts a suppressed ratio depends on. Ids are stable: reports, exports and dashboards use them.
 */

export type IndicatorKind = 'count' | 'ratio' | 'level' | 'estimate';

/** `client`: by sex, age, kp and org unit; `unit`: by org unit only (size estimates exist per unit); `none`: totals only. */
export type Breakdown = 'client' | 'unit' | 'none';

export interface IndicatorDefinition {
  id: string;
  kind: IndicatorKind;
  breakdown: Breakdown;
  /** For ratios and levels: the counts behind them (a ratio is suppressed when either is below k). */
  numerator?: string;
  denominator?: string;
  /** Counts that add up across a breakdown (complementary suppression applies to them). */
  additive?: boolean;
  source?: string;
}

const count = (id: string, source?: string): IndicatorDefinition => ({
  id,
  kind: 'count',
  breakdown: 'client',
  additive: true,
  ...(source ? { source } : {}),
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  count('contacts'),
  count('reached', 'KP_PREV counting rule'),
  count('reached.new'),
  count('reached.package', 'Global Fund KP-1d numerator'),
  {
    id: 'reached.package.coverage',
    kind: 'ratio',
    breakdown: 'unit',
    numerator: 'reached.package',
    denominator: 'estimate.pwid',
    source: 'Global Fund KP-1d',
  },
  count('nsp.syringes', 'NSP.C.1c / GAM 1.9 numerator'),
  count('nsp.needles'),
  count('nsp.returned'),
  {
    id: 'nsp.return_rate',
    kind: 'ratio',
    breakdown: 'client',
    numerator: 'nsp.returned',
    denominator: 'nsp.syringes',
  },
  count('nsp.clients', 'WHO PRV.8 numerator'),
  {
    id: 'nsp.coverage',
    kind: 'ratio',
    breakdown: 'unit',
    numerator: 'nsp.clients',
    denominator: 'estimate.pwid',
    source: 'WHO PRV.8',
  },
  {
    id: 'nsp.per_client',
    kind: 'ratio',
    breakdown: 'client',
    numerator: 'nsp.syringes',
    denominator: 'nsp.clients',
    source: 'Global Fund KP-4 (12-month period)',
  },
  {
    id: 'nsp.per_pwid_year',
    kind: 'ratio',
    breakdown: 'unit',
    numerator: 'nsp.syringes',
    denominator: 'estimate.pwid',
    source: 'UNAIDS GAM 1.9, WHO PRV.10',
  },
  {
    id: 'nsp.level',
    kind: 'level',
    breakdown: 'unit',
    numerator: 'nsp.syringes',
    denominator: 'estimate.pwid',
  },
  count('condoms'),
  count('naloxone.kits'),
  count('naloxone.reversals'),
  count('overdose.events'),
  count('overdose.deaths'),
  count('hts.tested', 'HTS_TST'),
  count('hts.positive'),
  {
    id: 'hts.coverage',
    kind: 'ratio',
    breakdown: 'unit',
    numerator: 'hts.tested.pwid',
    denominator: 'estimate.pwid',
    source: 'Global Fund HTS-3d',
  },
  count('art.linked'),
  count('prep', 'Global Fund KP-6d'),
  count('hcv.tested'),
  count('hcv.positive'),
  count('hcv.treated'),
  count('tb.screened'),
  count('tb.referred'),
  count('ost.active', 'GAM 1.10 / Global Fund KP-8 numerator'),
  {
    id: 'ost.coverage',
    kind: 'ratio',
    breakdown: 'unit',
    numerator: 'ost.active',
    denominator: 'estimate.ost_denominator_value',
    source: 'GAM 1.10, Global Fund KP-8, WHO PRV.11',
  },
  {
    id: 'ost.level',
    kind: 'level',
    breakdown: 'unit',
    numerator: 'ost.active',
    denominator: 'estimate.ost_denominator_value',
  },
  count('ost.new'),
  {
    id: 'ost.retention_6m',
    kind: 'ratio',
    breakdown: 'client',
    numerator: 'ost.retained_6m',
    denominator: 'ost.started_clients',
    source: 'Global Fund KP-5, WHO PRV.13',
  },
  count('referrals.made'),
  count('referrals.completed'),
  {
    id: 'referrals.completion_rate',
    kind: 'ratio',
    breakdown: 'client',
    numerator: 'referrals.completed',
    denominator: 'referrals.made',
  },
  { id: 'targets.achievement', kind: 'ratio', breakdown: 'none' },
  count('cascade.tested'),
  count('cascade.diagnosed'),
  count('cascade.on_art'),
  count('cascade.suppressed'),
  { id: 'estimate.pwid', kind: 'estimate', breakdown: 'unit' },
  { id: 'estimate.pwid_opioid', kind: 'estimate', breakdown: 'unit' },
  { id: 'estimate.year', kind: 'estimate', breakdown: 'unit' },
  { id: 'estimate.ost_denominator', kind: 'estimate', breakdown: 'unit' },
];

export const INDICATOR_IDS = INDICATORS.map((i) => i.id);

export function indicator(id: string): IndicatorDefinition | undefined {
  return INDICATORS.find((i) => i.id === id);
}

/** WHO/UNODC/UNAIDS coverage bands (defaults; a programme may configure its own). */
export interface CoverageLevels {
  /** Syringes per PWID per year: below the first is low, below the second medium, else high. */
  nsp: [number, number];
  /** OST clients per 100 opioid-dependent PWID. */
  ost: [number, number];
}

export const DEFAULT_LEVELS: CoverageLevels = { nsp: [100, 200], ost: [20, 40] };

export function levelOf(
  value: number | null,
  [low, high]: [number, number],
): 'low' | 'medium' | 'high' | null {
  if (value === null || !Number.isFinite(value)) return null;
  return value < low ? 'low' : value < high ? 'medium' : 'high';
}

/** The KP package (Global Fund KP-1d), configurable per programme: injecting equipment AND one of the rest. */
export interface PackageDefinition {
  injecting: ('syringes' | 'needles')[];
  plus: ('condoms' | 'hiv_test' | 'hiv_test_referral' | 'naloxone' | 'iec')[];
}

export const DEFAULT_PACKAGE: PackageDefinition = {
  injecting: ['syringes', 'needles'],
  plus: ['condoms', 'hiv_test', 'hiv_test_referral', 'naloxone', 'iec'],
};
