/** Envelope encryption: each organisation's data key is wrapped by the master key; values are sealed with the data key. */

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const ALG = 'aes-256-gcm';

/** AES-256-GCM with a random 96-bit nonce; `aad` binds the ciphertext to where it belongs (e.g. a record id). */
export function seal(key: Buffer, plaintext: Buffer, aad?: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv(ALG, key, nonce);
  if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer, aad?: string): Buffer {
  if (sealed.length < 28) throw new Error('sealed value is too short');
  const decipher = createDecipheriv(ALG, key, sealed.subarray(0, 12));
  if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/** A sub-key for one purpose, so one master key never plays two roles directly. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `harbour:${purpose}`, 32));
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** A text token for a sealed value: `e1.<keyId>.<base64url>`. */
export function formatSealed(keyId: string, sealed: Buffer): string {
  return `e1.${keyId}.${sealed.toString('base64url')}`;
}

export function parseSealed(token: string): { keyId: string; sealed: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'e1') throw new Error('not a sealed value');
  return { keyId: parts[1]!, sealed: Buffer.from(parts[2]!, 'base64url') };
}
