import { describe, expect, it } from 'vitest';
import { createDataKey, openDataKey, seal, unseal } from './crypto.js';
import { afterWrongPin, FRESH_PIN_STATE, mustWait, pinProblem, waitAfter } from './pin-policy.js';

describe('encryption at rest on the phone', () => {
  it('opens the data key only with the right PIN, and records only under their own id', async () => {
    const { key, wrapped } = await createDataKey('482915', 1000);
    expect(await openDataKey('000000', wrapped)).toBeNull();
    const again = await openDataKey('482915', wrapped);
    expect(again).not.toBeNull();
    const sealed = await seal(key, { uic: 'MARKER-UIC-771' }, 'client-1');
    expect(new TextDecoder().decode(sealed.data)).not.toContain('MARKER');
    expect(await unseal(again!, sealed, 'client-1')).toEqual({ uic: 'MARKER-UIC-771' });
    await expect(unseal(again!, sealed, 'client-2')).rejects.toThrow();
  });

  it('derives the PIN key with at least 600,000 PBKDF2 iterations by default', async () => {
    const { PIN_ITERATIONS } = await import('./crypto.js');
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });
});

describe('wrong PINs', () => {
  it('lets fingers slip, then makes the phone wait longer each time, then wipes at the limit', () => {
    let s = FRESH_PIN_STATE;
    const t = 1_000_000;
    const waits: number[] = [];
    let wiped = false;
    for (let i = 0; i < 10 && !wiped; i++) {
      const r = afterWrongPin(s, t, 10);
      s = r.state;
      wiped = r.wipe;
      waits.push(mustWait(s, t));
    }
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits[2]).toBe(5000);
    expect(waits[3]).toBe(10000);
    expect(waitAfter(30)).toBe(300_000);
    expect(wiped).toBe(true);
    expect(s.failures).toBe(10);
  });

  it('refuses PINs that are short, not digits, or guessable', () => {
    expect(pinProblem('1234')).toBe('length');
    expect(pinProblem('12a456')).toBe('digits');
    expect(pinProblem('111111')).toBe('weak');
    expect(pinProblem('123456')).toBe('weak');
    expect(pinProblem('482915')).toBeNull();
  });
});
