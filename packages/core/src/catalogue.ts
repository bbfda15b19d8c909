/**
 * The service catalogue: every item a contact can carry, its kind, and the indicator it feeds.
 * Defaults cover the WHO/UNODC/UNAIDS comprehensive package plus naloxone, PrEP, SRH and social support;
 * a programme may add its own items (they are recorded and shown, and feed no standard indicator).
 */

export type ItemKind =
  | 'commodity'
  | 'test'
  | 'status'
  | 'referral'
  | 'education'
  | 'social_support'
  | 'ost'
  | 'overdose';

export interface CatalogueItem {
  code: string;
  kind: ItemKind;
  /** Message id for the label in the web app's catalogues. */
  label: string;
  /** Indicator ids (docs/indicators.md) this item feeds. */
  feeds: string[];
  /** Tests: allowed results. OST: allowed events. */
  results?: readonly string[];
  /** Largest quantity one contact can plausibly carry; more is refused as a typing error. */
  maxQuantity?: number;
  /** Commodities counted in stock. */
  stocked?: boolean;
}

export const HIV_RESULTS = ['negative', 'positive', 'indeterminate', 'declined', 'referred'] as const;
export const HCV_RESULTS = ['negative', 'positive', 'referred'] as const;
export const TB_RESULTS = ['negative', 'presumptive'] as const;
export const OST_EVENTS = ['start', 'dose', 'stop'] as const;
export const OST_MEDICINES = [
  'methadone',
  'buprenorphine',
  'buprenorphine_naloxone',
  'morphine',
  'other',
] as const;

export const REFERRAL_SERVICES = [
  'art',
  'ost',
  'hcv',
  'tb',
  'sti',
  'srh',
  'legal',
  'shelter',
  'food',
  'psychosocial',
  'income',
  'partner_child',
  'hiv_test',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];

export const DEFAULT_CATALOGUE: readonly CatalogueItem[] = [
  {
    code: 'syringes',
    kind: 'commodity',
    label: 'item.syringes',
    feeds: ['nsp.syringes', 'nsp.clients', 'reached.package'],
    maxQuantity: 2000,
    stocked: true,
  },
  {
    code: 'needles',
    kind: 'commodity',
    label: 'item.needles',
    feeds: ['nsp.needles', 'nsp.clients', 'reached.package'],
    maxQuantity: 2000,
    stocked: true,
  },
  {
    code: 'syringes_returned',
    kind: 'commodity',
    label: 'item.syringes_returned',
    feeds: ['nsp.returned'],
    maxQuantity: 10000,
  },
  {
    code: 'injecting_equipment',
    kind: 'commodity',
    label: 'item.injecting_equipment',
    feeds: [],
    maxQuantity: 1000,
    stocked: true,
  },
  {
    code: 'condoms',
    kind: 'commodity',
    label: 'item.condoms',
    feeds: ['condoms', 'reached.package'],
    maxQuantity: 1000,
    stocked: true,
  },
  {
    code: 'lubricant',
    kind: 'commodity',
    label: 'item.lubricant',
    feeds: [],
    maxQuantity: 1000,
    stocked: true,
  },
  {
    code: 'naloxone',
    kind: 'commodity',
    label: 'item.naloxone',
    feeds: ['naloxone.kits', 'reached.package'],
    maxQuantity: 50,
    stocked: true,
  },
  {
    code: 'hiv_self_test',
    kind: 'commodity',
    label: 'item.hiv_self_test',
    feeds: [],
    maxQuantity: 20,
    stocked: true,
  },
  {
    code: 'naloxone_reversal',
    kind: 'overdose',
    label: 'item.naloxone_reversal',
    feeds: ['naloxone.reversals'],
    maxQuantity: 20,
  },
  { code: 'iec', kind: 'education', label: 'item.iec', feeds: ['reached.package'] },
  {
    code: 'hiv_test',
    kind: 'test',
    label: 'item.hiv_test',
    results: HIV_RESULTS,
    feeds: ['hts.tested', 'hts.positive', 'hts.coverage', 'reached.package'],
  },
  { code: 'art_start', kind: 'status', label: 'item.art_start', feeds: ['art.linked'] },
  { code: 'viral_load', kind: 'test', label: 'item.viral_load', feeds: [] },
  { code: 'prep', kind: 'status', label: 'item.prep', feeds: ['prep'] },
  {
    code: 'hcv_test',
    kind: 'test',
    label: 'item.hcv_test',
    results: HCV_RESULTS,
    feeds: ['hcv.tested', 'hcv.positive'],
  },
  { code: 'hcv_treatment_start', kind: 'status', label: 'item.hcv_treatment_start', feeds: ['hcv.treated'] },
  { code: 'hbv_test', kind: 'test', label: 'item.hbv_test', results: HCV_RESULTS, feeds: [] },
  {
    code: 'tb_screening',
    kind: 'test',
    label: 'item.tb_screening',
    results: TB_RESULTS,
    feeds: ['tb.screened', 'tb.referred'],
  },
  {
    code: 'sti_screening',
    kind: 'test',
    label: 'item.sti_screening',
    results: ['negative', 'positive', 'referred'],
    feeds: [],
  },
  {
    code: 'ost',
    kind: 'ost',
    label: 'item.ost',
    results: OST_EVENTS,
    feeds: ['ost.active', 'ost.new', 'ost.retention_6m'],
  },
  {
    code: 'referral',
    kind: 'referral',
    label: 'item.referral',
    feeds: ['referrals.made', 'referrals.completed', 'reached.package', 'tb.referred'],
  },
  { code: 'srh', kind: 'social_support', label: 'item.srh', feeds: [] },
  { code: 'legal_aid', kind: 'social_support', label: 'item.legal_aid', feeds: [] },
  { code: 'food', kind: 'social_support', label: 'item.food', feeds: [] },
  { code: 'shelter', kind: 'social_support', label: 'item.shelter', feeds: [] },
  { code: 'psychosocial', kind: 'social_support', label: 'item.psychosocial', feeds: [] },
  { code: 'income_generation', kind: 'social_support', label: 'item.income_generation', feeds: [] },
  { code: 'partner_child_support', kind: 'social_support', label: 'item.partner_child_support', feeds: [] },
];

export const STOCKED_COMMODITIES = DEFAULT_CATALOGUE.filter((i) => i.stocked).map((i) => i.code);

export function catalogueItem(code: string, extra: readonly CatalogueItem[] = []): CatalogueItem | undefined {
  return DEFAULT_CATALOGUE.find((i) => i.code === code) ?? extra.find((i) => i.code === code);
}
