/**
 * An enrolment a phone made offline, arriving by sync. The registry's other enrolment (the console's,
 * `enrolClient`) refuses a code already enrolled; a phone cannot be refused — the worker enrolled the
 * person in the field, maybe the same day as someone else on another phone. So the two converge: the
 * phone's id becomes an alias of the client enrolled first, and the profile merges field by field
 * (newest stamp wins, `mergeProfile`). Otherwise the client is created as any other, by `insertClients`.
 */

import { clampStamp, mergeProfile, type ParsedUic, type ProfileClock, type Sex } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { rekeyArrivingCodes } from '../crypto/uic-rekey.js';
import type { Actor } from '../identity/actor.js';
import type { Database, OrgUnitTable } from '../store/schema.js';
import { writeTransaction } from '../store/transactions.js';
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
 * Enrols, or converges with the live client who has the code, in one transaction with what the
 * caller records of it (sync remembers the item there); answers the id the client lives under.
 */
export async function enrolFromPhone(
  s: Services,
  actor: Actor,
  e: PhoneEnrolment,
  alongside: (trx: Kysely<Database>, clientId: string) => Promise<void>,
): Promise<string> {
  const { site, code } = e;
  // Before the transaction: the organisation's key may need reading, and on SQLite a write
  // transaction holds the only connection.
  const hash = (await s.uic.forOrg(site.org_id)).hash(code);
  return writeTransaction(s, async (trx) => {
    const clientId = await enrol(s, trx, actor, e, hash);
    await alongside(trx, clientId);
    return clientId;
  });
}

async function enrol(
  s: Services,
  trx: Kysely<Database>,
  actor: Actor,
  e: PhoneEnrolment,
  hash: string,
): Promise<string> {
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
    await s.audit.record(trx, actor, {
      action: 'client.enrolment_converged',
      entityType: 'client',
      entityId: existing.id,
      orgId: site.org_id,
      orgUnitId: site.id,
      details: { alias: e.id, device: e.deviceId },
    });
    return existing.id;
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
  await s.audit.record(trx, actor, {
    action: 'client.enrolled',
    entityType: 'client',
    entityId: e.id,
    orgId: site.org_id,
    orgUnitId: site.id,
    details: { site: site.code, device: e.deviceId },
  });
  return e.id;
}
