/**
 * Gives each id a place, 0, 1, 2, … in the order first seen, in far less memory than a Map of strings.
 *
 * Why: an import follows every client it touches until it ends (attribute-sources.ts), and a national
 * register touches 300,000 of them. A Map from id to place held each id as a 36-character string
 * (56 bytes) and a hash table that doubles (28 bytes per slot): 29 MB at 264,000 clients, half of
 * the importer's live heap, and the register of a million rows over 300,000 clients peaked above the
 * 300 MB budget. Here a UUID (every id Harbour makes) is kept as its 16 bytes, in chunks of a fixed
 * size, and found through an open-addressing table of places: about 9 MB for 300,000. Any other id
 * (a phone's, a test's) goes to an ordinary Map.
 */

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const EMPTY = 0;

/** Hex digit values by character code; -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) HEX['0123456789abcdef'.charCodeAt(c)] = c;

/** Reads 8 hex digits of `s` from `at`, skipping the hyphen at `hyphen` (-1: none); -1 if not hex. */
function word(s: string, at: number, hyphen: number): number {
  let w = 0;
  for (let i = at, n = 0; n < 8; i++) {
    if (i === hyphen) continue;
    const c = s.charCodeAt(i);
    const v = c < 128 ? HEX[c]! : -1;
    if (v < 0) return -1;
    w = (w << 4) | v;
    n++;
  }
  return w >>> 0;
}

/** The four 32-bit words of a canonical lowercase UUID, or false when `id` is not one. */
function parseUuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45) return false;
  if (id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
  const a = word(id, 0, -1);
  const b = word(id, 9, 13);
  const c = word(id, 19, 23);
  const d = word(id, 28, -1);
  if (a < 0 || b < 0 || c < 0 || d < 0) return false;
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
  return true;
}

export class IdPlaces {
  readonly #others = new Map<string, number>();
  /** A UUID's four words, four per place, CHUNK places per array (places of other ids left unused). */
  readonly #keys: Uint32Array[] = [];
  /** Open addressing: place + 1 of the UUID hashed here, or EMPTY. Kept under half full. */
  #slots = new Int32Array(1024);
  #uuids = 0;
  #size = 0;
  readonly #parsed = new Uint32Array(4);

  get size(): number {
    return this.#size;
  }

  /** The id's place, or undefined when it has none yet. */
  get(id: string): number | undefined {
    if (!parseUuid(id, this.#parsed)) return this.#others.get(id);
    const slot = this.#find(this.#parsed);
    const place = this.#slots[slot]!;
    return place === EMPTY ? undefined : place - 1;
  }

  /** The id's place, given it the next one when it has none yet. */
  place(id: string): number {
    if (!parseUuid(id, this.#parsed)) {
      let other = this.#others.get(id);
      if (other === undefined) {
        other = this.#next();
        this.#others.set(id, other);
      }
      return other;
    }
    let slot = this.#find(this.#parsed);
    const found = this.#slots[slot]!;
    if (found !== EMPTY) return found - 1;
    const place = this.#next();
    this.#keys[place >>> CHUNK_BITS]!.set(this.#parsed, (place & (CHUNK - 1)) * 4);
    if (++this.#uuids * 2 > this.#slots.length) {
      this.#grow();
      slot = this.#find(this.#parsed);
    }
    this.#slots[slot] = place + 1;
    return place;
  }

  #next(): number {
    const place = this.#size++;
    if (place >>> CHUNK_BITS === this.#keys.length) this.#keys.push(new Uint32Array(CHUNK * 4));
    return place;
  }

  /** The slot holding `w`'s place, or the empty slot where it would go. */
  #find(w: Uint32Array): number {
    const mask = this.#slots.length - 1;
    // Version 7 UUIDs start with the time; the last two words are random.
    let slot = (Math.imul(w[3]! ^ w[2]!, 0x9e3779b1) ^ w[1]!) & mask;
    for (;;) {
      const p = this.#slots[slot]!;
      if (p === EMPTY) return slot;
      const key = this.#keys[(p - 1) >>> CHUNK_BITS]!;
      const at = ((p - 1) & (CHUNK - 1)) * 4;
      if (key[at] === w[0] && key[at + 1] === w[1] && key[at + 2] === w[2] && key[at + 3] === w[3])
        return slot;
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Int32Array(old.length * 2);
    const w = new Uint32Array(4);
    for (const p of old) {
      if (p === EMPTY) continue;
      const key = this.#keys[(p - 1) >>> CHUNK_BITS]!;
      const at = ((p - 1) & (CHUNK - 1)) * 4;
      w.set(key.subarray(at, at + 4));
      this.#slots[this.#find(w)] = p;
    }
  }
}
