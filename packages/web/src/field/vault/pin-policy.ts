/**
 * What happens after wrong PINs: the first few are free (fingers slip), then each one doubles a
 * waiting time, and at the programme's limit the phone erases its data — a phone taken by someone
 * guessing PINs should hold nothing by the time they guess right.
 */

export interface PinState {
  failures: number;
  /** Epoch ms before which no PIN is tried. */
  waitUntil: number;
}

export const FREE_TRIES = 3;
const FIRST_WAIT_MS = 5_000;
const MAX_WAIT_MS = 5 * 60_000;

export function waitAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_TRIES));
}

export function afterWrongPin(
  state: PinState,
  now: number,
  limit: number,
): { state: PinState; wipe: boolean } {
  const failures = state.failures + 1;
  return { state: { failures, waitUntil: now + waitAfter(failures) }, wipe: failures >= limit };
}

export function mustWait(state: PinState, now: number): number {
  return Math.max(0, state.waitUntil - now);
}

export const FRESH_PIN_STATE: PinState = { failures: 0, waitUntil: 0 };

/** A PIN the worker can remember and others cannot guess at a glance: 6 to 12 digits, not all the same, not a run. */
export function pinProblem(pin: string): 'length' | 'digits' | 'weak' | null {
  if (!/^\d+$/.test(pin)) return 'digits';
  if (pin.length < 6 || pin.length > 12) return 'length';
  if (/^(\d)\1+$/.test(pin) || '0123456789012'.includes(pin) || '9876543210987'.includes(pin)) return 'weak';
  return null;
}
