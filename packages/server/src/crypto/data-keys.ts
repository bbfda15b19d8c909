/** Per-organisation data keys: created on first use, wrapped by the master key, cached unwrapped in memory only. */

import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { deriveKey, formatSealed, open, parseSealed, seal } from './envelope.js';

/** '' is the installation's own owner (e.g. TOTP secrets of users above any organisation). */
export type KeyOwner = string;

export class DataKeys {
  private readonly wrapKey: Buffer;
  private readonly cache = new Map<string, { owner: string; key: Buffer }>();
  private readonly active = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    master: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.wrapKey = deriveKey(master, 'data-key-wrap');
  }

  /** Seals text for an owner with that owner's current data key; `aad` ties it to its record. */
  async encrypt(owner: KeyOwner, plaintext: string, aad: string): Promise<string> {
    const { id, key } = await this.activeKey(owner);
    return formatSealed(id, seal(key, Buffer.from(plaintext, 'utf8'), aad));
  }

  async decrypt(token: string, aad: string): Promise<string> {
    const { keyId, sealed } = parseSealed(token);
    const { key } = await this.keyById(keyId);
    return open(key, sealed, aad).toString('utf8');
  }

  /** Starts a new key version for an owner; old versions stay readable until re-sealed. */
  async rotate(owner: KeyOwner): Promise<{ id: string; version: number }> {
    return this.db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom('data_keys')
        .select(['version'])
        .where('org_id', '=', owner)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      const at = this.now().toISOString();
      await trx
        .updateTable('data_keys')
        .set({ retired_at: at })
        .where('org_id', '=', owner)
        .where('retired_at', 'is', null)
        .execute();
      const created = await this.insertKey(trx, owner, (latest?.version ?? 0) + 1);
      this.active.set(owner, created.id);
      return { id: created.id, version: created.version };
    });
  }

  private async activeKey(owner: KeyOwner): Promise<{ id: string; key: Buffer }> {
    const cachedId = this.active.get(owner);
    if (cachedId) return { id: cachedId, key: (await this.keyById(cachedId)).key };
    const row = await this.db
      .selectFrom('data_keys')
      .select(['id'])
      .where('org_id', '=', owner)
      .where('retired_at', 'is', null)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    let id = row?.id;
    if (!id) {
      try {
        id = (await this.insertKey(this.db, owner, 1)).id;
      } catch {
        // Another process created version 1 at the same moment: use theirs.
        id = (
          await this.db
            .selectFrom('data_keys')
            .select(['id'])
            .where('org_id', '=', owner)
            .where('retired_at', 'is', null)
            .orderBy('version', 'desc')
            .executeTakeFirstOrThrow()
        ).id;
      }
    }
    this.active.set(owner, id);
    return { id, key: (await this.keyById(id)).key };
  }

  private async keyById(id: string): Promise<{ owner: string; key: Buffer }> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('data_keys')
      .select(['org_id', 'version', 'wrapped_key'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error('data key not found');
    const key = open(this.wrapKey, Buffer.from(row.wrapped_key, 'base64'), `${row.org_id}:${row.version}`);
    const entry = { owner: row.org_id, key };
    this.cache.set(id, entry);
    return entry;
  }

  private async insertKey(db: Kysely<Database>, owner: KeyOwner, version: number) {
    const key = randomBytes(32);
    const id = uuidv7();
    await db
      .insertInto('data_keys')
      .values({
        id,
        org_id: owner,
        version,
        wrapped_key: seal(this.wrapKey, key, `${owner}:${version}`).toString('base64'),
        created_at: this.now().toISOString(),
        retired_at: null,
      })
      .execute();
    this.cache.set(id, { owner, key });
    return { id, version };
  }
}
