/**
 * Checking a second-factor code, for signing in and for the few actions that ask for one again
 * (granting a role that opens rights case narratives).
 */

import { InputError } from '@harbour/core';
import type { Config } from '../config.js';
import type { Services } from '../context.js';
import { SIGN_IN_FAILED, SignInError } from './sign-in-error.js';
import { totpStep } from './totp.js';

export type LockoutRules = Pick<Config, 'lockoutAttempts' | 'lockoutMinutes'>;

const WRONG_CODE = 'That code is wrong or was already used; enter the current 6-digit code from your app';

/**
 * Checks a code and records the outcome. A wrong code counts against the account (apart from wrong
 * passwords, which a right password resets); at the lockout limit the account locks like it does for
 * passwords and every session still waiting for its second factor ends, so guessing needs the
 * password again after the lock — about 5 guesses in 15 minutes instead of thousands a second.
 */
export async function acceptCode(
  s: Services,
  config: LockoutRules,
  user: { id: string; username: string; org_id: string | null; failed_totp: number },
  secret: string,
  code: string,
  lastCounter: number | null,
): Promise<void> {
  const step = totpStep(secret, code, s.now());
  if (step !== null && (lastCounter === null || step > lastCounter)) {
    await s.db
      .updateTable('users')
      .set({ totp_last_counter: step, failed_totp: 0 })
      .where('id', '=', user.id)
      .execute();
    return;
  }
  const failures = user.failed_totp + 1;
  const lock = failures >= config.lockoutAttempts;
  await s.db.transaction().execute(async (trx) => {
    const now = s.now();
    await trx
      .updateTable('users')
      .set({
        failed_totp: lock ? 0 : failures,
        ...(lock
          ? { locked_until: new Date(now.getTime() + config.lockoutMinutes * 60_000).toISOString() }
          : {}),
      })
      .where('id', '=', user.id)
      .execute();
    if (lock)
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('mfa_ok', '=', 0).execute();
    await s.audit.append(trx, {
      actorId: user.id,
      actor: user.username,
      action: lock ? 'user.locked' : 'session.totp_failed',
      entityType: 'user',
      entityId: user.id,
      orgId: user.org_id,
      details: { failures, secondFactor: true },
    });
  });
  throw new InputError({ field: 'otp', rule: 'totp', message: WRONG_CODE });
}

/** A locked account takes no code at all, right or wrong, until the lock is over. */
export function refuseWhileLocked(s: Services, user: { locked_until: string | null }): void {
  if (user.locked_until !== null && user.locked_until > s.now().toISOString())
    throw new SignInError(SIGN_IN_FAILED);
}

/**
 * A fresh second-factor code from a signed-in user who is about to do something sensitive. Wrong codes
 * count towards the same lockout as at sign-in, so this is no back door for guessing.
 */
export async function verifyStepUp(
  s: Services,
  config: LockoutRules,
  userId: string,
  code: string | undefined,
  why: string,
): Promise<void> {
  const user = await s.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled || !user.totp_secret)
    throw new InputError({
      field: 'otp',
      rule: 'second_factor',
      message: `${why}: set up a second factor (TOTP) on your account first, then give its current code`,
    });
  if (!code)
    throw new InputError({
      field: 'otp',
      rule: 'second_factor',
      message: `${why}: give the current 6-digit code from your authenticator app`,
    });
  refuseWhileLocked(s, user);
  const secret = await s.dataKeys.decrypt(user.totp_secret, `totp:${user.id}`);
  await acceptCode(s, config, user, secret, code, user.totp_last_counter);
}
