/**
 * The OST clinic's register: who is on treatment at a site, their prescription, last dose, and who has
 * missed doses (beyond their take-home days). Clients lost to treatment by the programme's limit have
 * left it (core ost.ts).
 */

import { daysBetween, episodeEnd, toIsoDate } from '@harbour/core';
import { siteFor } from '../clients/client-access.js';
import { clientRef } from '../clients/registry.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { programmeSettings } from '../programme/programme-settings.js';
import { readAuditTransaction } from '../store/transactions.js';
import { prescriptionOn } from './ost-service.js';

export interface OstPatient {
  clientId: string;
  clientRef: string;
  startDate: string;
  medicine: string | null;
  lastDoseDate: string | null;
  lastDoseMg: number | null;
  prescription: { medicine: string; mg: number; takeHomeDays: number; validFrom: string } | null;
  /** Days since the last dose (or since the start when no dose yet). */
  daysSinceDose: number;
  missed: boolean;
  dosedToday: boolean;
}

/** Active episodes at a site on a day (today by default), ordered with the longest gaps first. */
export async function ostRegister(
  s: Services,
  actor: Actor,
  siteCode: string,
  day?: string,
): Promise<OstPatient[]> {
  const site = await siteFor(s, actor, siteCode, 'ost.dispense');
  const today = day ?? toIsoDate(s.now());
  const { ostMissedAfterDays, ostLostAfterDays } = await programmeSettings(s.db, site.org_id);
  const rows = await s.db
    .selectFrom('ost_episodes as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .select([
      'e.client_id',
      'c.merged_into',
      'e.start_date',
      'e.stop_date',
      'e.medicine',
      'e.last_dose_date',
      'e.last_dose_mg',
    ])
    .where('e.site_id', '=', site.id)
    .where('e.start_date', '<=', today)
    .where((eb) => eb.or([eb('e.stop_date', 'is', null), eb('e.stop_date', '>', today)]))
    .execute();
  const active = rows.filter((r) => {
    const end = episodeEnd(
      { startDate: r.start_date, stopDate: r.stop_date, lastDoseDate: r.last_dose_date },
      today,
      ostLostAfterDays,
    );
    return end.stopDate === null || end.stopDate > today;
  });
  await readAuditTransaction(s, (trx) =>
    s.audit.record(trx, actor, {
      action: 'ost.register_read',
      entityType: 'site',
      entityId: site.id,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { patients: active.length },
    }),
  );
  const patients: OstPatient[] = [];
  for (const r of active) {
    const since = daysBetween(r.last_dose_date ?? r.start_date, today);
    const id = r.merged_into ?? r.client_id;
    const prescription = await prescriptionOn(s, id, today);
    patients.push({
      clientId: id,
      clientRef: clientRef(id),
      startDate: r.start_date,
      medicine: r.medicine,
      lastDoseDate: r.last_dose_date,
      lastDoseMg: r.last_dose_mg,
      prescription,
      daysSinceDose: since,
      // Take-home doses cover their days: missing starts after them.
      missed: since > ostMissedAfterDays + (prescription?.takeHomeDays ?? 0),
      dosedToday: r.last_dose_date === today,
    });
  }
  return patients.sort((a, b) => b.daysSinceDose - a.daysSinceDose);
}
