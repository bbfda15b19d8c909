/**
 * Moving an organisation from the installation's UIC key to its own (docs/security.md, "Keys per
 * organisation"). A stored hash cannot be re-made without the code it came from, so the move is
 * lazy: `startRekey` turns the organisation to `migrating` (from then on its phones and every new
 * hash take its own key) and lists its clients as pending; whenever a code arrives — a lookup, an
 * enrolment in the console or from a phone, a register import, a rights case linked by code — the
 * clients under that code's installation hash get the organisation's hash and partial codes in its
 * place, in the same transaction as the write that brought the code. A client whose code never
 * comes back stays findable: lookups re-key first, so the old hash is found and moved.
 */

import type { ParsedUic } from '@harbour/core';
import type { Kysely, Transaction } from 'kysely';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { putSetting } from '../settings/settings.js';
import type { Database } from '../store/schema.js';
import { bulkInsert } from '../store/sql-helpers.js';
import { writeTransaction } from '../store/transactions.js';
import { UIC_KEY_SETTING, type UicKeyScheme } from './uic-hasher.js';

const STARTED_SETTING = 'uic.rekey_started';

export interface RekeyStatus {
  scheme: UicKeyScheme;
  /** When the move started (ISO), if it did. */
  startedAt: string | null;
  clients: number;
  /** Clients still under the installation's key: their codes have not arrived since the start. */
  pending: number;
  /** Phones enrolled before the start and not revoked: they still hold the installation's key. */
  phonesWithOldKey: number;
}

export async function rekeyStatus(s: Services, orgId: string): Promise<RekeyStatus> {
  s.uic.forget(orgId);
  const scheme = await s.uic.schemeOf(orgId);
  const started = await s.db
    .selectFrom('settings')
    .select('value')
    .where('org_id', '=', orgId)
    .where('key', '=', STARTED_SETTING)
    .executeTakeFirst();
  const startedAt = started ? (JSON.parse(started.value) as string) : null;
  const count = async (table: 'clients' | 'uic_rekey_pending') =>
    Number(
      (
        await s.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const phones =
    scheme === 'organisation'
      ? 0
      : Number(
          (
            await s.db
              .selectFrom('devices')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('org_id', '=', orgId)
              .where('revoked_at', 'is', null)
              .$if(startedAt !== null, (q) => q.where('enrolled_at', '<', startedAt!))
              .executeTakeFirstOrThrow()
          ).n,
        );
  return {
    scheme,
    startedAt,
    clients: await count('clients'),
    pending: await count('uic_rekey_pending'),
    phonesWithOldKey: phones,
  };
}

/**
 * Starts the move for an organisation under the installation's key; refused for one that already
 * has its own (nothing to move). Starting twice is harmless: the second start changes nothing.
 */
export async function startRekey(s: Services, actor: Actor, orgId: string): Promise<RekeyStatus> {
  s.uic.forget(orgId);
  const scheme = await s.uic.schemeOf(orgId);
  if (scheme === 'installation') {
    const at = s.now();
    await writeTransaction(s, async (trx) => {
      await trx
        .insertInto('uic_rekey_pending')
        .columns(['client_id', 'org_id'])
        .expression((eb) => eb.selectFrom('clients').select(['id', 'org_id']).where('org_id', '=', orgId))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await putSetting(trx, UIC_KEY_SETTING, 'migrating', at, orgId);
      await putSetting(trx, STARTED_SETTING, at.toISOString(), at, orgId);
      await s.audit.record(trx, actor, {
        action: 'uic.rekey_started',
        entityType: 'org_unit',
        entityId: orgId,
        orgId,
        orgUnitId: orgId,
      });
    });
    s.uic.forget(orgId);
  }
  return rekeyStatus(s, orgId);
}

/**
 * Re-keys the clients of `orgId` under these codes' installation hashes, inside the caller's write
 * transaction (so the write that brought the code and the re-key commit together). Nothing to do —
 * and no query — unless the organisation is migrating. Returns how many clients moved.
 */
export async function rekeyArrivingCodes(
  s: Services,
  trx: Transaction<Database> | Kysely<Database>,
  actor: Actor,
  orgId: string,
  codes: readonly ParsedUic[],
): Promise<number> {
  if (codes.length === 0 || (await s.uic.schemeOf(orgId)) !== 'migrating') return 0;
  const old = s.uic.installation;
  const mine = await s.uic.forOrg(orgId);
  const byOldHash = new Map(codes.map((c) => [old.hash(c), c]));
  const hashes = [...byOldHash.keys()];
  const moved: { id: string; code: ParsedUic }[] = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await trx
      .selectFrom('clients')
      .select(['id', 'uic_hash'])
      .where('org_id', '=', orgId)
      .where('uic_hash', 'in', hashes.slice(i, i + 500))
      .execute();
    for (const r of rows) moved.push({ id: r.id, code: byOldHash.get(r.uic_hash)! });
  }
  if (moved.length === 0) return 0;
  const ids = moved.map((m) => m.id);
  for (const m of moved)
    await trx
      .updateTable('clients')
      .set({ uic_hash: mine.hash(m.code) })
      .where('id', '=', m.id)
      .execute();
  for (let i = 0; i < ids.length; i += 500) {
    await trx
      .deleteFrom('client_uic_partials')
      .where('client_id', 'in', ids.slice(i, i + 500))
      .execute();
    await trx
      .deleteFrom('uic_rekey_pending')
      .where('client_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  await bulkInsert(
    trx,
    s.dialect,
    'client_uic_partials',
    ['client_id', 'org_id', 'part', 'hash'],
    moved.flatMap((m) => mine.partials(m.code.base).map((hash, part) => [m.id, orgId, part, hash])),
  );
  await s.audit.record(trx, actor, {
    action: 'uic.clients_rekeyed',
    entityType: 'org_unit',
    entityId: orgId,
    orgId,
    details: { count: moved.length },
  });
  return moved.length;
}

/** The same, in a transaction of its own, for a read path (a lookup by code) that writes nothing else. */
export async function rekeyBeforeLookup(
  s: Services,
  actor: Actor,
  orgId: string,
  codes: readonly ParsedUic[],
): Promise<number> {
  if ((await s.uic.schemeOf(orgId)) !== 'migrating') return 0;
  return writeTransaction(s, (trx) => rekeyArrivingCodes(s, trx, actor, orgId, codes));
}
