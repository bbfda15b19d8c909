/** Configuration from the environment (and CLI flags), with the defaults a fresh laptop install needs. */

import { resolve } from 'node:path';

export interface Config {
  databaseUrl: string;
  dataDir: string;
  /** Admins must use a second factor (TOTP) before anything else. */
  requireAdminTotp: boolean;
  /** Sessions end this long after sign-in… */
  sessionMaxHours: number;
  /** …or after this long without a request. */
  sessionIdleMinutes: number;
  /** Mark cookies `Secure` (set when Harbour is served over HTTPS, directly or behind a proxy). */
  secureCookies: boolean;
  /** Failed sign-ins before a temporary lock, and its length. */
  lockoutAttempts: number;
  lockoutMinutes: number;
  logLevel: string;
  /** Sign-in attempts per client address per minute (the account lockout guards each account as well). */
  signInRatePerMinute: number;
  /** New small-grant applications one address may send in an hour (groups often share one phone or one office). */
  applyRatePerHour: number;
  /**
   * Proxies whose `X-Forwarded-For` is believed (addresses, CIDR ranges or `loopback`, comma-separated),
   * or false. Off by default: otherwise any client names its own address and escapes every per-address
   * rate limit.
   */
  trustProxy: string | false;
  /** How often a running server anchors the audit chains outside the database (audit/anchors.ts). */
  auditAnchorSeconds: number;
  /** DHIS2 may be at a loopback or private address (a DHIS2 on the same network). Off by default. */
  dhis2AllowPrivate: boolean;
  /** How many transactions of phones' sync batches are written at once; the rest wait and go together (sync/push-queue.ts). 0: each alone. */
  syncBatchesAtOnce: number;
}

/** `HARBOUR_TRUST_PROXY`: a list of proxy addresses; "true" is refused because it trusts every client. */
export function trustProxyFrom(value: string | undefined): string | false {
  const v = value?.trim() ?? '';
  if (v === '' || ['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on', '*'].includes(v.toLowerCase())) {
    throw new Error(
      'HARBOUR_TRUST_PROXY must name the proxies (e.g. "127.0.0.1" or "loopback,10.0.0.0/8"), not "true": trusting every sender lets any client pick its own address',
    );
  }
  return v;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(value: string | undefined, fallback: number): number {
  const n = value ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Like `int`, but 0 is a value (it means "no limit" where a setting says so). */
function count(value: string | undefined, fallback: number): number {
  const n = value ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? env.HARBOUR_DATA_DIR ?? './data');
  return {
    databaseUrl:
      overrides.databaseUrl ?? env.HARBOUR_DATABASE_URL ?? `sqlite:${resolve(dataDir, 'harbour.db')}`,
    dataDir,
    requireAdminTotp: overrides.requireAdminTotp ?? flag(env.HARBOUR_REQUIRE_ADMIN_TOTP, false),
    sessionMaxHours: overrides.sessionMaxHours ?? int(env.HARBOUR_SESSION_MAX_HOURS, 12),
    sessionIdleMinutes: overrides.sessionIdleMinutes ?? int(env.HARBOUR_SESSION_IDLE_MINUTES, 60),
    secureCookies: overrides.secureCookies ?? flag(env.HARBOUR_SECURE_COOKIES, false),
    lockoutAttempts: overrides.lockoutAttempts ?? int(env.HARBOUR_LOCKOUT_ATTEMPTS, 5),
    lockoutMinutes: overrides.lockoutMinutes ?? int(env.HARBOUR_LOCKOUT_MINUTES, 15),
    logLevel: overrides.logLevel ?? env.HARBOUR_LOG_LEVEL ?? 'info',
    signInRatePerMinute: overrides.signInRatePerMinute ?? int(env.HARBOUR_SIGNIN_RATE_PER_MINUTE, 60),
    applyRatePerHour: overrides.applyRatePerHour ?? int(env.HARBOUR_APPLY_RATE_PER_HOUR, 20),
    trustProxy: overrides.trustProxy ?? trustProxyFrom(env.HARBOUR_TRUST_PROXY),
    auditAnchorSeconds: overrides.auditAnchorSeconds ?? int(env.HARBOUR_AUDIT_ANCHOR_SECONDS, 60),
    dhis2AllowPrivate: overrides.dhis2AllowPrivate ?? flag(env.HARBOUR_DHIS2_ALLOW_PRIVATE, false),
    syncBatchesAtOnce: overrides.syncBatchesAtOnce ?? count(env.HARBOUR_SYNC_BATCHES_AT_ONCE, 2),
  };
}
