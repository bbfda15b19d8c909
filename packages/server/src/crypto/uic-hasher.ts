/** Keyed hashes of client codes: the only form in which a UIC is ever stored (docs/uic.md). */

import { createHmac } from 'node:crypto';
import { type ParsedUic, partialKeys } from '@harbour/core';
import type { Kysely } from 'kysely';
import { getSetting } from '../settings/settings.js';
import type { Database } from '../store/schema.js';
import { deriveKey } from './envelope.js';

export class UicHasher {
  constructor(private readonly key: Buffer) {}

  private mac(domain: string, text: string): string {
    return createHmac('sha256', this.key).update(`${domain}\u0000${text}`, 'utf8').digest('base64url');
  }

  /** HMAC-SHA256 of the normalised code (suffix excluded: people told apart by a suffix share it). */
  hash(uic: ParsedUic | string): string {
    return this.mac('uic', typeof uic === 'string' ? uic : uic.base);
  }

  /**
   * Keyed hashes of the code with each character blanked in turn, for probable-duplicate review.
   * 96 bits tell partial codes apart within an organisation and keep the index small.
   */
  partials(base: string): string[] {
    return partialKeys(base).map((k) => this.mac('uic-part', k).slice(0, 16));
  }

  /** A keyed fingerprint of a register row without an id (it contains a code): not reversible without the key. */
  fingerprint(text: string): string {
    return this.mac('row', text).slice(0, 22);
  }
}

/**
 * Which key an organisation's codes are hashed with. `organisation`: its own, derived from the
 * installation's key and the organisation's id (one-way: a phone holding it learns nothing of any
 * other organisation's codes). `installation`: the one key every organisation shared before keys
 * per organisation existed — migration 0010 records it for every organisation that already had
 * clients' hashes, since a hash cannot be converted without the code it came from. `migrating`: such
 * an organisation moving to its own key (`harbour uic rekey`, crypto/uic-rekey.ts) — new hashes and
 * phones take its own key, and a client still under the installation's key is re-keyed when their
 * code next arrives.
 */
export type UicKeyScheme = 'organisation' | 'installation' | 'migrating';
export const UIC_KEY_SETTING = 'uic.key';

/** How long a process trusts a scheme that may still change (another process may start a re-key). */
const SCHEME_FRESH_MS = 5_000;

/** The hasher and the key for each organisation; `organisation` never changes again, so it is kept. */
export class UicKeys {
  /** For what is never on a phone and belongs to no organisation (a register row's fingerprint). */
  readonly installation: UicHasher;
  private readonly byOrg = new Map<
    string,
    { scheme: UicKeyScheme; key: Buffer; hasher: UicHasher; readAt: number }
  >();

  constructor(
    private readonly installationKey: Buffer,
    private readonly db: Kysely<Database>,
  ) {
    this.installation = new UicHasher(installationKey);
  }

  private async entry(orgId: string) {
    let e = this.byOrg.get(orgId);
    if (!e || (e.scheme !== 'organisation' && Date.now() - e.readAt > SCHEME_FRESH_MS)) {
      const scheme = await getSetting<UicKeyScheme>(this.db, UIC_KEY_SETTING, 'organisation', orgId);
      const key =
        scheme === 'installation'
          ? this.installationKey
          : deriveKey(this.installationKey, `uic-org:${orgId}`);
      e = { scheme, key, hasher: new UicHasher(key), readAt: Date.now() };
      this.byOrg.set(orgId, e);
    }
    return e;
  }

  /** The hasher for new hashes and lookups. */
  async forOrg(orgId: string): Promise<UicHasher> {
    return (await this.entry(orgId)).hasher;
  }

  /** The key an organisation's phones hash codes with offline. */
  async keyFor(orgId: string): Promise<Buffer> {
    return (await this.entry(orgId)).key;
  }

  async schemeOf(orgId: string): Promise<UicKeyScheme> {
    return (await this.entry(orgId)).scheme;
  }

  /** Reads the scheme again next time (this process changed it). */
  forget(orgId: string): void {
    this.byOrg.delete(orgId);
  }
}
