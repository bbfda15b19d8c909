import type { BodyAt } from '../../shared/contract.js';

/**
 * What an expert writes at a site stays on the phone until it is sent: a draft while they type, and
 * a visit waiting in the outbox when there is no network. Both are sealed (AES-GCM) under a key the
 * browser keeps in IndexedDB and cannot export, so the notes are not lying in the phone's storage as
 * text; signing out of the browser profile or clearing site data removes them.
 */

const DB = 'harbour-visits';
const KEYS = 'keys';
const ITEMS = 'items';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(KEYS);
      req.result.createObjectStore(ITEMS);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(store: string, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = act(tx.objectStore(store));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result as T);
        };
        tx.onerror = () => reject(tx.error);
      }),
  );
}

async function key(): Promise<CryptoKey> {
  const kept = await run<CryptoKey | undefined>(KEYS, 'readonly', (s) => s.get('seal'));
  if (kept) return kept;
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  await run(KEYS, 'readwrite', (s) => s.put(made, 'seal'));
  return made;
}

interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

async function keep(name: string, value: unknown): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) },
    await key(),
    new TextEncoder().encode(JSON.stringify(value)),
  );
  await run(ITEMS, 'readwrite', (s) => s.put({ iv, data } satisfies Sealed, name));
}

async function read<T>(name: string): Promise<T | null> {
  const sealed = await run<Sealed | undefined>(ITEMS, 'readonly', (s) => s.get(name));
  if (!sealed) return null;
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode(name) },
    await key(),
    sealed.data,
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

const forget = (name: string) => run(ITEMS, 'readwrite', (s) => s.delete(name)).then(() => undefined);
const names = () => run<IDBValidKey[]>(ITEMS, 'readonly', (s) => s.getAllKeys());

export const saveDraft = (visitId: string, draft: unknown) => keep(`draft:${visitId}`, draft);
export const loadDraft = <T>(visitId: string) => read<T>(`draft:${visitId}`);
export const dropDraft = (visitId: string) => forget(`draft:${visitId}`);

/** A visit to send when the network is back. */
/** A visit as the server takes it (PUT /scorecards/visits/{id}), kept until it is sent. */
export type QueuedVisit = BodyAt<'put', `/scorecards/visits/${string}`>;

export const queueVisit = (visitId: string, visit: QueuedVisit) => keep(`outbox:${visitId}`, visit);
export const unqueueVisit = (visitId: string) => forget(`outbox:${visitId}`);
export async function queuedVisits(): Promise<{ id: string; visit: QueuedVisit }[]> {
  const out: { id: string; visit: QueuedVisit }[] = [];
  for (const n of await names())
    if (typeof n === 'string' && n.startsWith('outbox:')) {
      const visit = await read<QueuedVisit>(n);
      if (visit) out.push({ id: n.slice('outbox:'.length), visit });
    }
  return out;
}
