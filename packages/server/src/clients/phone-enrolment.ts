/**
 * An enrolment a phone made offline, arriving by sync. The registry's other enrolment (the console's,
 * `enrolClient`) refuses a code already enrolled; a phone cannot be refused — the worker enrolled the
 * person in the field, maybe the same day as someone else on another phone. So the two converge: the
 * phone's id becomes an alias of the client enrolled first, and the profile merges field by field
 * (newest stamp wins, `mergeProfile`). Otherwise the client is created as any other, by `insertClients`.
 */

import { clampStamp, mergeProfile, type ParsedUic, type ProfileClock, type Sex } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { ActorEntry } from '../audit/audit-log.js';
import type { Services } from '../context.js';
import { rekeyArrivingCodes } from '../crypto/uic-rekey.js';
import type { Actor } from '../identity/actor.js';
import type { Database, OrgUnitTable } from '../store/schema.js';
import { writeProfile } from './profile-writes.js';
import { insertClients } from './registry.js';

export interface PhoneEnrolment {
  /** The id the phone gave the client. */
  id: string;
  site: OrgUnitTable & { org_id: string };
  code: ParsedUic;
  sex: Sex;
  birthYear: number | null;
  kp: string | null;
  /** When the phone says the enrolment was made (clamped to now). */
  at: string;
  deviceId: string;
}

/**
 * The organisation's hash of the code, read before the transaction: the organisation's key may need
 * reading, and on SQLite a write transaction holds the only connection.
 */
export async function phoneCodeHash(s: Services, orgId: string, code: ParsedUic): Promise<string> {
  return (await s.uic.forOrg(orgId)).hash(code);
}

/**
 * Enrols, or converges with the live client who has the code, inside the caller's transaction (sync
 * writes a phone's whole push in one); answers the id the client lives under, and the audit entry for
 * the caller to append with the rest of its transaction's, last: on PostgreSQL the chain's head stays
 * locked until commit, and taken before the clients' rows it deadlocked with console writes, which
 * take them the other way round.
 */
export async function enrolFromPhone(
  s: Services,
  trx: Kysely<Database>,
  actor: Actor,
  e: PhoneEnrolment,
  hash: string,
): Promise<{ clientId: string; audit: ActorEntry }> {
  const { site, code } = e;
  const now = s.now().toISOString();
  // Every field the phone sent is as new as its enrolment, "not stated" included (a merge never lets
  // "not stated" overwrite a known value).
  const stamp = clampStamp(e.at, s.now().getTime());
  const clock: ProfileClock = { sex: stamp, birthYear: stamp, kp: stamp };
  await rekeyArrivingCodes(s, trx, actor, site.org_id, [code]);
  const existing = await trx
    .selectFrom('clients')
    .selectAll()
    .where('org_id', '=', site.org_id)
    .where('uic_hash', '=', hash)
    .where('uic_suffix', '=', code.suffix)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  if (existing && existing.id !== e.id) {
    const merged = mergeProfile(
      { sex: existing.sex, birthYear: existing.birth_year, kp: existing.kp },
      JSON.parse(existing.profile_clock) as ProfileClock,
      { sex: e.sex, birthYear: e.birthYear, kp: e.kp },
      clock,
    );
    await writeProfile(trx, existing.id, merged, now);
    await trx
      .insertInto('client_aliases')
      .values({ alias_id: e.id, client_id: existing.id, org_id: site.org_id, created_at: now })
      .onConflict((oc) => oc.column('alias_id').doNothing())
      .execute();
    await trx
      .insertInto('client_sites')
      .values({
        client_id: existing.id,
        site_id: site.id,
        org_id: site.org_id,
        first_contact_date: null,
        last_contact_date: null,
      })
      .onConflict((oc) => oc.columns(['client_id', 'site_id']).doNothing())
      .execute();
    return {
      clientId: existing.id,
      audit: {
        action: 'client.enrolment_converged',
        entityType: 'client',
        entityId: existing.id,
        orgId: site.org_id,
        orgUnitId: site.id,
        details: { alias: e.id, device: e.deviceId },
      },
    };
  }
  // The same enrolment again (its answer was lost) finds the client it made: nothing to insert.
  if (!existing)
    await insertClients(s, trx, [
      {
        row: {
          id: e.id,
          org_id: site.org_id,
          uic_hash: hash,
          uic_suffix: code.suffix,
          sex: e.sex,
          birth_year: e.birthYear,
          kp: e.kp,
          enrol_site_id: site.id,
          alias: null,
          created_at: now,
          created_by: actor.userId,
          profile_clock: JSON.stringify(clock),
        },
        code,
      },
    ]);
  return {
    clientId: e.id,
    audit: {
      action: 'client.enrolled',
      entityType: 'client',
      entityId: e.id,
      orgId: site.org_id,
      orgUnitId: site.id,
      details: { site: site.code, device: e.deviceId },
    },
  };
}
