import { UIC_HASH_VECTOR_KEY, UIC_HASH_VECTORS } from '@harbour/core';
import { describe, expect, it } from 'vitest';
import { hashUic, uicHashKey } from './uic-hash.js';

describe('code hash on the phone', () => {
  it('gives the shared test vectors, as the server does (crypto/uic-hasher.test.ts)', async () => {
    const key = await uicHashKey(UIC_HASH_VECTOR_KEY);
    for (const [code, hash] of UIC_HASH_VECTORS) expect(await hashUic(key, code), code).toBe(hash);
  });
});
