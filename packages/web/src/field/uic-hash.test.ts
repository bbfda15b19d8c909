import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashUic, uicHashKey } from './uic-hash.js';

describe('code hash on the phone', () => {
  it('equals the server hash of the same normalised code', async () => {
    const key = randomBytes(32);
    const server = createHmac('sha256', key).update('uic\u0000ПЕТ0191', 'utf8').digest('base64url');
    expect(await hashUic(await uicHashKey(key.toString('base64url')), 'ПЕТ0191')).toBe(server);
  });
});
