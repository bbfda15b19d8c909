/** UUIDv7 ids, created by whoever creates a record (phone, importer, server) so offline work never waits for the server. */

let lastMs = -1;
let sequence = 0;
// Random bytes drawn in bulk: one getRandomValues call per id was the importer's second-largest cost.
const pool = new Uint8Array(16 * 512);
let poolAt = pool.length;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids made in the same
 * millisecond by one process stay ordered through a 12-bit counter in `rand_a`.
 *
 * @example uuidv7() // '0193a5e2-7c1b-7a3f-9d2e-4b6f8a1c2d3e'
 */
export function uuidv7(now: number = Date.now()): string {
  if (poolAt + 16 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  // This id's 16 random bytes, read in place: an importer makes several ids per row.
  const r = poolAt;
  poolAt += 16;
  if (now === lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) now = lastMs + 1; // counter exhausted: borrow the next millisecond
  } else {
    sequence = pool[r + 6]! & 0x07; // random start keeps ids unguessable yet ordered
  }
  lastMs = now;
  // The 48-bit time as 16 high and 32 low bits: exact in doubles, no BigInt needed.
  const hi = Math.floor(now / 0x1_0000_0000);
  const lo = now >>> 0;
  hexAt(0, (hi >>> 8) & 0xff);
  hexAt(2, hi & 0xff);
  hexAt(4, lo >>> 24);
  hexAt(6, (lo >>> 16) & 0xff);
  hexAt(9, (lo >>> 8) & 0xff);
  hexAt(11, lo & 0xff);
  hexAt(14, 0x70 | ((sequence >> 8) & 0x0f));
  hexAt(16, sequence & 0xff);
  hexAt(19, 0x80 | (pool[r + 8]! & 0x3f));
  hexAt(21, pool[r + 9]!);
  for (let i = 0; i < 6; i++) hexAt(24 + 2 * i, pool[r + 10 + i]!);
  // One flat string made from character codes: joining 20 pieces built (and later flattened) a
  // string per piece, 600 bytes of garbage per id; an import makes several ids per row.
  return String.fromCharCode.apply(null, chars);
}

const HEX_DIGIT = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** The id's character codes, dashes in place, rewritten for each id. */
const chars: number[] = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0));

function hexAt(at: number, byte: number): void {
  chars[at] = HEX_DIGIT[byte >>> 4]!;
  chars[at + 1] = HEX_DIGIT[byte & 0x0f]!;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a canonical lower-case UUID string (any version 1–8). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * A short reference a person can read out or write on a card for a record: the last six characters
 * of its id in capitals — never the code or a name. The server, the console and the phone show the
 * same one (a rights case's is "RC-" and the same six).
 */
export function shortRef(id: string): string {
  return id.replace(/-/g, '').slice(-6).toUpperCase();
}
