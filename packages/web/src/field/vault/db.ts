/**
 * The phone's IndexedDB (Dexie). `meta` holds what must be read before the PIN (the wrapped data key,
 * wrong-PIN counter, chosen language); every other record is sealed with the data key.
 */

import Dexie, { type Table } from 'dexie';
import type { Sealed, WrappedKey } from './crypto.js';
import type { PinState } from './pin-policy.js';

export interface MetaRow {
  key: 'vault' | 'pin';
  vault?: WrappedKey;
  pin?: PinState;
  /** Wrong PINs before wipe (the programme's setting, copied here so it applies before unlocking). */
  wipeAfter?: number;
}

export interface SealedRow {
  id: string;
  type: RecordType;
  sealed: Sealed;
}

export type RecordType = 'secrets' | 'client' | 'item' | 'day';

export class FieldDb extends Dexie {
  meta!: Table<MetaRow, string>;
  records!: Table<SealedRow, string>;
  constructor(name = 'harbour-field') {
    super(name);
    this.version(1).stores({ meta: 'key', records: 'id, type' });
  }
}

export const fieldDb = new FieldDb();

/** Erases everything on the phone: the database, cached pages, and the service worker's data. */
export async function eraseEverything(): Promise<void> {
  fieldDb.close();
  await Dexie.delete(fieldDb.name);
  try {
    for (const k of await caches.keys()) await caches.delete(k);
  } catch {
    // No cache storage (private mode): nothing to erase there.
  }
  localStorage.clear();
}
