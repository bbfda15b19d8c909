import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealCase } from './rights-seal.js';

describe('rights case sealed on the phone', () => {
  it('opens only with the organisation private key, bound to its item id', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const sealed = await sealCase(spki, 'item-1', { narrative: 'MARKER-FIELD-CASE' });
    expect(JSON.stringify(sealed)).not.toContain('MARKER');
    const aes = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(sealed.key, 'base64'),
    );
    const data = Buffer.from(sealed.data, 'base64');
    const open = (aad: string) => {
      const d = createDecipheriv('aes-256-gcm', aes, Buffer.from(sealed.iv, 'base64'));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
    };
    expect(JSON.parse(open('rights-capture:item-1'))).toEqual({ narrative: 'MARKER-FIELD-CASE' });
    expect(() => open('rights-capture:item-2')).toThrow();
  });
});
