/**
 * Demo rights cases, so the rights pages and trends show what a year of documentation looks like:
 * police extortion and confiscation around outreach, denial of care, evictions; most people allow
 * counting for advocacy; responses, follow-ups (some overdue) and outcomes. Recorded through the same
 * service responders use. The narratives are invented and say nothing about anyone.
 */

import {
  addDays,
  type Perpetrator,
  RESPONSE_ACTIONS,
  type RightsCaseInput,
  type Violation,
} from '@harbour/core';
import type { Services } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { addFollowUp, addResponse, closeCase, createCase } from '../rights/cases.js';
import { random } from './programme-generator.js';

const WHERE: { site: string; place: string }[] = [
  { site: 'ODESA-PORT', place: 'UA-ODESA' },
  { site: 'KYIV-DIC', place: 'UA-KYIV' },
  { site: 'KYIV-VAN', place: 'UA-KYIV' },
  { site: 'ALMATY-DIC', place: 'KZ-ALMATY' },
];

/** Acts as they are documented most often, with weights: police first. */
const ACTS: [Violation, Perpetrator, number][] = [
  ['extortion', 'police', 10],
  ['confiscation', 'police', 8],
  ['police_violence', 'police', 6],
  ['arbitrary_arrest', 'police', 5],
  ['planting_evidence', 'police', 2],
  ['denial_of_health_care', 'health_worker', 4],
  ['breach_of_confidentiality', 'health_worker', 2],
  ['eviction', 'landlord', 2],
  ['discrimination_at_work', 'employer', 1],
  ['loss_of_child_custody', 'social_worker', 1],
];

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return weighted[0]![0];
}

export async function demoRightsCases(s: Services, seed: number, today: string, count = 36): Promise<void> {
  const r = random(seed + 31);
  const actor = systemActor('demo');
  for (let n = 0; n < count; n++) {
    const where = WHERE[Math.floor(r() * WHERE.length)]!;
    const occurredOn = addDays(today, -Math.floor(r() * 330) - 1);
    const first = pick(
      r,
      ACTS.map((a) => [a, a[2]] as [(typeof ACTS)[number], number]),
    );
    const acts = [{ violation: first[0], perpetrator: first[1] }];
    if (first[1] === 'police' && r() < 0.4)
      acts.push({
        violation: first[0] === 'confiscation' ? 'extortion' : 'confiscation',
        perpetrator: 'police',
      });
    const input: RightsCaseInput = {
      siteCode: where.site,
      placeCode: where.place,
      occurredOn,
      channel: pick(r, [
        ['outreach', 5],
        ['walk_in', 3],
        ['hotline', 2],
        ['online', 1],
      ]),
      person: {
        sex: r() < 0.7 ? 'male' : r() < 0.85 ? 'female' : 'trans_woman',
        ageBand: pick(r, [
          ['18-24', 2],
          ['25-34', 5],
          ['35-49', 4],
          ['50+', 1],
        ]),
        kp: r() < 0.8 ? 'pwid' : 'pwud',
        hiv: pick(r, [
          ['not_said', 4],
          ['positive', 2],
          ['negative', 2],
        ]),
        tb: 'not_said',
      },
      consent: { record: true, advocacy: r() < 0.85, contact: r() < 0.7 },
      acts,
      narrative: 'Demo case: an invented account for trying Harbour, about no real person.',
    };
    const { id } = await createCase(s, actor, input);
    const age = Math.floor((Date.parse(today) - Date.parse(occurredOn)) / 86_400_000);
    if (age < 3) continue;
    await addResponse(s, actor, id, {
      action: RESPONSE_ACTIONS[Math.floor(r() * RESPONSE_ACTIONS.length)],
      byReferral: r() < 0.3,
      date: addDays(occurredOn, 1 + Math.floor(r() * Math.min(age - 1, 10))),
    });
    if (age > 90 && r() < 0.75)
      await closeCase(s, actor, id, {
        outcome: pick(r, [
          ['resolved', 3],
          ['partly_resolved', 3],
          ['unresolved', 2],
          ['lost_contact', 1],
          ['declined', 1],
        ]),
      });
    else await addFollowUp(s, actor, id, { dueDate: addDays(today, Math.floor(r() * 28) - 10) });
  }
}
