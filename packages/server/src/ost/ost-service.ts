/**
 * OST as a clinic runs it: prescriptions (medicine, daily dose, take-home days, from a date), dispensing
 * that follows the prescription and never opens an episode without saying so, and stopping with a
 * reason (completed, transferred, discharged, …). Doses and stops are contacts with an OST item, so
 * episodes, reports and the client's timeline follow from the one contact write path.
 */

import {
  type ContactItem,
  futureDayIssue,
  InputError,
  isIsoDate,
  OST_MEDICINES,
  OST_STOP_REASONS,
  type OstStopReason,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import { clientToServe, siteFor } from '../clients/client-access.js';
import { recordContact } from '../contacts/contacts.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { writeTransaction } from '../store/transactions.js';
import { episodeOn } from './ost-episodes.js';

export interface Prescription {
  medicine: string;
  mg: number;
  takeHomeDays: number;
  validFrom: string;
}

/** The prescription in force on `day`: the newest one from on or before it. */
export async function prescriptionOn(
  s: Services,
  clientId: string,
  day: string,
): Promise<Prescription | null> {
  const r = await s.db
    .selectFrom('ost_prescriptions as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .select(['p.medicine', 'p.mg', 'p.take_home_days', 'p.valid_from'])
    .where((eb) => eb.or([eb('c.id', '=', clientId), eb('c.merged_into', '=', clientId)]))
    .where('p.valid_from', '<=', day)
    .orderBy('p.valid_from', 'desc')
    .orderBy('p.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r
    ? {
        medicine: r.medicine,
        mg: Number(r.mg),
        takeHomeDays: Number(r.take_home_days),
        validFrom: r.valid_from,
      }
    : null;
}

function checkDay(s: Services, field: string, day: string): void {
  if (!isIsoDate(day))
    throw new InputError({ field, value: day, rule: 'format', message: 'Give the date as YYYY-MM-DD' });
  const ahead = futureDayIssue(field, day, toIsoDate(s.now()));
  if (ahead) throw new InputError(ahead);
}

export async function prescribe(
  s: Services,
  actor: Actor,
  input: {
    clientId: string;
    siteCode: string;
    medicine: string;
    mg: number;
    takeHomeDays: number;
    validFrom?: string;
  },
): Promise<{ id: string }> {
  const site = await siteFor(s, actor, input.siteCode, 'ost.dispense');
  const client = await clientToServe(s, input.clientId, site);
  const validFrom = input.validFrom ?? toIsoDate(s.now());
  checkDay(s, 'validFrom', validFrom);
  if (!(OST_MEDICINES as readonly string[]).includes(input.medicine))
    throw new InputError({
      field: 'medicine',
      value: input.medicine,
      rule: 'enum',
      message: `Allowed: ${OST_MEDICINES.join(', ')}`,
    });
  const id = uuidv7();
  const clientId = client.merged_into ?? client.id;
  await writeTransaction(s, async (trx) => {
    await trx
      .insertInto('ost_prescriptions')
      .values({
        id,
        org_id: site.org_id,
        client_id: clientId,
        site_id: site.id,
        medicine: input.medicine,
        mg: input.mg,
        take_home_days: input.takeHomeDays,
        valid_from: validFrom,
        prescribed_by: actor.userId,
        created_at: s.now().toISOString(),
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'ost.prescribed',
      entityType: 'client',
      entityId: clientId,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { medicine: input.medicine, mg: input.mg, takeHomeDays: input.takeHomeDays, from: validFrom },
    });
  });
  return { id };
}

/**
 * Dispenses a dose: the medicine and mg given, else the prescription's, else (medicine only) the
 * episode's — never a guess. A client not on OST that day is refused (409, `startEpisode`) unless
 * the caller confirms a new episode, which records a start with the dose.
 */
export async function dispense(
  s: Services,
  actor: Actor,
  input: {
    id?: string;
    clientId: string;
    siteCode: string;
    date?: string;
    medicine?: string;
    mg?: number;
    startEpisode?: boolean;
  },
): Promise<{ id: string; duplicate: boolean }> {
  const site = await siteFor(s, actor, input.siteCode, 'ost.dispense');
  const client = await clientToServe(s, input.clientId, site);
  const canon = { id: client.merged_into ?? client.id, org_id: site.org_id };
  const date = input.date ?? toIsoDate(s.now());
  checkDay(s, 'date', date);
  const episode = await episodeOn(s.db, canon, date);
  if (!episode && !input.startEpisode)
    throw new InputError(
      {
        field: 'startEpisode',
        rule: 'confirm',
        message: 'This client is not on OST on that day. Confirm to start a new episode with this dose.',
      },
      409,
    );
  const rx = await prescriptionOn(s, canon.id, date);
  const medicine = input.medicine ?? rx?.medicine ?? episode?.medicine ?? null;
  if (!medicine)
    throw new InputError({
      field: 'medicine',
      rule: 'required',
      message: `Say which medicine: ${OST_MEDICINES.join(', ')}`,
    });
  const mg = input.mg ?? rx?.mg ?? null;
  if (mg === null)
    throw new InputError({
      field: 'mg',
      rule: 'required',
      message: 'Give the dose in mg (there is no prescription)',
    });
  const m = medicine as ContactItem['medicine'];
  const items: ContactItem[] = [
    ...(episode ? [] : [{ code: 'ost', event: 'start', medicine: m } as ContactItem]),
    { code: 'ost', event: 'dose', medicine: m, mg },
  ];
  return recordContact(s, actor, {
    ...(input.id ? { id: input.id } : {}),
    clientId: canon.id,
    siteCode: input.siteCode,
    date,
    placeType: 'fixed_site',
    items,
  });
}

/** Ends a client's episode on a date (the first day off treatment), with a reason. */
export async function stopOst(
  s: Services,
  actor: Actor,
  input: { clientId: string; siteCode: string; date?: string; reason: Exclude<OstStopReason, 'lost'> },
): Promise<{ id: string }> {
  const site = await siteFor(s, actor, input.siteCode, 'ost.dispense');
  const client = await clientToServe(s, input.clientId, site);
  const canon = { id: client.merged_into ?? client.id, org_id: site.org_id };
  const date = input.date ?? toIsoDate(s.now());
  checkDay(s, 'date', date);
  if (!(OST_STOP_REASONS as readonly string[]).includes(input.reason))
    throw new InputError({
      field: 'reason',
      value: input.reason,
      rule: 'enum',
      message: `Allowed: ${OST_STOP_REASONS.join(', ')}`,
    });
  if (!(await episodeOn(s.db, canon, date)))
    throw new InputError({
      field: 'clientId',
      rule: 'not_on_ost',
      message: 'This client is not on OST on that day: there is nothing to stop',
    });
  return recordContact(s, actor, {
    clientId: canon.id,
    siteCode: input.siteCode,
    date,
    placeType: 'fixed_site',
    items: [{ code: 'ost', event: 'stop', stopReason: input.reason }],
  });
}
