/**
 * The rarer kinds of pushed item, each applied in its own transaction with the record that it was
 * applied: a profile edit, a rights case, an overdose, a correction, a take-back.
 */

import {
  type ContactCorrectSyncItem,
  type ContactVoidSyncItem,
  clampStamp,
  type ItemResult,
  mergeProfile,
  type OverdoseSyncItem,
  type ProfileClock,
  type ProfileSyncItem,
  type RightsCaseInput,
  type RightsCaseSyncItem,
} from '@harbour/core';
import { clientInSubtree } from '../clients/client-access.js';
import { writeProfile } from '../clients/profile-writes.js';
import {
  correctContactFromPhone,
  type PhoneVoidOutcome,
  voidContactFromPhone,
} from '../contacts/contacts.js';
import type { Services } from '../context.js';
import { recordOverdose } from '../overdoses/overdose-events.js';
import { openCapture } from '../rights/capture-key.js';
import { createCase } from '../rights/cases.js';
import { writeTransaction } from '../store/transactions.js';
import { type PushContext, remember, resolveClients } from './push-common.js';

export async function applyProfile(
  s: Services,
  ctx: PushContext,
  item: ProfileSyncItem,
): Promise<ItemResult> {
  const found = (await resolveClients(s, ctx.actor, [item.clientId])).get(item.clientId);
  // A profile is changed only from a subtree that holds one of the client's sites.
  const client = found && (await clientInSubtree(s.db, ctx.actor, found, 'client.write')) ? found : undefined;
  if (!client)
    return {
      id: item.id,
      status: 'rejected',
      reason: 'This client is not known on the server yet',
      field: 'clientId',
    };
  const now = s.now();
  const stamp = clampStamp(item.at, now.getTime());
  const incoming: Record<string, unknown> = {};
  const clock: ProfileClock = {};
  for (const f of ['sex', 'birthYear', 'kp'] as const)
    if (item[f] !== undefined) {
      incoming[f] = item[f];
      clock[f] = stamp;
    }
  const merged = mergeProfile(
    { sex: client.sex, birthYear: client.birth_year, kp: client.kp },
    JSON.parse(client.profile_clock) as ProfileClock,
    incoming,
    clock,
  );
  const result: ItemResult = { id: item.id, status: 'accepted', clientId: client.merged_into ?? client.id };
  await writeTransaction(s, async (trx) => {
    await writeProfile(trx, client.id, merged, now.toISOString());
    await s.audit.record(trx, ctx.actor, {
      action: 'client.updated',
      entityType: 'client',
      entityId: client.id,
      orgId: client.org_id,
      details: { fields: Object.keys(merged.changes).join(','), device: ctx.device.id },
    });
    await remember(trx, s.dialect, ctx, now.toISOString(), [{ item, result }]);
  });
  return result;
}

/** A case captured in the field: opened with the organisation's private key and recorded as the worker. */
export async function applyRightsCase(
  s: Services,
  ctx: PushContext,
  item: RightsCaseSyncItem,
): Promise<ItemResult> {
  let input: unknown;
  try {
    input = await openCapture(s, ctx.device.org_id, item.sealed, item.id);
  } catch {
    return {
      id: item.id,
      status: 'rejected',
      reason: 'This case could not be opened on the server (sealed with an old key). Tell your site manager.',
    };
  }
  const result: ItemResult = { id: item.id, status: 'accepted' };
  // The case and the record that its item was applied commit together: a crash between two
  // transactions left a case whose every retry failed on its id, and the phone stuck.
  await createCase(s, ctx.actor, input as RightsCaseInput, {
    id: item.id,
    source: 'field',
    alsoInTransaction: (trx) => remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
  });
  return result;
}

/** An overdose the worker responded to; a client named by the phone's id for them (an alias or a merged record). */
export async function applyOverdose(
  s: Services,
  ctx: PushContext,
  item: OverdoseSyncItem,
): Promise<ItemResult> {
  let clientId: string | null = null;
  if (item.clientId) {
    const client = (await resolveClients(s, ctx.actor, [item.clientId])).get(item.clientId);
    if (!client)
      return {
        id: item.id,
        status: 'rejected',
        field: 'clientId',
        reason: 'The client of this overdose is not known on the server; sync their enrolment first.',
      };
    clientId = client.merged_into ?? client.id;
  }
  const { kind: _kind, id, ...fields } = item;
  const result: ItemResult = { id, status: 'accepted' };
  await recordOverdose(
    s,
    ctx.actor,
    { ...fields, clientId },
    {
      id,
      source: 'field',
      deviceId: ctx.device.id,
      alsoInTransaction: (trx) => remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
    },
  );
  return result;
}

/** A phone taking back a contact it recorded: voided, and the item remembered, in one transaction. */
export async function applyVoid(
  s: Services,
  ctx: PushContext,
  item: ContactVoidSyncItem,
): Promise<ItemResult> {
  const at = s.now().toISOString();
  const resultOf = (outcome: PhoneVoidOutcome): ItemResult => ({
    id: item.id,
    status: outcome === 'voided' ? 'accepted' : 'duplicate',
  });
  const outcome = await voidContactFromPhone(
    s,
    ctx.actor,
    ctx.device,
    item.contactId,
    item.reason,
    (trx, o) => remember(trx, s.dialect, ctx, at, [{ item, result: resultOf(o) }]),
  );
  return resultOf(outcome);
}

/** A phone correcting a contact it recorded: the new contact and the item remembered in one transaction. */
export async function applyCorrection(
  s: Services,
  ctx: PushContext,
  item: ContactCorrectSyncItem,
): Promise<ItemResult> {
  const result: ItemResult = { id: item.id, status: 'accepted' };
  await correctContactFromPhone(s, ctx.actor, ctx.device, item, (trx) =>
    remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
  );
  return result;
}
