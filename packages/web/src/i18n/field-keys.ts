/**
 * The messages the field app shows: only these travel to a phone (the console's catalogue is several
 * times larger), and every one must be translated in every language (catalogues.test.ts).
 */
export const FIELD_PREFIXES = [
  'field.',
  'sex.',
  'kp.',
  'item.',
  'referral.',
  'result.',
  'violation.',
  'perpetrator.',
] as const;

export function isFieldKey(key: string): boolean {
  return FIELD_PREFIXES.some((p) => key.startsWith(p));
}

/** The messages of a small-grants call's public page (apply/): translated in every complete catalogue and in French. */
export function isApplyKey(key: string): boolean {
  return key.startsWith('apply.');
}
