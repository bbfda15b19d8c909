/**
 * Report facts from the tables kept in step with contacts: the client × site × month rollup for whole
 * months, day-level contact summaries for the days at a period's edges, and the small derived tables
 * (clinical events, OST episodes, referrals, HIV milestones). No report scans raw contact items.
 */

import {
  type Attributes,
  addDays,
  type CascadeFacts,
  type OstEpisodeFacts,
  type Period,
  type PersonFacts,
  type ReferralFacts,
  splitByMonth,
} from '@harbour/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ReportScope } from './scope.js';

export interface Facts {
  persons: PersonFacts[];
  unitPersons: PersonFacts[];
  artLinked: Attributes[];
  ost: OstEpisodeFacts[];
  referrals: ReferralFacts[];
  cascade: Map<string, CascadeFacts>;
}

/** The person behind a row: a merged record answers as the record it was merged into. */
const PERSON = sql`coalesce(c.merged_into, c.id) as canon,
  case when c.merged_into is null then c.sex else m.sex end as sex,
  case when c.merged_into is null then c.birth_year else m.birth_year end as birth_year,
  case when c.merged_into is null then c.kp else m.kp end as kp,
  case when c.merged_into is null then c.first_contact_date else m.first_contact_date end as first_contact`;
const JOIN_PERSON = (alias: string) =>
  sql`join clients c on c.id = ${sql.ref(`${alias}.client_id`)} left join clients m on m.id = c.merged_into`;

function scopeFilter(alias: string, scope: ReportScope): RawBuilder<unknown> {
  const org = sql`${sql.ref(`${alias}.org_id`)} in (${sql.join(scope.orgIds)})`;
  return scope.siteIds ? sql`${org} and ${sql.ref(`${alias}.site_id`)} in (${sql.join(scope.siteIds)})` : org;
}

interface SummaryRow {
  canon: string;
  sex: string;
  birth_year: number | null;
  kp: string | null;
  first_contact: string | null;
  site_id: string;
  contacts: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
}

function addRow(target: Map<string, PersonFacts>, key: string, unit: string | null, r: SummaryRow): void {
  let p = target.get(key);
  if (!p) {
    p = {
      client: r.canon,
      sex: r.sex,
      birthYear: r.birth_year,
      kp: r.kp,
      unit,
      contacts: 0,
      syringes: 0,
      needles: 0,
      returned: 0,
      condoms: 0,
      naloxone: 0,
      reversals: 0,
      flags: 0,
      firstContact: r.first_contact,
    };
    target.set(key, p);
  }
  p.contacts += Number(r.contacts);
  p.syringes += Number(r.syringes);
  p.needles += Number(r.needles);
  p.returned += Number(r.returned);
  p.condoms += Number(r.condoms);
  p.naloxone += Number(r.naloxone);
  p.reversals += Number(r.reversals);
  p.flags |= Number(r.flags);
}

export async function rollupFacts(db: Kysely<Database>, scope: ReportScope, period: Period): Promise<Facts> {
  if (scope.orgIds.length === 0)
    return { persons: [], unitPersons: [], artLinked: [], ost: [], referrals: [], cascade: new Map() };
  const { months, edges } = splitByMonth(period);
  const persons = new Map<string, PersonFacts>();
  const unitPersons = new Map<string, PersonFacts>();
  const take = (r: SummaryRow) => {
    addRow(persons, r.canon, null, r);
    if (scope.unitAt) {
      const unit = scope.unitAt.get(r.site_id);
      if (unit) addRow(unitPersons, `${r.canon}|${unit}`, unit, r);
    }
  };
  if (months.length) {
    const q = sql<SummaryRow>`select ${PERSON}, r.site_id, r.contacts, r.syringes, r.needles, r.returned, r.condoms, r.naloxone, r.reversals, r.flags
      from client_month r ${JOIN_PERSON('r')}
      where ${scopeFilter('r', scope)} and r.month in (${sql.join(months)})`;
    for (const r of (await q.execute(db)).rows) take(r);
  }
  for (const e of edges) {
    const q = sql<SummaryRow>`select ${PERSON}, o.site_id, 1 as contacts, o.syringes, o.needles, o.returned, o.condoms, o.naloxone, o.reversals, o.flags
      from contacts o ${JOIN_PERSON('o')}
      where ${scopeFilter('o', scope)} and o.active = 1 and o.contact_date >= ${e.start} and o.contact_date <= ${e.end}`;
    for (const r of (await q.execute(db)).rows) take(r);
  }

  const attrs = (
    r: { canon: string; sex: string; birth_year: number | null; kp: string | null },
    unit: string | null,
  ): Attributes => ({ client: r.canon, sex: r.sex, birthYear: r.birth_year, kp: r.kp, unit });
  const unitOf = (siteId: string) => scope.unitAt?.get(siteId) ?? null;

  // ART linkage: a positive result in the period, and an ART start on or after it within 90 days.
  type EventRow = {
    canon: string;
    sex: string;
    birth_year: number | null;
    kp: string | null;
    site_id: string;
    event_date: string;
  };
  const positives = (
    await sql<EventRow>`select ${PERSON}, e.site_id, e.event_date from client_events e ${JOIN_PERSON('e')}
      where ${scopeFilter('e', scope)} and e.kind = 'hiv_result' and e.value = 'positive' and e.event_date >= ${period.start} and e.event_date <= ${period.end}`.execute(
      db,
    )
  ).rows;
  const artLinked: Attributes[] = [];
  if (positives.length) {
    const canons = [...new Set(positives.map((p) => p.canon))];
    const starts = new Map<string, string[]>();
    for (let i = 0; i < canons.length; i += 400) {
      const part = canons.slice(i, i + 400);
      const rows = (
        await sql<{
          canon: string;
          event_date: string;
        }>`select coalesce(c.merged_into, c.id) as canon, e.event_date from client_events e join clients c on c.id = e.client_id
          where e.org_id in (${sql.join(scope.orgIds)}) and e.kind = 'art_start' and (c.id in (${sql.join(part)}) or c.merged_into in (${sql.join(part)}))`.execute(
          db,
        )
      ).rows;
      for (const r of rows) starts.set(r.canon, [...(starts.get(r.canon) ?? []), r.event_date]);
    }
    const linked = new Set<string>();
    for (const p of positives) {
      const ok = (starts.get(p.canon) ?? []).some((d) => d >= p.event_date && d <= addDays(p.event_date, 90));
      if (!ok) continue;
      if (!linked.has(p.canon)) {
        linked.add(p.canon);
        artLinked.push(attrs(p, null));
      }
      const unit = unitOf(p.site_id);
      if (unit && !linked.has(`${p.canon}|${unit}`)) {
        linked.add(`${p.canon}|${unit}`);
        artLinked.push(attrs(p, unit));
      }
    }
  }

  // OST: episodes active on the last day, or started in the period.
  const ost = (
    await sql<
      EventRow & { start_date: string; stop_date: string | null }
    >`select ${PERSON}, e.site_id, e.start_date, e.stop_date from ost_episodes e ${JOIN_PERSON('e')}
      where ${scopeFilter('e', scope)} and e.start_date <= ${period.end} and (e.stop_date is null or e.stop_date > ${period.end} or e.start_date >= ${period.start})`.execute(
      db,
    )
  ).rows.map((r) => ({ ...attrs(r, unitOf(r.site_id)), start: r.start_date, stop: r.stop_date }));

  const referrals = (
    await sql<
      EventRow & { issued_date: string; status: string }
    >`select ${PERSON}, r.site_id, r.issued_date, r.status from referrals r ${JOIN_PERSON('r')}
      where ${scopeFilter('r', scope)} and r.status <> 'void' and r.issued_date >= ${period.start} and r.issued_date <= ${period.end}`.execute(
      db,
    )
  ).rows.map((r) => ({ ...attrs(r, unitOf(r.site_id)), issued: r.issued_date, status: r.status }));

  const cascade = await cascadeFacts(db, scope.orgIds, period, new Set(persons.keys()));
  return {
    persons: [...persons.values()],
    unitPersons: [...unitPersons.values()],
    artLinked,
    ost,
    referrals,
    cascade,
  };
}

/**
 * Where each person reached stands as of the period's end: ever tested (a result), ever diagnosed,
 * ever started ART, and — among those on ART — suppressed (latest viral load below 1,000 copies/mL).
 */
async function cascadeFacts(
  db: Kysely<Database>,
  orgIds: string[],
  period: Period,
  reached: Set<string>,
): Promise<Map<string, CascadeFacts>> {
  const out = new Map<string, CascadeFacts>();
  const milestones = (
    await sql<{
      canon: string;
      first_result_date: string | null;
      first_positive_date: string | null;
      first_art_date: string | null;
    }>`select coalesce(c.merged_into, c.id) as canon, h.first_result_date, h.first_positive_date, h.first_art_date
      from client_hiv h join clients c on c.id = h.client_id where h.org_id in (${sql.join(orgIds)})`.execute(
      db,
    )
  ).rows;
  const before = (d: string | null) => d !== null && d <= period.end;
  for (const m of milestones) {
    if (!reached.has(m.canon)) continue;
    const c = out.get(m.canon) ?? { tested: false, diagnosed: false, onArt: false, suppressed: false };
    c.tested ||= before(m.first_result_date);
    c.diagnosed ||= before(m.first_positive_date);
    c.onArt ||= before(m.first_art_date);
    out.set(m.canon, c);
  }
  const loads = (
    await sql<{
      canon: string;
      event_date: string;
      num: number | null;
      id: string;
    }>`select coalesce(c.merged_into, c.id) as canon, e.event_date, e.num, e.contact_id as id from client_events e join clients c on c.id = e.client_id
      where e.org_id in (${sql.join(orgIds)}) and e.kind = 'viral_load' and e.event_date <= ${period.end}`.execute(
      db,
    )
  ).rows;
  const latest = new Map<string, { date: string; num: number | null; id: string }>();
  for (const l of loads) {
    const prev = latest.get(l.canon);
    // The latest result wins; on one day, the one from the later-recorded contact (ids are time-ordered).
    if (!prev || l.event_date > prev.date || (l.event_date === prev.date && l.id > prev.id))
      latest.set(l.canon, { date: l.event_date, num: l.num, id: l.id });
  }
  for (const [canon, c] of out) {
    const vl = latest.get(canon);
    c.suppressed = c.onArt && vl !== undefined && vl.num !== null && vl.num < 1000;
  }
  return out;
}
