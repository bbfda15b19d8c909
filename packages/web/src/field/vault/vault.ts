/** The unlocked vault: reads and writes sealed records with the data key held only in memory. */

import { createDataKey, openDataKey, seal, unseal } from './crypto.js';
import { eraseEverything, type FieldDb, fieldDb, type RecordType } from './db.js';
import { afterWrongPin, FRESH_PIN_STATE, mustWait, type PinState } from './pin-policy.js';

export class Vault {
  constructor(
    private readonly key: CryptoKey,
    private readonly db: FieldDb = fieldDb,
  ) {}

  async put(type: RecordType, id: string, value: unknown): Promise<void> {
    await this.db.records.put({ id, type, sealed: await seal(this.key, value, id) });
  }

  async putMany(type: RecordType, rows: { id: string; value: unknown }[]): Promise<void> {
    const sealed = await Promise.all(
      rows.map(async (r) => ({ id: r.id, type, sealed: await seal(this.key, r.value, r.id) })),
    );
    await this.db.records.bulkPut(sealed);
  }

  async all<T>(type: RecordType): Promise<{ id: string; value: T }[]> {
    const rows = await this.db.records.where('type', type);
    return Promise.all(
      rows.map(async (r) => ({ id: r.id, value: await unseal<T>(this.key, r.sealed, r.id) })),
    );
  }

  async get<T>(id: string): Promise<T | null> {
    const r = await this.db.records.get(id);
    return r ? unseal<T>(this.key, r.sealed, r.id) : null;
  }

  async remove(ids: string[]): Promise<void> {
    await this.db.records.bulkDelete(ids);
  }
}

export async function isEnrolled(db: FieldDb = fieldDb): Promise<boolean> {
  return Boolean(await db.meta.get('vault'));
}

export async function createVault(pin: string, wipeAfter: number, db: FieldDb = fieldDb): Promise<Vault> {
  const { key, wrapped } = await createDataKey(pin);
  await db.meta.bulkPut([
    { key: 'vault', vault: wrapped, wipeAfter },
    { key: 'pin', pin: FRESH_PIN_STATE },
  ]);
  return new Vault(key, db);
}

/** The programme's wrong-PIN limit, as the server last gave it: it must apply before the PIN opens anything. */
export async function setWipeAfter(wipeAfter: number, db: FieldDb = fieldDb): Promise<void> {
  await db.meta.update('vault', { wipeAfter });
}

export type UnlockResult =
  | { ok: true; vault: Vault }
  | { ok: false; waitMs: number; failures: number; wiped: boolean };

export async function unlockVault(
  pin: string,
  now = Date.now(),
  db: FieldDb = fieldDb,
): Promise<UnlockResult> {
  const meta = await db.meta.get('vault');
  if (!meta?.vault) return { ok: false, waitMs: 0, failures: 0, wiped: true };
  const state: PinState = (await db.meta.get('pin'))?.pin ?? FRESH_PIN_STATE;
  const wait = mustWait(state, now);
  if (wait > 0) return { ok: false, waitMs: wait, failures: state.failures, wiped: false };
  const key = await openDataKey(pin, meta.vault);
  if (key) {
    await db.meta.put({ key: 'pin', pin: FRESH_PIN_STATE });
    return { ok: true, vault: new Vault(key, db) };
  }
  const next = afterWrongPin(state, now, meta.wipeAfter ?? 10);
  if (next.wipe) {
    await eraseEverything();
    return { ok: false, waitMs: 0, failures: next.state.failures, wiped: true };
  }
  await db.meta.put({ key: 'pin', pin: next.state });
  return { ok: false, waitMs: mustWait(next.state, now), failures: next.state.failures, wiped: false };
}

export async function pinState(db: FieldDb = fieldDb): Promise<PinState> {
  return (await db.meta.get('pin'))?.pin ?? FRESH_PIN_STATE;
}
