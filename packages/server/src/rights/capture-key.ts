/**
 * Field capture of rights cases: a phone encrypts the case to its organisation's public key
 * (RSA-OAEP-3072 wrapping a fresh AES-256-GCM key), so once saved the phone itself cannot read it;
 * only the server, holding the private key sealed under the organisation's data key, opens it.
 */

import {
  constants,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
} from 'node:crypto';
import type { Services } from '../context.js';

const AAD = (orgId: string) => `rights-capture-key:${orgId}`;

/** The organisation's public key (SPKI, base64), made on first use. */
export async function captureKey(s: Services, orgId: string): Promise<string> {
  const found = await s.db
    .selectFrom('rights_capture_keys')
    .select('public_key')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (found) return found.public_key;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const priv = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  const sealed = await s.dataKeys.encrypt(orgId, priv, AAD(orgId));
  await s.db
    .insertInto('rights_capture_keys')
    .values({ org_id: orgId, public_key: pub, private_sealed: sealed, created_at: s.now().toISOString() })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
  return (
    await s.db
      .selectFrom('rights_capture_keys')
      .select('public_key')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
  ).public_key;
}

export interface SealedCapture {
  /** The AES key, RSA-OAEP (SHA-256) encrypted, base64. */
  key: string;
  iv: string;
  /** AES-256-GCM ciphertext with its tag at the end (WebCrypto's layout), base64. */
  data: string;
}

export async function openCapture(
  s: Services,
  orgId: string,
  sealed: SealedCapture,
  itemId: string,
): Promise<unknown> {
  const row = await s.db
    .selectFrom('rights_capture_keys')
    .select('private_sealed')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new Error('No capture key for this organisation');
  const privateKey = createPrivateKey({
    key: Buffer.from(await s.dataKeys.decrypt(row.private_sealed, AAD(orgId)), 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const aesKey = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(sealed.key, 'base64'),
  );
  const data = Buffer.from(sealed.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(`rights-capture:${itemId}`, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  aesKey.fill(0);
  return JSON.parse(plain.toString('utf8'));
}
