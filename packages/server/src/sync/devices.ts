/**
 * Phones enrolled for the field app: enrolment by a signed-in worker, a bearer token that exists only
 * on the phone, revocation that takes effect on the next request, and remote wipe at next contact.
 */

import { createHash, randomBytes } from 'node:crypto';
import {
  type DeviceView,
  type EnrolledDevice,
  type FieldSettings,
  NotFoundError,
  uuidv7,
} from '@harbour/core';
import { siteFor, siteIdsInScope } from '../clients/client-access.js';
import type { Services } from '../context.js';
import { type Actor, userActor } from '../identity/actor.js';
import { loadGrants } from '../identity/users.js';
import { programmeSettings } from '../programme/programme-settings.js';
import { captureKey } from '../rights/capture-key.js';
import type { DeviceTable } from '../store/schema.js';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The units above a site, nearest first, down to the organisation: a city or region, never an address. */
async function placesAbove(s: Services, siteId: string): Promise<{ code: string; name: string }[]> {
  const site = await s.db
    .selectFrom('org_units')
    .select(['path'])
    .where('id', '=', siteId)
    .executeTakeFirst();
  const ids = (site?.path ?? '').split('/').filter(Boolean).slice(0, -1);
  if (ids.length === 0) return [];
  const units = await s.db
    .selectFrom('org_units')
    .select(['id', 'code', 'name', 'org_id'])
    .where('id', 'in', ids)
    .execute();
  const above = ids
    .reverse()
    .map((id) => units.find((u) => u.id === id)!)
    .filter((u) => u?.org_id);
  // The organisation is not a place; it is offered only when there is nothing between it and the site.
  const places = above.filter((u) => u.id !== u.org_id);
  return (places.length ? places : above).map((u) => ({ code: u.code, name: u.name }));
}

export async function fieldSettings(s: Services, orgId: string, siteId?: string): Promise<FieldSettings> {
  const p = await programmeSettings(s.db, orgId);
  return {
    uicScheme: p.uicScheme,
    idleLockMinutes: p.idleLockMinutes,
    pinAttemptsBeforeWipe: p.pinAttemptsBeforeWipe,
    followUpDays: 30,
    rightsKey: await captureKey(s, orgId),
    rightsPlaces: siteId ? await placesAbove(s, siteId) : [],
    aliasEnabled: p.aliasEnabled,
  };
}

export async function enrolDevice(
  s: Services,
  actor: Actor,
  input: { name: string; siteCode: string; appVersion: string },
): Promise<EnrolledDevice> {
  const site = await siteFor(s, actor, input.siteCode, 'device.enrol');
  const token = `hd_${randomBytes(32).toString('base64url')}`;
  const id = uuidv7();
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('devices')
      .values({
        id,
        org_id: site.org_id,
        user_id: actor.userId!,
        site_id: site.id,
        name: input.name,
        token_hash: tokenHash(token),
        app_version: input.appVersion,
        enrolled_at: at,
        last_sync_at: null,
        pending: 0,
        accepted: 0,
        rejected: 0,
        revoked_at: null,
        wipe_requested_at: null,
        wiped_at: null,
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'device.enrolled',
      entityType: 'device',
      entityId: id,
      orgId: site.org_id,
      orgUnitId: site.id,
      details: { site: site.code },
    });
  });
  return {
    deviceId: id,
    token,
    uicKey: (await s.uic.keyFor(site.org_id)).toString('base64url'),
    site: { code: site.code, name: site.name },
    settings: await fieldSettings(s, site.org_id, site.id),
    serverTime: at,
  };
}

export type DeviceAuth =
  | { ok: true; device: DeviceTable; actor: Actor; siteCode: string }
  | { ok: false; reason: 'unknown' | 'revoked' | 'wipe' | 'user_disabled' };

/** The device behind a bearer token, and the worker it acts for (with their current grants). */
export async function authenticateDevice(s: Services, token: string | undefined): Promise<DeviceAuth> {
  if (!token?.startsWith('hd_') || token.length > 100) return { ok: false, reason: 'unknown' };
  const device = await s.db
    .selectFrom('devices')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!device) return { ok: false, reason: 'unknown' };
  if (device.wipe_requested_at) {
    if (!device.wiped_at) {
      await s.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('devices')
          .set({ wiped_at: s.now().toISOString() })
          .where('id', '=', device.id)
          .execute();
        await s.audit.append(trx, {
          actorId: null,
          actor: `device:${device.name}`,
          action: 'device.wiped',
          entityType: 'device',
          entityId: device.id,
          orgId: device.org_id,
        });
      });
    }
    return { ok: false, reason: 'wipe' };
  }
  if (device.revoked_at) return { ok: false, reason: 'revoked' };
  const user = await s.db
    .selectFrom('users')
    .select(['username', 'disabled_at'])
    .where('id', '=', device.user_id)
    .executeTakeFirst();
  if (!user || user.disabled_at) return { ok: false, reason: 'user_disabled' };
  const site = await s.db
    .selectFrom('org_units')
    .select('code')
    .where('id', '=', device.site_id)
    .executeTakeFirstOrThrow();
  return {
    ok: true,
    device,
    actor: userActor(device.user_id, user.username, await loadGrants(s.db, device.user_id)),
    siteCode: site.code,
  };
}

export async function listDevices(s: Services, actor: Actor, siteCode?: string): Promise<DeviceView[]> {
  const sites = await siteIdsInScope(s.db, actor, 'device.manage');
  let q = s.db
    .selectFrom('devices as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .innerJoin('org_units as o', 'o.id', 'd.site_id')
    .select([
      'd.id',
      'd.name',
      'u.username',
      'o.code',
      'o.name as site_name',
      'd.app_version',
      'd.enrolled_at',
      'd.last_sync_at',
      'd.pending',
      'd.accepted',
      'd.rejected',
      'd.revoked_at',
      'd.wipe_requested_at',
      'd.wiped_at',
    ])
    .orderBy('d.enrolled_at', 'desc');
  if (sites !== 'all') q = q.where('d.site_id', 'in', sites.length ? sites : ['-']);
  if (siteCode) q = q.where('o.code', '=', siteCode);
  return (await q.execute()).map((d) => ({
    id: d.id,
    name: d.name,
    user: d.username,
    site: { code: d.code, name: d.site_name },
    appVersion: d.app_version,
    enrolledAt: d.enrolled_at,
    lastSyncAt: d.last_sync_at,
    pending: d.pending,
    accepted: d.accepted,
    rejected: d.rejected,
    status: d.wiped_at ? 'wiped' : d.wipe_requested_at ? 'wipe_pending' : d.revoked_at ? 'revoked' : 'active',
  }));
}

async function deviceInScope(s: Services, actor: Actor, id: string): Promise<DeviceTable> {
  const d = await s.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  const sites = await siteIdsInScope(s.db, actor, 'device.manage');
  if (!d || (sites !== 'all' && !sites.includes(d.site_id))) throw new NotFoundError('Device');
  return d;
}

/** Revoke: the token stops working at once. Wipe also tells the phone to erase its data when it next connects. */
export async function revokeDevice(
  s: Services,
  actor: Actor,
  id: string,
  wipe: boolean,
): Promise<DeviceView> {
  const d = await deviceInScope(s, actor, id);
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('devices')
      .set({
        revoked_at: d.revoked_at ?? at,
        ...(wipe ? { wipe_requested_at: d.wipe_requested_at ?? at } : {}),
      })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: wipe ? 'device.wipe_requested' : 'device.revoked',
      entityType: 'device',
      entityId: id,
      orgId: d.org_id,
      orgUnitId: d.site_id,
    });
  });
  return (await listDevices(s, actor)).find((x) => x.id === id)!;
}
