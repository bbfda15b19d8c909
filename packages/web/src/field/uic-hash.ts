/**
 * The phone's copy of the server's keyed code hash (packages/server/src/crypto/uic-hasher.ts):
 * HMAC-SHA256(the organisation's key, "uic\0" + normalised code), base64url. The same code hashes the same on
 * the phone and the server, so a client enrolled anywhere is found offline by code.
 */

function base64url(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

export async function uicHashKey(raw: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    fromBase64url(raw) as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

export async function hashUic(key: CryptoKey, base: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`uic\u0000${base}`));
  return base64url(mac);
}
