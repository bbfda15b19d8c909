/** Sign-in with lockout, optional TOTP, and server-side sessions whose tokens exist only in the user's cookie. */

import { createHash, randomBytes } from 'node:crypto';
import { InputError, type RoleGrant } from '@harbour/core';
import type { Config } from '../config.js';
import type { Services } from '../context.js';
import { prepared } from '../store/prepared.js';
import { type Actor, userActor } from './actor.js';
import { timingDummyHash, verifyPassword } from './passwords.js';
import { acceptCode, refuseWhileLocked } from './second-factor.js';
import { SIGN_IN_FAILED, SignInError } from './sign-in-error.js';
import { newTotpSecret, totpUri } from './totp.js';
import { grantRows, loadGrants } from './users.js';

export const SESSION_COOKIE = 'harbour_session';

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export { SIGN_IN_FAILED, SignInError };

export interface SessionInfo {
  token: string;
  userId: string;
  expiresAt: string;
  /** True when the user must still give (or first set up) a TOTP code. */
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
}

function needsTotp(
  grants: readonly RoleGrant[],
  totpEnabled: boolean,
  config: Config,
): { required: boolean; enrol: boolean } {
  if (totpEnabled) return { required: true, enrol: false };
  const admin = grants.some((g) => g.role === 'admin');
  return config.requireAdminTotp && admin
    ? { required: true, enrol: true }
    : { required: false, enrol: false };
}

export async function signIn(
  s: Services,
  config: Config,
  username: string,
  password: string,
): Promise<SessionInfo> {
  const user = await s.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  const now = s.now();
  if (!user) {
    await verifyPassword(await timingDummyHash(), password);
    throw new SignInError(SIGN_IN_FAILED);
  }
  const locked = user.locked_until !== null && user.locked_until > now.toISOString();
  // The password is checked even for a locked account: the answer and its time are those of a wrong
  // password, so a lockout tells nobody that the username exists.
  const ok = await verifyPassword(user.password_hash, password);
  if (locked) throw new SignInError(SIGN_IN_FAILED);
  if (!ok || user.disabled_at) {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.lockoutAttempts;
    await s.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          failed_logins: lock ? 0 : failures,
          locked_until: lock
            ? new Date(now.getTime() + config.lockoutMinutes * 60_000).toISOString()
            : user.locked_until,
        })
        .where('id', '=', user.id)
        .execute();
      await s.audit.append(trx, {
        actorId: user.id,
        actor: user.username,
        action: lock ? 'user.locked' : 'session.sign_in_failed',
        entityType: 'user',
        entityId: user.id,
        orgId: user.org_id,
        details: { failures, disabled: user.disabled_at !== null },
      });
    });
    throw new SignInError(SIGN_IN_FAILED);
  }
  const grants = await loadGrants(s.db, user.id);
  const mfa = needsTotp(grants, user.totp_enabled === 1, config);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3_600_000).toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: tokenId(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        last_seen_at: now.toISOString(),
        mfa_ok: mfa.required ? 0 : 1,
      })
      .execute();
    await s.audit.append(trx, {
      actorId: user.id,
      actor: user.username,
      action: 'session.signed_in',
      entityType: 'user',
      entityId: user.id,
      orgId: user.org_id,
      details: { mfaPending: mfa.required },
    });
  });
  return { token, userId: user.id, expiresAt, mfaRequired: mfa.required, mfaEnrolmentRequired: mfa.enrol };
}

export interface ResolvedSession {
  sessionId: string;
  actor: Actor;
  mfaOk: boolean;
  mfaEnrolmentRequired: boolean;
  locale: string;
  displayName: string;
  expiresAt: string;
}

// Run by every signed-in request: the session, its user and the user's grants in one query (one row
// per grant; a user without grants gives one row with null grant columns).
const sessionById = prepared((db, id: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('role_grants as g', 'g.user_id', 'u.id')
    .leftJoin('org_units as o', 'o.id', 'g.org_unit_id')
    .select([
      's.id',
      's.user_id',
      's.expires_at',
      's.last_seen_at',
      's.mfa_ok',
      'u.username',
      'u.display_name',
      'u.locale',
      'u.disabled_at',
      'u.totp_enabled',
      'g.role',
      'g.org_unit_id',
      'o.path',
    ])
    .where('s.id', '=', id),
);

/** The session behind a cookie, or null when it is unknown, expired, idle too long, or its user is disabled. */
export async function resolveSession(
  s: Services,
  config: Config,
  token: string | undefined,
): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = tokenId(token);
  const rows = await sessionById(s.db, id);
  const row = rows[0];
  if (!row || row.disabled_at) return null;
  const now = s.now();
  const idleLimit = new Date(now.getTime() - config.sessionIdleMinutes * 60_000).toISOString();
  if (row.expires_at <= now.toISOString() || row.last_seen_at < idleLimit) {
    await s.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: sliding idle expiry without a write per request.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await s.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const grants = grantRows(rows);
  const mfa = needsTotp(grants, row.totp_enabled === 1, config);
  return {
    sessionId: id,
    actor: userActor(row.user_id, row.username, grants),
    mfaOk: row.mfa_ok === 1,
    mfaEnrolmentRequired: row.mfa_ok !== 1 && mfa.enrol,
    locale: row.locale,
    displayName: row.display_name,
    expiresAt: row.expires_at,
  };
}

export async function signOut(s: Services, token: string): Promise<void> {
  await s.db.deleteFrom('sessions').where('id', '=', tokenId(token)).execute();
}

/** Ends every session of the user (every browser, every device). */
export async function signOutEverywhere(s: Services, actor: Actor): Promise<number> {
  if (!actor.userId) return 0;
  return s.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('sessions').where('user_id', '=', actor.userId!).executeTakeFirst();
    await s.audit.record(trx, actor, {
      action: 'session.signed_out_everywhere',
      entityType: 'user',
      entityId: actor.userId,
      details: { sessions: Number(r.numDeletedRows) },
    });
    return Number(r.numDeletedRows);
  });
}

/** Completes a sign-in that waits for the second factor. */
export async function verifySessionTotp(
  s: Services,
  config: Config,
  session: ResolvedSession,
  code: string,
): Promise<void> {
  const user = await s.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.actor.userId!)
    .executeTakeFirstOrThrow();
  if (!user.totp_enabled || !user.totp_secret) {
    throw new InputError({
      field: 'otp',
      rule: 'state',
      message: 'This account has no second factor set up yet; set one up first',
    });
  }
  refuseWhileLocked(s, user);
  const secret = await s.dataKeys.decrypt(user.totp_secret, `totp:${user.id}`);
  await acceptCode(s, config, user, secret, code, user.totp_last_counter);
  await s.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ mfa_ok: 1 }).where('id', '=', session.sessionId).execute();
    await s.audit.append(trx, {
      actorId: user.id,
      actor: user.username,
      action: 'session.totp_verified',
      entityType: 'user',
      entityId: user.id,
      orgId: user.org_id,
    });
  });
}

/** Starts TOTP set-up: a new secret is stored (sealed) but not enabled until a code proves the app has it. */
export async function beginTotpEnrolment(
  s: Services,
  actor: Actor,
): Promise<{ secret: string; uri: string }> {
  const user = await s.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId!)
    .executeTakeFirstOrThrow();
  if (user.totp_enabled)
    throw new InputError({
      field: 'totp',
      rule: 'enabled',
      message: 'A second factor is already set up; turn it off first to replace it',
    });
  const secret = newTotpSecret();
  const sealed = await s.dataKeys.encrypt(user.org_id ?? '', secret, `totp:${user.id}`);
  await s.db
    .updateTable('users')
    .set({ totp_secret: sealed, updated_at: s.now().toISOString() })
    .where('id', '=', user.id)
    .execute();
  return { secret, uri: totpUri(secret, user.username) };
}

export async function confirmTotpEnrolment(
  s: Services,
  config: Config,
  actor: Actor,
  sessionId: string,
  code: string,
): Promise<void> {
  const user = await s.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId!)
    .executeTakeFirstOrThrow();
  if (!user.totp_secret || user.totp_enabled)
    throw new InputError({ field: 'otp', rule: 'state', message: 'Start the set-up first' });
  refuseWhileLocked(s, user);
  const secret = await s.dataKeys.decrypt(user.totp_secret, `totp:${user.id}`);
  await acceptCode(s, config, user, secret, code, user.totp_last_counter);
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled: 1, updated_at: s.now().toISOString() })
      .where('id', '=', user.id)
      .execute();
    // Other sessions were opened without the second factor: end them.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', sessionId).execute();
    await trx.updateTable('sessions').set({ mfa_ok: 1 }).where('id', '=', sessionId).execute();
    await s.audit.append(trx, {
      actorId: user.id,
      actor: user.username,
      action: 'user.totp_enabled',
      entityType: 'user',
      entityId: user.id,
      orgId: user.org_id,
    });
  });
}
