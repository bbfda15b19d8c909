/** Who a client is, without a name: sex or gender, birth year, one primary key-population group. */

export const SEXES = ['male', 'female', 'trans_woman', 'trans_man', 'nonbinary', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const KEY_POPULATIONS = ['pwid', 'pwud', 'partner', 'family', 'other'] as const;
export type KeyPopulation = (typeof KEY_POPULATIONS)[number];

export const PLACE_TYPES = ['fixed_site', 'outreach', 'mobile_unit', 'pharmacy', 'prison', 'online'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/** Birth years a programme can plausibly record (the oldest clients, the youngest children of clients). */
export function checkBirthYear(year: number, today: Date): string | null {
  const max = today.getUTCFullYear();
  if (!Number.isInteger(year) || year < 1900 || year > max) return `a year from 1900 to ${max}`;
  return null;
}
