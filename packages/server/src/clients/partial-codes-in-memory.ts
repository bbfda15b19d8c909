/**
 * During a bulk load on SQLite, the probable-duplicate check finds earlier clients' partial codes here
 * instead of through the `client_uic_partials_hash` index, which is built once at the load's end.
 *
 * Why: partial codes are keyed hashes, so each new client's seven land on seven random pages of that
 * index. Once a national register's index outgrew the cache, every new client cost seven page reads
 * and writes, and the import slowed as the database grew.
 *
 * What is kept: for every partial-code row, its rowid under a 16-bit tag of (organisation, hash), in an
 * open-addressed table of typed arrays (6 bytes a slot, about 24 MB for 300,000 clients). A lookup
 * gives the rowids whose tag matches; the database then reads those rows and the caller keeps only
 * the ones whose organisation and hash are the ones asked, so a tag shared by chance finds nothing
 * extra and the answer is exactly the index's.
 *
 * Complete: the table learns rows only by reading them back from the database (`catchUp`), those with
 * a rowid above the last it read, before every check. That takes in the load's own earlier batches
 * and anything another process (a server enrolling clients meanwhile) wrote. SQLite gives a new row
 * a rowid above every row there; a transaction rolled back would give its rowids again, but a batch
 * that fails ends the import, and this table with it.
 */

import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';

const EMPTY = 0;
const FIRST_CAPACITY = 1 << 16;
/** Largest rowid a slot holds; past it the table stops answering and the check reads the table. */
const MAX_ROWID = 0xffff_ffff;
/** Rows read at a time (a few MB of objects at once, when the table is filled again after growing). */
const PAGE = 20_000;

/** 32-bit FNV-1a of the organisation and the hash: the slot from its low bits, the tag from its high. */
function keyOf(orgId: string, hash: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < orgId.length; i++) h = Math.imul(h ^ orgId.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x7c, 0x01000193);
  for (let i = 0; i < hash.length; i++) h = Math.imul(h ^ hash.charCodeAt(i), 0x01000193);
  // Mixes the high bits down, so that a small table's slot depends on every character.
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

const tagOf = (key: number) => key >>> 16;

export class PartialCodesInMemory {
  #rowids: Uint32Array;
  #tags: Uint16Array;
  #size = 0;
  #lastRowid = 0;
  /** False once a rowid no slot can hold was met: the caller then reads the table itself. */
  usable = true;

  /** `capacity`: slots to begin with, a power of two (small in tests, to make it grow). */
  constructor(capacity = FIRST_CAPACITY) {
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new Error('capacity: a power of two');
    this.#rowids = new Uint32Array(capacity);
    this.#tags = new Uint16Array(capacity);
  }

  /** How many partial-code rows it knows. */
  get size(): number {
    return this.#size;
  }

  /**
   * Reads the partial-code rows written since it last looked, and learns them. When they would fill it
   * past three quarters, it doubles and reads every row again: a slot keeps only part of its key, too
   * little to place it in a larger table (a whole key would cost 2 more bytes a slot, 8 MB nationally).
   */
  async catchUp(db: Kysely<Database>): Promise<void> {
    for (;;) {
      if (!this.usable) return;
      const page = await this.#read(db, this.#lastRowid, PAGE);
      if (!page?.length) return;
      const wanted = this.#size + page.length / 2;
      if (wanted * 4 > this.#rowids.length * 3) {
        let capacity = this.#rowids.length;
        while (wanted * 4 > capacity * 3) capacity *= 2;
        this.#rowids = new Uint32Array(capacity);
        this.#tags = new Uint16Array(capacity);
        this.#size = 0;
        this.#lastRowid = 0;
        continue;
      }
      this.#learn(page);
    }
  }

  /** Rowids of the rows that may hold one of these (organisation, hash) pairs: a superset of those that do. */
  candidates(wanted: readonly { org_id: string; hash: string }[]): number[] {
    const found = new Set<number>();
    const mask = this.#rowids.length - 1;
    for (const w of wanted) {
      const key = keyOf(w.org_id, w.hash);
      const tag = tagOf(key);
      for (let i = key & mask; this.#rowids[i] !== EMPTY; i = (i + 1) & mask)
        if (this.#tags[i] === tag) found.add(this.#rowids[i]!);
    }
    return [...found];
  }

  /** Rows after `after`, as (key, rowid) pairs in one flat array; undefined once unusable. */
  async #read(db: Kysely<Database>, after: number, limit: number): Promise<number[] | undefined> {
    const rows = await sql<{ rowid: number; org_id: string; hash: string }>`select rowid, org_id, hash
      from client_uic_partials where rowid > ${after} order by rowid limit ${limit}`.execute(db);
    const pairs: number[] = [];
    for (const r of rows.rows) {
      const rowid = Number(r.rowid);
      if (rowid > MAX_ROWID) {
        this.usable = false;
        return undefined;
      }
      pairs.push(keyOf(r.org_id, r.hash), rowid);
    }
    return pairs;
  }

  #learn(pairs: readonly number[]): void {
    const mask = this.#rowids.length - 1;
    for (let p = 0; p < pairs.length; p += 2) {
      const key = pairs[p]!;
      let i = key & mask;
      while (this.#rowids[i] !== EMPTY) i = (i + 1) & mask;
      this.#rowids[i] = pairs[p + 1]!;
      this.#tags[i] = tagOf(key);
      this.#size++;
      this.#lastRowid = pairs[p + 1]!;
    }
  }
}
