/** Keyed hashes of client codes: the only form in which a UIC is ever stored (docs/uic.md). */

import { createHmac } from 'node:crypto';
import { type ParsedUic, partialKeys } from '@harbour/core';

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
