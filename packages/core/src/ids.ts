/** UUIDv7 ids, created by whoever creates a record (phone, importer, server) so offline work never waits for the server. */

let lastMs = -1;
let sequence = 0;
// Random bytes drawn in bulk: one getRandomValues call per id was the importer's second-largest cost.
const pool = new Uint8Array(16 * 512);
let poolAt = pool.length;

function randomBytes16(): Uint8Array {
  if (poolAt + 16 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const out = pool.slice(poolAt, poolAt + 16);
  poolAt += 16;
  return out;
}

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids made in the same
 * millisecond by one process stay ordered through a 12-bit counter in `rand_a`.
 *
 * @example uuidv7() // '0193a5e2-7c1b-7a3f-9d2e-4b6f8a1c2d3e'
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes16();
  if (now === lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) now = lastMs + 1; // counter exhausted: borrow the next millisecond
  } else {
    sequence = bytes[6]! & 0x07; // random start keeps ids unguessable yet ordered
  }
  lastMs = now;
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[bytes[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a canonical lower-case UUID string (any version 1–8). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
