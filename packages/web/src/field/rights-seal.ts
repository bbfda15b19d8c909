/**
 * Seals a rights case on the phone to the organisation's public key: a fresh AES-256-GCM key encrypts
 * the case, RSA-OAEP (SHA-256) wraps that key. The phone keeps no copy of either key, so once saved the
 * case cannot be read on this phone — only by the organisation's responders after sync.
 */

const b64 = (bytes: ArrayBuffer | Uint8Array) => {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
};

export interface SealedCase {
  key: string;
  iv: string;
  data: string;
}

export async function sealCase(
  publicKeySpki: string,
  itemId: string,
  rightsCase: unknown,
): Promise<SealedCase> {
  const subtle = globalThis.crypto.subtle;
  const spki = Uint8Array.from(atob(publicKeySpki), (c) => c.charCodeAt(0));
  const publicKey = await subtle.importKey(
    'spki',
    spki as BufferSource,
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['wrapKey'],
  );
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: iv as BufferSource,
      additionalData: new TextEncoder().encode(`rights-capture:${itemId}`),
    },
    aes,
    new TextEncoder().encode(JSON.stringify(rightsCase)),
  );
  const key = await subtle.wrapKey('raw', aes, publicKey, { name: 'RSA-OAEP' });
  return { key: b64(key), iv: b64(iv), data: b64(data) };
}
