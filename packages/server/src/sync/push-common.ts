/**
 * What every kind of pushed item shares: who pushes, how an item's failure becomes its answer, how an
 * applied item is remembered (so the same batch again gets the same answers), and how a phone's id
 * for a client is found.
 */

import { type FieldIssue, InputError, type ItemResult, NotFoundError, type SyncItem } from '@harbour/core';
import type { Kysely } from 'kysely';
import { orgAllowed, orgsFor } from '../clients/client-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { DialectName } from '../store/database.js';
import type { ClientTable, Database, DeviceTable } from '../store/schema.js';
import { bulkInsert, chunks } from '../store/sql-helpers.js';

export interface PushInput {
  appVersion: string;
  pending: number;
  items: unknown[];
}

export interface PushContext {
  device: DeviceTable;
  actor: Actor;
}

/** An item's failure as its answer; anything but a refusal of its input is thrown on. */
export function reasonOf(e: unknown): { reason: string; field?: string } {
  if (e instanceof InputError || (e as { issues?: FieldIssue[] }).issues) {
    const issue = (e as { issues: FieldIssue[] }).issues[0]!;
    return { reason: issue.message, field: issue.field };
  }
  if (e instanceof NotFoundError) return { reason: e.message };
  throw e;
}

/** Applied items and their answers, by id: the same item again is answered as it was, and not applied twice. */
export async function remember(
  trx: Kysely<Database>,
  dialect: DialectName,
  ctx: PushContext,
  at: string,
  rows: { item: SyncItem; result: ItemResult }[],
): Promise<void> {
  // Plain multi-row inserts: Kysely's builder inspected every value of a 500-item batch.
  await bulkInsert(
    trx,
    dialect,
    'sync_items',
    ['id', 'device_id', 'org_id', 'kind', 'status', 'result', 'received_at'],
    rows.map(({ item, result }) => [
      item.id,
      ctx.device.id,
      ctx.device.org_id,
      item.kind,
      result.status,
      JSON.stringify(result),
      at,
    ]),
    'on conflict (id) do nothing',
  );
}

/** Resolves the id a phone used for a client: its own, an alias of someone enrolled first, or a merged record. */
export async function resolveClients(
  s: Services,
  actor: Actor,
  ids: string[],
): Promise<Map<string, ClientTable>> {
  const found = new Map<string, ClientTable>();
  const orgs = await orgsFor(s.db, actor, 'client.read');
  for (const chunk of chunks([...new Set(ids)], 500)) {
    const aliases = await s.db
      .selectFrom('client_aliases')
      .select(['alias_id', 'client_id'])
      .where('alias_id', 'in', chunk)
      .execute();
    const target = new Map(chunk.map((id) => [id, id]));
    for (const a of aliases) target.set(a.alias_id, a.client_id);
    const rows = await s.db
      .selectFrom('clients')
      .selectAll()
      .where('id', 'in', [...new Set(target.values())])
      .execute();
    const byId = new Map(rows.filter((r) => orgAllowed(orgs, r.org_id)).map((r) => [r.id, r]));
    for (const [from, to] of target) {
      const c = byId.get(to);
      if (c) found.set(from, c);
    }
  }
  return found;
}
