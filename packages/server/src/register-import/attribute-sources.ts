/**
 * Where each client's sex, birth year and key population came from, for every client an import
 * touches ("taken from the client's earliest row that gives them", formats §1). Why packed into typed
 * arrays rather than an object per client: a national register touches 300,000 clients, and an object
 * per client was a large share of the import's memory (docs/performance.md, "Writes"). Clients are found by
 * their place in `IdPlaces` (id-places.ts), which keeps ids as bytes. Why in chunks of a fixed
 * size rather than arrays that double: a doubling array allocates the new size while the old one is
 * still held, and leaves much of it unused.
 */

import { IdPlaces } from './id-places.js';

export type Attr = 'sex' | 'birthYear' | 'kp';

export interface AttrSource {
  value: string | number;
  /** YYYY-MM-DD; 0000-00-00 when the value was recorded before this import. */
  date: string;
  /** null when the value came from the database before this import. */
  row: number | null;
}

const SLOT: Record<Attr, number> = { sex: 0, birthYear: 1, kp: 2 };
const NONE = -1;
/** Clients per chunk (a power of two: a client's chunk and place in it are a shift and a mask). */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
/** Where a client's attribute is within its chunk (`place >>> CHUNK_BITS`). */
const slotIn = (place: number, attr: Attr) => (place & (CHUNK - 1)) * 3 + SLOT[attr];

const dayNumber = (date: string) =>
  Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
const dayText = (n: number) =>
  `${String(Math.floor(n / 10_000)).padStart(4, '0')}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`;

export class AttributeSources {
  readonly #places = new IdPlaces();
  /** Sex and key population values as small numbers (few distinct values); birth years as they are. */
  readonly #texts: string[] = [];
  readonly #textCode = new Map<string, number>();
  /** Three slots per client (SLOT), CHUNK clients per array. */
  readonly #value: Int32Array[] = [];
  /** YYYYMMDD of the row the value came from (0 before this import), or NONE for no value yet. */
  readonly #day: Int32Array[] = [];
  /** Row number, or NONE when the value came from the database. */
  readonly #row: Int32Array[] = [];

  has(clientId: string): boolean {
    return this.#places.get(clientId) !== undefined;
  }

  /** Starts following a client, with nothing known of them yet; returns their place (for the *At methods). */
  track(clientId: string): number {
    const place = this.#places.place(clientId);
    if (place >>> CHUNK_BITS === this.#day.length) {
      this.#value.push(new Int32Array(CHUNK * 3));
      this.#day.push(new Int32Array(CHUNK * 3).fill(NONE));
      this.#row.push(new Int32Array(CHUNK * 3).fill(NONE));
    }
    return place;
  }

  get(clientId: string, attr: Attr): AttrSource | undefined {
    const place = this.#places.get(clientId);
    return place === undefined ? undefined : this.getAt(place, attr);
  }

  /** True when the client's attribute is known and is `value` (nearly every row: no source is built). */
  holds(clientId: string, attr: Attr, value: string | number): boolean {
    const place = this.#places.get(clientId);
    return place !== undefined && this.holdsAt(place, attr, value);
  }

  set(clientId: string, attr: Attr, source: AttrSource): void {
    this.setAt(this.track(clientId), attr, source);
  }

  /** As `get`, for a client's place from `track`: an importer looks at several attributes per row. */
  getAt(place: number, attr: Attr): AttrSource | undefined {
    const chunk = place >>> CHUNK_BITS;
    const at = slotIn(place, attr);
    const day = this.#day[chunk]![at]!;
    if (day === NONE) return undefined;
    const v = this.#value[chunk]![at]!;
    const row = this.#row[chunk]![at]!;
    return {
      value: attr === 'birthYear' ? v : this.#texts[v]!,
      date: dayText(day),
      row: row === NONE ? null : row,
    };
  }

  holdsAt(place: number, attr: Attr, value: string | number): boolean {
    const chunk = place >>> CHUNK_BITS;
    const at = slotIn(place, attr);
    if (this.#day[chunk]![at] === NONE) return false;
    const v = this.#value[chunk]![at]!;
    return attr === 'birthYear' ? v === value : this.#texts[v] === value;
  }

  setAt(place: number, attr: Attr, source: AttrSource): void {
    const chunk = place >>> CHUNK_BITS;
    const at = slotIn(place, attr);
    this.#value[chunk]![at] = typeof source.value === 'number' ? source.value : this.#code(source.value);
    this.#day[chunk]![at] = dayNumber(source.date);
    this.#row[chunk]![at] = source.row ?? NONE;
  }

  #code(text: string): number {
    let c = this.#textCode.get(text);
    if (c === undefined) {
      c = this.#texts.push(text) - 1;
      this.#textCode.set(text, c);
    }
    return c;
  }
}
