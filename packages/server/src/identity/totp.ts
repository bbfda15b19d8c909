/** Time-based one-time passwords (RFC 6238) as the second factor, with replay protection. */

import * as OTPAuth from 'otpauth';

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'Harbour'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Harbour',
    label,
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
  });
}

export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/**
 * The time step a code belongs to (±1 step for clock drift), or null. The caller refuses a step at or
 * before the last one accepted, so an overheard code cannot be used again.
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secret);
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp: at.getTime() }) + delta;
}

/** The current code, for tests and the demo. */
export function totpNow(secret: string, at: Date = new Date()): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}
