/**
 * The phone's IndexedDB, spoken to directly (a library for it cost a cheap phone a third of its first
 * download). `meta` holds what must be read before the PIN (the wrapped data key, wrong-PIN counter);
 * every other record is sealed with the data key. The layout is the one earlier versions made
 * (database `harbour-field` at IndexedDB version 10; `meta` keyed by `key`; `records` keyed by `id`
 * with an index on `type`), so an updated app opens a phone's existing data.
 */

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

const VERSION = 10;

const done = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** One object store: the few operations the vault uses, each in its own transaction. */
class Store<Row, Key extends IDBValidKey> {
  constructor(
    private readonly db: () => Promise<IDBDatabase>,
    private readonly name: string,
  ) {}

  private async run<T>(
    mode: IDBTransactionMode,
    fn: (s: IDBObjectStore) => IDBRequest<T> | undefined,
  ): Promise<T> {
    const tx = (await this.db()).transaction(this.name, mode);
    const req = fn(tx.objectStore(this.name));
    const result = req ? done(req) : Promise.resolve(undefined as T);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async get(key: Key): Promise<Row | undefined> {
    return this.run('readonly', (s) => s.get(key) as IDBRequest<Row | undefined>);
  }

  async put(row: Row): Promise<void> {
    await this.run('readwrite', (s) => s.put(row));
  }

  async bulkPut(rows: readonly Row[]): Promise<void> {
    await this.run('readwrite', (s) => {
      for (const r of rows) s.put(r);
      return undefined;
    });
  }

  async bulkDelete(keys: readonly Key[]): Promise<void> {
    await this.run('readwrite', (s) => {
      for (const k of keys) s.delete(k);
      return undefined;
    });
  }

  async where(index: string, value: IDBValidKey): Promise<Row[]> {
    return this.run('readonly', (s) => s.index(index).getAll(value) as IDBRequest<Row[]>);
  }

  /** Changes some fields of one row (nothing when it is missing). */
  async update(key: Key, patch: Partial<Row>): Promise<void> {
    const row = await this.get(key);
    if (row) await this.put({ ...row, ...patch });
  }
}

export class FieldDb {
  private opened: Promise<IDBDatabase> | null = null;
  readonly meta: Store<MetaRow, string>;
  readonly records: Store<SealedRow, string>;

  constructor(readonly name = 'harbour-field') {
    const db = () => this.open();
    this.meta = new Store(db, 'meta');
    this.records = new Store(db, 'records');
  }

  private open(): Promise<IDBDatabase> {
    this.opened ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
        if (!db.objectStoreNames.contains('records'))
          db.createObjectStore('records', { keyPath: 'id' }).createIndex('type', 'type');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.opened;
  }

  async close(): Promise<void> {
    if (this.opened) (await this.opened.catch(() => null))?.close();
    this.opened = null;
  }
}

export const fieldDb = new FieldDb();

/** Erases everything on the phone: the database, cached pages, and the service worker's data. */
export async function eraseEverything(): Promise<void> {
  await fieldDb.close();
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(fieldDb.name);
    // Blocked or failed: the records are sealed and the key is gone with the page; carry on wiping.
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
  try {
    for (const k of await caches.keys()) await caches.delete(k);
  } catch {
    // No cache storage (private mode): nothing to erase there.
  }
  localStorage.clear();
}
