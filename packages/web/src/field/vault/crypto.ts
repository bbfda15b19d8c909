/**
 * Encryption at rest on the phone. A random data key encrypts every record (AES-256-GCM); the data
 * key is stored only wrapped by a key derived from the PIN (PBKDF2-SHA256, 600,000 iterations), so
 * nothing on the phone is readable without the PIN. Runs the same in the browser and in Node.
 */

export const PIN_ITERATIONS = 600_000;

export interface WrappedKey {
  salt: Uint8Array;
  iterations: number;
  iv: Uint8Array;
  wrapped: ArrayBuffer;
}

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

const subtle = () => globalThis.crypto.subtle;
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** A new data key, and that key wrapped under the PIN. The data key itself can never be exported. */
export async function createDataKey(
  pin: string,
  iterations = PIN_ITERATIONS,
): Promise<{ key: CryptoKey; wrapped: WrappedKey }> {
  const extractable = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const salt = random(16);
  const iv = random(12);
  const wrapping = await pinKey(pin, salt, iterations);
  const wrapped = await subtle().wrapKey('raw', extractable, wrapping, {
    name: 'AES-GCM',
    iv: iv as BufferSource,
  });
  const key = await unwrap(wrapping, { salt, iterations, iv, wrapped });
  return { key, wrapped: { salt, iterations, iv, wrapped } };
}

function unwrap(wrapping: CryptoKey, w: WrappedKey): Promise<CryptoKey> {
  return subtle().unwrapKey(
    'raw',
    w.wrapped,
    wrapping,
    { name: 'AES-GCM', iv: w.iv as BufferSource },
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The data key, or null when the PIN is wrong (the authentication tag does not match). */
export async function openDataKey(pin: string, w: WrappedKey): Promise<CryptoKey | null> {
  try {
    return await unwrap(await pinKey(pin, w.salt, w.iterations), w);
  } catch {
    return null;
  }
}

export async function seal(key: CryptoKey, value: unknown, context: string): Promise<Sealed> {
  const iv = random(12);
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: new TextEncoder().encode(context) },
    key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { iv, data };
}

/** `context` (the record's id) is bound in: a sealed record copied under another id does not open. */
export async function unseal<T>(key: CryptoKey, sealed: Sealed, context: string): Promise<T> {
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: sealed.iv as BufferSource, additionalData: new TextEncoder().encode(context) },
    key,
    sealed.data,
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}
