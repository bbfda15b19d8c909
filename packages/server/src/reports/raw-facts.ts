/**
 * Report facts by brute force from the raw record — every active contact's items, read one by one.
 * Slow on purpose and independent of the rollups: the property test checks that the two agree.
 */

import {
  type Attributes,
  addDays,
  addSummary,
  type CascadeFacts,
  type ContactItem,
  deriveEpisodes,
  emptySummary,
  isReversal,
  type OstEpisodeFacts,
  type OverdoseFacts,
  type Period,
  type PersonFacts,
  type ReferralFacts,
  summarise,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { programmeSettings } from '../programme/programme-settings.js';
import type { Database } from '../store/schema.js';
import type { Facts } from './rollup-facts.js';
import type { ReportScope } from './scope.js';

export async function rawFacts(db: Kysely<Database>, scope: ReportScope, period: Period): Promise<Facts> {
  const clients = await db
    .selectFrom('clients')
    .selectAll()
    .where('org_id', 'in', scope.orgIds.length ? scope.orgIds : [''])
    .execute();
  const byId = new Map(clients.map((c) => [c.id, c]));
  const canonOf = (id: string) => byId.get(id)!.merged_into ?? id;
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'client_id', 'site_id', 'contact_date', 'items'])
    .where('org_id', 'in', scope.orgIds.length ? scope.orgIds : [''])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  const inScope = (siteId: string) => scope.siteIds === null || scope.siteIds.includes(siteId);
  const inPeriod = (d: string) => d >= period.start && d <= period.end;
  const attrs = (canon: string, unit: string | null): Attributes => {
    const c = byId.get(canon)!;
    return { client: canon, sex: c.sex, birthYear: c.birth_year, kp: c.kp, unit };
  };
  const unitOf = (siteId: string) => scope.unitAt?.get(siteId) ?? null;

  const firstEver = new Map<string, string>();
  for (const c of contacts) {
    const canon = canonOf(c.client_id);
    const f = firstEver.get(canon);
    if (!f || c.contact_date < f) firstEver.set(canon, c.contact_date);
  }
  const persons = new Map<string, PersonFacts>();
  const unitPersons = new Map<string, PersonFacts>();
  const add = (
    map: Map<string, PersonFacts>,
    key: string,
    canon: string,
    unit: string | null,
    items: ContactItem[],
  ) => {
    let p = map.get(key);
    if (!p) {
      p = {
        ...attrs(canon, unit),
        ...emptySummary(),
        contacts: 0,
        firstContact: firstEver.get(canon) ?? null,
      };
      map.set(key, p);
    }
    p.contacts++;
    addSummary(p, summarise(items));
  };
  const items = new Map(contacts.map((c) => [c.id, JSON.parse(c.items) as ContactItem[]]));
  for (const c of contacts) {
    if (!inPeriod(c.contact_date) || !inScope(c.site_id)) continue;
    const canon = canonOf(c.client_id);
    add(persons, canon, canon, null, items.get(c.id)!);
    const unit = unitOf(c.site_id);
    if (scope.unitAt && unit) add(unitPersons, `${canon}|${unit}`, canon, unit, items.get(c.id)!);
  }

  // ART linkage from the items themselves.
  const artStarts = new Map<string, string[]>();
  for (const c of contacts)
    if (items.get(c.id)!.some((i) => i.code === 'art_start'))
      artStarts.set(canonOf(c.client_id), [...(artStarts.get(canonOf(c.client_id)) ?? []), c.contact_date]);
  const artLinked: Attributes[] = [];
  const linked = new Set<string>();
  for (const c of contacts) {
    if (!inPeriod(c.contact_date) || !inScope(c.site_id)) continue;
    if (!items.get(c.id)!.some((i) => i.code === 'hiv_test' && i.result === 'positive')) continue;
    const canon = canonOf(c.client_id);
    if (!(artStarts.get(canon) ?? []).some((d) => d >= c.contact_date && d <= addDays(c.contact_date, 90)))
      continue;
    if (!linked.has(canon)) {
      linked.add(canon);
      artLinked.push(attrs(canon, null));
    }
    const unit = unitOf(c.site_id);
    if (unit && !linked.has(`${canon}|${unit}`)) {
      linked.add(`${canon}|${unit}`);
      artLinked.push(attrs(canon, unit));
    }
  }

  // OST episodes per client record, from the OST items of its contacts.
  const ostBy = new Map<
    string,
    { date: string; event: 'start' | 'dose' | 'stop'; contactId: string; siteId: string }[]
  >();
  for (const c of contacts) {
    for (const i of items.get(c.id)!) {
      if (i.code !== 'ost' || !i.event) continue;
      ostBy.set(c.client_id, [
        ...(ostBy.get(c.client_id) ?? []),
        { date: c.contact_date, event: i.event, contactId: c.id, siteId: c.site_id },
      ]);
    }
  }
  const ost: OstEpisodeFacts[] = [];
  const lostAfter = new Map<string, number>();
  for (const orgId of scope.orgIds)
    lostAfter.set(orgId, (await programmeSettings(db, orgId)).ostLostAfterDays);
  for (const [clientId, events] of ostBy) {
    const site = new Map(events.map((e) => [e.contactId, e.siteId]));
    const limit = lostAfter.get(byId.get(clientId)!.org_id)!;
    for (const ep of deriveEpisodes(
      events.map((e) => ({ date: e.date, event: e.event, contactId: e.contactId })),
      limit,
    )) {
      const siteId = site.get(ep.startContactId ?? '')!;
      if (!inScope(siteId)) continue;
      const relevant =
        ep.startDate <= period.end &&
        (ep.stopDate === null || ep.stopDate > period.end || ep.startDate >= period.start);
      if (relevant)
        ost.push({
          ...attrs(canonOf(clientId), unitOf(siteId)),
          start: ep.startDate,
          stop: ep.stopDate,
          lastDose: ep.lastDoseDate,
          lostAfter: limit,
        });
    }
  }

  // Referrals: issued by contact items; their follow-up outcome lives on the referral record.
  const statuses = new Map(
    (await db.selectFrom('referrals').select(['contact_id', 'service', 'status']).execute()).map((r) => [
      `${r.contact_id}|${r.service}`,
      r.status,
    ]),
  );
  const referrals: ReferralFacts[] = [];
  for (const c of contacts) {
    if (!inPeriod(c.contact_date) || !inScope(c.site_id)) continue;
    const seen = new Set<string>();
    for (const i of items.get(c.id)!) {
      if (i.code !== 'referral' || !i.to || seen.has(i.to)) continue;
      seen.add(i.to);
      referrals.push({
        ...attrs(canonOf(c.client_id), unitOf(c.site_id)),
        issued: c.contact_date,
        status: statuses.get(`${c.id}|${i.to}`) ?? 'issued',
      });
    }
  }

  // Overdose events, one by one: someone who is not a client counts with sex and age unknown.
  const overdoses: OverdoseFacts[] = [];
  for (const o of await db
    .selectFrom('overdose_events')
    .selectAll()
    .where('org_id', 'in', scope.orgIds.length ? scope.orgIds : [''])
    .where('voided_at', 'is', null)
    .execute()) {
    if (!inPeriod(o.occurred_on) || !inScope(o.site_id)) continue;
    const who: Attributes = o.client_id
      ? attrs(canonOf(o.client_id), unitOf(o.site_id))
      : { client: '', sex: 'unknown', birthYear: null, kp: null, unit: unitOf(o.site_id) };
    overdoses.push({
      ...who,
      events: 1,
      deaths: o.outcome === 'died' ? 1 : 0,
      reversals: isReversal({ doses: Number(o.doses), outcome: o.outcome }) ? 1 : 0,
    });
  }

  // The cascade, from every HIV item up to the period's end.
  const cascade = new Map<string, CascadeFacts>();
  const vl = new Map<string, { date: string; copies: number; id: string }>();
  for (const c of contacts) {
    if (c.contact_date > period.end) continue;
    const canon = canonOf(c.client_id);
    if (!persons.has(canon)) continue;
    const st = cascade.get(canon) ?? { tested: false, diagnosed: false, onArt: false, suppressed: false };
    for (const i of items.get(c.id)!) {
      if (i.code === 'hiv_test' && (i.result === 'negative' || i.result === 'positive')) st.tested = true;
      if (i.code === 'hiv_test' && i.result === 'positive') st.diagnosed = true;
      if (i.code === 'art_start') st.onArt = true;
      if (i.code === 'viral_load' && i.copies !== undefined) {
        const prev = vl.get(canon);
        if (!prev || c.contact_date > prev.date || (c.contact_date === prev.date && c.id > prev.id))
          vl.set(canon, { date: c.contact_date, copies: i.copies, id: c.id });
      }
    }
    if (st.tested || st.diagnosed || st.onArt) cascade.set(canon, st);
  }
  for (const [canon, st] of cascade)
    st.suppressed = st.onArt && (vl.get(canon)?.copies ?? Number.POSITIVE_INFINITY) < 1000;
  return {
    persons: [...persons.values()],
    unitPersons: [...unitPersons.values()],
    artLinked,
    ost,
    referrals,
    overdoses,
    cascade,
  };
}
