/**
 * English names of indicators and disaggregation values for files that leave the server (XLSX, PDF),
 * read by donors who do not have the console's language. The console's English catalogue must say the
 * same (web/src/i18n/catalogues.test.ts checks it), so a figure has one name wherever it is read.
 */

export const INDICATOR_NAMES: Readonly<Record<string, string>> = {
  contacts: 'Contacts',
  reached: 'People reached',
  'reached.new': 'New people reached',
  'reached.package': 'PWID reached with the package',
  'reached.package.coverage': 'Package coverage of PWID',
  'nsp.syringes': 'Syringes distributed',
  'nsp.needles': 'Needles distributed',
  'nsp.returned': 'Syringes returned',
  'nsp.return_rate': 'Syringe return rate',
  'nsp.clients': 'PWID receiving syringes or needles',
  'nsp.coverage': 'NSP coverage of PWID',
  'nsp.per_client': 'Syringes per PWID reached',
  'nsp.per_pwid_year': 'Syringes per PWID per year',
  'nsp.level': 'Syringe coverage level (WHO)',
  condoms: 'Condoms distributed',
  'naloxone.kits': 'Naloxone kits distributed',
  'naloxone.reversals': 'Overdoses reversed with naloxone',
  'overdose.events': 'Overdoses responded to',
  'overdose.deaths': 'Overdose deaths',
  'hts.tested': 'People tested for HIV',
  'hts.positive': 'People with a positive HIV result',
  'hts.coverage': 'HIV testing coverage of PWID',
  'art.linked': 'Started ART within 90 days',
  prep: 'People given PrEP',
  'hcv.tested': 'People tested for hepatitis C',
  'hcv.positive': 'People with a positive hepatitis C result',
  'hcv.treated': 'People starting hepatitis C treatment',
  'tb.screened': 'People screened for TB',
  'tb.referred': 'People referred for TB diagnosis',
  'ost.active': 'People on OST (last day)',
  'ost.coverage': 'OST coverage',
  'ost.level': 'OST coverage level (WHO)',
  'ost.new': 'OST episodes started',
  'ost.retention_6m': 'Still on OST after 6 months',
  'referrals.made': 'Referrals made',
  'referrals.completed': 'Referrals completed',
  'referrals.completion_rate': 'Referrals completed (share)',
  'targets.achievement': 'Achievement against target',
  'cascade.tested': 'Clients ever tested for HIV',
  'cascade.diagnosed': 'Clients diagnosed with HIV',
  'cascade.on_art': 'Clients on ART',
  'cascade.suppressed': 'Clients virally suppressed',
  'estimate.pwid': 'Estimated PWID',
  'estimate.pwid_opioid': 'Estimated opioid-dependent PWID',
  'estimate.year': 'Estimate year used',
  'estimate.ost_denominator': 'OST coverage denominator',
};

/** Disaggregation values in words; age bands and org unit codes read as they are. */
export const DIMENSION_VALUE_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sex: {
    male: 'Male',
    female: 'Female',
    trans_woman: 'Transgender woman',
    trans_man: 'Transgender man',
    nonbinary: 'Non-binary',
    unknown: 'Not stated',
    transgender: 'Transgender (women and men, counted above)',
  },
  kp: {
    pwid: 'Injects drugs',
    pwud: 'Uses drugs, does not inject',
    partner: 'Partner of a person who uses drugs',
    family: 'Family member or child',
    other: 'Other',
    unknown: 'Not stated',
  },
  age: { unknown: 'Age not known' },
};

export const DIMENSION_NAMES: Readonly<Record<string, string>> = {
  orgUnit: 'Org unit',
  sex: 'Sex',
  age: 'Age',
  kp: 'Key population',
  indicator: 'Target for',
};

/** A disaggregation value in words (the indicator's name for a target's indicator). */
export function dimensionValueName(dim: string, value: string): string {
  if (dim === 'indicator') return INDICATOR_NAMES[value] ?? value;
  return DIMENSION_VALUE_NAMES[dim]?.[value] ?? value;
}
