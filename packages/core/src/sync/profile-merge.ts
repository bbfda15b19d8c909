/**
 * Client profile fields merge last-writer-wins per field, by hybrid logical clock. Used by the server
 * when a device pushes an enrolment or an edit, and by the phone when it pulls a newer profile.
 */

import { compareStamps } from './hlc.js';

export const PROFILE_FIELDS = ['sex', 'birthYear', 'kp'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfileValues = { sex?: string; birthYear?: number | null; kp?: string | null };
export type ProfileClock = Partial<Record<ProfileField, string>>;

/** What ends a stamp the server gave a statement made at the console. */
const SERVER = '|server';

/** "Don't know" is not a statement about the person: it never overwrites something known. */
function isUnknown(field: ProfileField, value: unknown): boolean {
  return value === null || value === undefined || (field === 'sex' && value === 'unknown');
}

/**
 * Whether a field's value says something about the person. A known value does; so does a "not
 * stated" set at the console (stamped by the server, `serverStamp`): a person's correction there is
 * a statement like any other. An unknown a phone or a register left is only a gap.
 */
export function isStatement(field: ProfileField, value: unknown, stamp: string | undefined): boolean {
  return !isUnknown(field, value) || (stamp?.endsWith(SERVER) ?? false);
}

/**
 * Applies `incoming` (each field stamped in `incomingClock`) over `current`. Returns the fields that
 * change and the merged clock. A field that says something wins when its stamp is newer, or when
 * the current value is a gap (see `isStatement`).
 */
export function mergeProfile(
  current: ProfileValues,
  currentClock: ProfileClock,
  incoming: ProfileValues,
  incomingClock: ProfileClock,
): { changes: ProfileValues; clock: ProfileClock } {
  const changes: ProfileValues = {};
  const clock: ProfileClock = { ...currentClock };
  for (const f of PROFILE_FIELDS) {
    if (!(f in incoming)) continue;
    const value = incoming[f];
    if (!isStatement(f, value, incomingClock[f])) continue;
    const newer = compareStamps(incomingClock[f], currentClock[f]) > 0;
    if (!newer && isStatement(f, current[f], currentClock[f])) continue;
    if (value !== current[f]) (changes as Record<string, unknown>)[f] = value;
    if (newer) clock[f] = incomingClock[f]!;
  }
  return { changes, clock };
}

/**
 * How new each kind of statement about a person is, in the one clock the fields keep:
 * - a correction at the console (or an enrolment there) is as new as the server's clock when made;
 * - a phone's edit carries its own stamp (above);
 * - a register row is as old as its day: a phone's edit made after that day wins over it.
 */
export const serverStamp = (at: string): string => `${at}${SERVER}`;
export const registerStamp = (day: string): string => `${day}T00:00:00.000Z|register`;

/** The clock for the fields a statement knows (a "don't know" says nothing, so it is not stamped). */
export function stampKnown(values: ProfileValues, stamp: string): ProfileClock {
  const clock: ProfileClock = {};
  for (const f of PROFILE_FIELDS) if (f in values && !isUnknown(f, values[f])) clock[f] = stamp;
  return clock;
}
