/** Sync limits the phone and the server share, apart from the schemas so the field app needs no validation library for them. */

/** Why a phone takes back a contact it recorded (a subset of the console's void reasons). */
export const PHONE_VOID_REASONS = ['entered_in_error', 'duplicate_entry'] as const;

/** How long after recording it a phone may take a contact back; older ones are voided in the console. */
export const PHONE_VOID_DAYS = 7;

/** At most this many items per push: a slow link sends several small batches, each acknowledged. */
export const MAX_PUSH_ITEMS = 500;
