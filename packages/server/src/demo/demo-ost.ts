/**
 * A demo OST clinic that looks like one: Kyiv's clinic with two dozen people on methadone or
 * buprenorphine, each with a prescription, stable patients collecting weekly take-home doses, new
 * ones dosed daily, a few who missed doses this week, some who stopped coming (lost to treatment),
 * and episodes that ended with a reason. Recorded through the same service a clinic uses.
 */

import { addDays, daysBetween } from '@harbour/core';
import { enrolClient } from '../clients/registry.js';
import type { Services } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { dispense, prescribe, stopOst } from '../ost/ost-service.js';
import { random } from './programme-generator.js';

const SITE = 'KYIV-OST';
const PEOPLE = 24;

export async function demoOstClinic(s: Services, seed: number, today: string): Promise<void> {
  const r = random(seed + 23);
  const actor = systemActor('demo');
  const letters = 'ABCDEFGHJKLMNPRSTUVWXZ';
  for (let n = 0; n < PEOPLE; n++) {
    const code = `OS${letters[n % letters.length]}${String(1 + (n % 28)).padStart(2, '0')}${String(75 + (n % 20))}`;
    const client = await enrolClient(s, actor, {
      siteCode: SITE,
      uic: code,
      sex: r() < 0.8 ? 'male' : 'female',
      birthYear: 1975 + Math.floor(r() * 25),
      kp: 'pwid',
    }).catch(() => null);
    if (!client) continue;
    const medicine = r() < 0.75 ? 'methadone' : 'buprenorphine';
    const mg = medicine === 'methadone' ? 40 + 10 * Math.floor(r() * 8) : 8 + 2 * Math.floor(r() * 5);
    // Who they are in the clinic: mostly stable, some new, a few missing, lost or ended.
    const kind =
      n < 12 ? 'stable' : n < 17 ? 'new' : n < 19 ? 'missing' : n < 21 ? 'lost' : n < 23 ? 'ended' : 'stable';
    const started = addDays(today, -(kind === 'new' ? 5 + Math.floor(r() * 20) : 60 + Math.floor(r() * 500)));
    const takeHome = kind === 'stable' ? 6 : 0;
    const step = kind === 'stable' ? 7 : 1;
    const lastDay =
      kind === 'missing'
        ? addDays(today, -(3 + Math.floor(r() * 5)))
        : kind === 'lost'
          ? addDays(today, -(35 + Math.floor(r() * 60)))
          : kind === 'ended'
            ? addDays(today, -(10 + Math.floor(r() * 40)))
            : today;
    await prescribe(s, actor, {
      clientId: client.id,
      siteCode: SITE,
      medicine,
      mg,
      takeHomeDays: takeHome,
      validFrom: started,
    });
    // Dose records from the start; only the last 60 days at the clinic's rhythm (older ones fortnightly).
    let day = started;
    let first = true;
    while (day <= lastDay) {
      await dispense(s, actor, { clientId: client.id, siteCode: SITE, date: day, startEpisode: first });
      first = false;
      day = addDays(day, daysBetween(day, lastDay) > 60 ? 14 : step);
    }
    if (kind === 'ended')
      await stopOst(s, actor, {
        clientId: client.id,
        siteCode: SITE,
        date: addDays(lastDay, 1),
        reason: n % 2 ? 'completed' : 'transferred',
      });
  }
}
