/**
 * The demo's community-led monitoring: the ten experts' profiles (invented names, countries, languages
 * and contacts), the default checklist, two sites each visited twice by experts — the Kyiv drop-in
 * centre improving, the Almaty pharmacy NSP slipping — with action items (one late, one done), a
 * visit Oksana (`expert`) still has to make in Odesa, and an invitation waiting to be accepted. Every
 * step goes through the services, on the day it would have happened.
 */

import { DEFAULT_CHECKLIST_ITEMS, DEFAULT_CHECKLIST_NAME, type ExpertiseArea } from '@harbour/core';
import type { Services } from '../context.js';
import { inviteExpert, saveMyProfile } from '../experts/expert-service.js';
import { type Actor, userActor } from '../identity/actor.js';
import { loadGrants } from '../identity/users.js';
import { addAction, updateAction } from '../service-reviews/action-service.js';
import { assignVisit, saveChecklist, submitVisit } from '../service-reviews/review-service.js';

const PROFILES: [string, string, string[], ExpertiseArea[]][] = [
  ['expert', 'UA', ['uk', 'ru'], ['ost', 'monitoring', 'human_rights']],
  ['expert2', 'UA', ['uk', 'en'], ['needles_syringes', 'overdose']],
  ['expert3', 'KZ', ['kk', 'ru'], ['ost', 'hiv_hepatitis']],
  ['expert4', 'KZ', ['ru'], ['women', 'monitoring']],
  ['expert5', 'KZ', ['kk', 'ru', 'en'], ['advocacy', 'community_organising']],
  ['expert6', 'ID', ['id', 'en'], ['hiv_hepatitis', 'young_people']],
  ['expert7', 'UA', ['ru', 'uk'], ['grants_finance', 'community_organising']],
  ['expert8', 'KZ', ['ru', 'ky'], ['human_rights', 'advocacy']],
  ['expert9', 'UA', ['uk'], ['women', 'overdose']],
  ['expert10', 'ID', ['id'], ['needles_syringes', 'monitoring']],
];

type Scores = Record<string, number | null>;
const VISITS: {
  site: string;
  expert: string;
  daysAgo: number;
  scores: Scores;
  notes: Record<string, string>;
  summary: string;
  feedback: [number, number, number, number];
}[] = [
  {
    site: 'KYIV-DIC',
    expert: 'expert',
    daysAgo: 150,
    scores: {
      ost_waiting: 1,
      syringe_limits: 3,
      naloxone: 2,
      testing: 4,
      respect: 3,
      opening_hours: 2,
      confidentiality: 4,
      safe_access: 3,
      peer_involvement: 2,
    },
    notes: {
      ost_waiting: 'Clients are told to wait about two months for a first dose.',
      opening_hours: 'Closed at 17:00 and all weekend.',
    },
    summary:
      'Friendly staff, but people wait far too long for OST and the hours do not suit people who work.',
    feedback: [9, 3, 4, 2],
  },
  {
    site: 'KYIV-DIC',
    expert: 'expert2',
    daysAgo: 45,
    scores: {
      ost_waiting: 3,
      syringe_limits: 4,
      naloxone: 4,
      testing: 4,
      respect: 4,
      opening_hours: 2,
      confidentiality: 5,
      safe_access: 3,
      peer_involvement: 3,
    },
    notes: { naloxone: 'Kits now handed out at the desk with a short demonstration.' },
    summary: 'Better: naloxone at the desk and a shorter wait for OST. Still closed at weekends.',
    feedback: [11, 7, 3, 1],
  },
  {
    site: 'ALMATY-NSP',
    expert: 'expert3',
    daysAgo: 120,
    scores: {
      syringe_limits: 4,
      naloxone: 3,
      testing: 3,
      respect: 4,
      opening_hours: 4,
      confidentiality: 3,
      safe_access: 3,
      peer_involvement: 2,
      ost_waiting: null,
    },
    notes: { confidentiality: 'The pharmacist writes down the first letters of the name.' },
    summary: 'Good hours and supplies; the register at the counter worries people.',
    feedback: [7, 4, 2, 1],
  },
  {
    site: 'ALMATY-NSP',
    expert: 'expert4',
    daysAgo: 30,
    scores: {
      syringe_limits: 2,
      naloxone: 2,
      testing: 3,
      respect: 3,
      opening_hours: 4,
      confidentiality: 2,
      safe_access: 1,
      peer_involvement: 2,
      ost_waiting: null,
    },
    notes: {
      safe_access: 'Police car parked across the street on two evenings.',
      syringe_limits: 'A limit of ten syringes per visit is new.',
    },
    summary: 'Worse since spring: a new limit on syringes and police near the pharmacy.',
    feedback: [8, 2, 2, 4],
  },
];

const dayOf = (today: string, offset: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

export async function demoServiceReviews(s: Services, today: string): Promise<void> {
  const actorOf = async (username: string): Promise<Actor> => {
    const row = await s.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return userActor(row.id, username, await loadGrants(s.db, row.id));
  };
  const at = (day: string): Services => ({ ...s, now: () => new Date(`${day}T10:00:00Z`) });

  for (const [username, country, languages, expertise] of PROFILES) {
    const n = username.replace('expert', '') || '1';
    await saveMyProfile(s, await actorOf(username), {
      country,
      languages,
      expertise,
      contact: `Signal +000 555 01${n.padStart(2, '0')} (demo)`,
    });
  }

  const programme = await actorOf('programme');
  const first = dayOf(today, -160);
  await saveChecklist(at(first), programme, {
    unit: 'HRC',
    name: DEFAULT_CHECKLIST_NAME,
    items: DEFAULT_CHECKLIST_ITEMS,
  });
  const visitIds: Record<string, string> = {};
  for (const v of VISITS) {
    const visited = dayOf(today, -v.daysAgo);
    const asked = dayOf(today, -v.daysAgo - 10);
    const expert = await actorOf(v.expert);
    const review = await assignVisit(at(asked), programme, {
      site: v.site,
      expertId: expert.userId!,
      dueOn: dayOf(today, -v.daysAgo + 5),
    });
    const [asked2, good, fair, poor] = v.feedback;
    await submitVisit(at(visited), expert, review.id, {
      visitedOn: visited,
      scores: v.scores,
      notes: v.notes,
      summary: v.summary,
      feedback: { asked: asked2, good, fair, poor },
    });
    visitIds[v.site] = review.id;
  }
  await assignVisit(s, programme, {
    site: 'ODESA-DIC',
    expertId: (await actorOf('expert')).userId!,
    dueOn: dayOf(today, 14),
  });

  const kyivManager = await actorOf('manager');
  const ost = await addAction(at(dayOf(today, -140)), programme, {
    site: 'KYIV-DIC',
    reviewId: visitIds['KYIV-DIC'],
    item: 'ost_waiting',
    action: 'Agree a same-week first dose with the city OST clinic',
    owner: 'Head of the drop-in centre',
    dueOn: dayOf(today, 30),
  });
  await updateAction(at(dayOf(today, -40)), kyivManager, ost.id, {
    status: 'in_progress',
    note: 'Clinic agreed to two places a week.',
  });
  await addAction(at(dayOf(today, -40)), programme, {
    site: 'KYIV-DIC',
    reviewId: visitIds['KYIV-DIC'],
    item: 'opening_hours',
    action: 'Open on Saturday mornings',
    owner: 'Site manager',
    dueOn: dayOf(today, -10),
  });
  const register = await addAction(at(dayOf(today, -110)), programme, {
    site: 'ALMATY-NSP',
    item: 'confidentiality',
    action: 'Stop writing initials in the register at the counter',
    owner: 'Pharmacy partner, through the NSP coordinator',
    dueOn: dayOf(today, -60),
  });
  await updateAction(at(dayOf(today, -70)), programme, register.id, {
    status: 'done',
    note: 'Register removed; codes only.',
  });
  await addAction(at(dayOf(today, -25)), programme, {
    site: 'ALMATY-NSP',
    reviewId: visitIds['ALMATY-NSP'],
    item: 'safe_access',
    action: 'Raise police presence near the pharmacy with the city HIV coordination council',
    owner: 'Programme manager',
    dueOn: dayOf(today, 20),
  });

  await inviteExpert(s, await actorOf('grants'), {
    unit: 'HRC',
    displayName: 'Nadia (invited)',
    country: 'UA',
    languages: ['uk', 'ru'],
    expertise: ['women', 'human_rights'],
    contact: 'Signal +000 555 0199 (demo)',
  });
}
