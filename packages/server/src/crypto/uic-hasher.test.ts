import { UIC_HASH_VECTOR_KEY, UIC_HASH_VECTORS } from '@harbour/core';
import { describe, expect, it } from 'vitest';
import { UicHasher } from './uic-hasher.js';

describe('code hash on the server', () => {
  it('gives the shared test vectors, as the phone does (web/src/field/uic-hash.test.ts)', () => {
    const hasher = new UicHasher(Buffer.from(UIC_HASH_VECTOR_KEY, 'base64url'));
    for (const [code, hash] of UIC_HASH_VECTORS) expect(hasher.hash(code), code).toBe(hash);
  });
});
