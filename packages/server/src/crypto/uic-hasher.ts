/** Keyed hashes of client codes: the only form in which a UIC is ever stored (docs/uic.md). */

import { createHmac } from 'node:crypto';
import { type ParsedUic, partialKeys } from '@harbour/core';

export class UicHasher {
  constructor(private readonly key: Buffer) {}

  /** HMAC-SHA256 of the normalised code (suffix excluded: people told apart by a suffix share it). */
  hash(uic: ParsedUic | string): string {
    const base = typeof uic === 'string' ? uic : uic.base;
    return createHmac('sha256', this.key).update(`uic\u0000${base}`, 'utf8').digest('base64url');
  }

  /** Keyed hashes of the code with each part blanked in turn, for probable-duplicate review. */
  partials(parts: readonly string[]): string[] {
    return partialKeys(parts).map((k) =>
      createHmac('sha256', this.key).update(`uic-part\u0000${k}`, 'utf8').digest('base64url'),
    );
  }

  /** A keyed fingerprint of text that contains a code (register rows without an id): not reversible without the key. */
  fingerprint(text: string): string {
    return createHmac('sha256', this.key).update(`row\u0000${text}`, 'utf8').digest('base64url');
  }
}
