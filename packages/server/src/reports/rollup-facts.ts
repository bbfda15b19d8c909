/**
 * Report facts from the tables kept in step with contacts: people reached as classes (from the client
 * × site × month rollup, and day-level contacts for the days at a period's edges; see
 * person-classes.ts), and the small derived tables (clinical events, OST episodes, referrals, HIV
 * milestones). No report scans raw contact items.
 */

import {
  type Attributes,
  addDays,
  type CascadeFacts,
  type Dimension,
  type FactSource,
  type OstEpisodeFacts,
  type OverdoseFacts,
  type Period,
  type PersonFacts,
  type ReferralFacts,
} from '@harbour/core';
import { type Kysely, sql } from 'kysely';
import { programmeSettings } from '../programme/programme-settings.js';
import type { Database } from '../store/schema.js';
import { personClasses } from './person-classes.js';
import { type ReportScope, scopeFilter } from './scope.js';

export interface Facts {
  persons: PersonFacts[];
  unitPersons: PersonFacts[];
  artLinked: Attributes[];
  ost: OstEpisodeFacts[];
  referrals: ReferralFacts[];
  overdoses: OverdoseFacts[];
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

/** `dims`, when given, lets people whose birth years fall in one band of the age breakdown form one class. */
export async function rollupFacts(
  db: Kysely<Database>,
  scope: ReportScope,
  period: Period,
  dims?: readonly Dimension[],
  /** Only these facts besides people's classes (all when not given): the others are left empty. */
  sources?: ReadonlySet<FactSource>,
): Promise<Facts> {
  const none: Facts = {
    persons: [],
    unitPersons: [],
    artLinked: [],
    ost: [],
    referrals: [],
    overdoses: [],
    cascade: new Map(),
  };
  if (scope.orgIds.length === 0) return none;
  // Organisations with no client and no overdose event hold no fact in any period: answered with two
  // indexed probes instead of six reads (a consortium's results ask fifteen reports of each member,
  // some with nothing recorded yet: 6.5 ms each on PostgreSQL).
  if (scope.siteIds === null && !(await holdsAnything(db, scope.orgIds))) return none;
  const needs = (source: FactSource) => !sources || sources.has(source);
  const age = dims?.find((d) => d.key === 'age');
  const ageSet = dims === undefined ? undefined : age?.key === 'age' ? age.set : null;
  // Independent reads: on SQLite's worker readers (and PostgreSQL's pool) they run side by side.
  const [persons, unitPersons, artLinked, ost, referrals, overdoses] = await Promise.all([
    personClasses(db, scope, period, false, ageSet),
    scope.unitAt ? personClasses(db, scope, period, true, ageSet) : Promise.resolve([]),
    needs('artLinked') ? artLinkage(db, scope, period) : [],
    needs('ost') ? ostEpisodes(db, scope, period) : [],
    needs('referrals') ? referralCounts(db, scope, period) : [],
    needs('overdoses') ? overdoseCounts(db, scope, period) : [],
  ]);
  // Each class carries its own cascade standing.
  return { persons, unitPersons, artLinked, ost, referrals, overdoses, cascade: new Map() };
}

async function holdsAnything(db: Kysely<Database>, orgIds: readonly string[]): Promise<boolean> {
  const [client, overdose] = await Promise.all([
    db.selectFrom('clients').select('id').where('org_id', 'in', orgIds).limit(1).executeTakeFirst(),
    db.selectFrom('overdose_events').select('id').where('org_id', 'in', orgIds).limit(1).executeTakeFirst(),
  ]);
  return client !== undefined || overdose !== undefined;
}

type EventRow = {
  canon: string;
  sex: string;
  birth_year: number | null;
  kp: string | null;
  site_id: string;
  event_date: string;
};

const attrs = (
  r: { canon: string; sex: string; birth_year: number | null; kp: string | null },
  unit: string | null,
): Attributes => ({ client: r.canon, sex: r.sex, birthYear: r.birth_year, kp: r.kp, unit });

const unitOf = (scope: ReportScope, siteId: string) => scope.unitAt?.get(siteId) ?? null;

/** ART linkage: a positive result in the period, and an ART start on or after it within 90 days. */
async function artLinkage(db: Kysely<Database>, scope: ReportScope, period: Period): Promise<Attributes[]> {
  const positives = (
    await sql<EventRow>`select ${PERSON}, e.site_id, e.event_date from client_events e ${JOIN_PERSON('e')}
      where ${scopeFilter('e', scope)} and e.kind = 'hiv_result' and e.value = 'positive' and e.event_date >= ${period.start} and e.event_date <= ${period.end}`.execute(
      db,
    )
  ).rows;
  const artLinked: Attributes[] = [];
  if (positives.length === 0) return artLinked;
  const canons = [...new Set(positives.map((p) => p.canon))];
  const starts = new Map<string, string[]>();
  for (let i = 0; i < canons.length; i += 400) {
    const part = sql.join(canons.slice(i, i + 400));
    // From these people's records to their ART starts (a cross join keeps that order in SQLite): the
    // person's own record and the records merged into it apart, each through its own index (with an
    // OR, SQLite read every client: 0.2 s at national scale).
    const startsOf = (record: 'id' | 'merged_into') =>
      sql`select ${sql.ref(`c.${record}`)} as canon, e.event_date
        from clients c cross join client_events e
        where e.client_id = c.id and e.kind = 'art_start' and e.org_id in (${sql.join(scope.orgIds)})
          and ${sql.ref(`c.${record}`)} in (${part})`;
    const rows = (
      await sql<{
        canon: string;
        event_date: string;
      }>`${startsOf('id')} union all ${startsOf('merged_into')}`.execute(db)
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
    const unit = unitOf(scope, p.site_id);
    if (unit && !linked.has(`${p.canon}|${unit}`)) {
      linked.add(`${p.canon}|${unit}`);
      artLinked.push(attrs(p, unit));
    }
  }
  return artLinked;
}

/** OST: episodes active on the last day, or started in the period. */
async function ostEpisodes(
  db: Kysely<Database>,
  scope: ReportScope,
  period: Period,
): Promise<OstEpisodeFacts[]> {
  // Each organisation's lost-to-treatment limit: the engine ends open episodes by it (core ost.ts).
  const lostAfter = new Map<string, number>();
  for (const orgId of scope.orgIds)
    lostAfter.set(orgId, (await programmeSettings(db, orgId)).ostLostAfterDays);
  return (
    await sql<
      EventRow & {
        org_id: string;
        start_date: string;
        stop_date: string | null;
        last_dose_date: string | null;
      }
    >`select ${PERSON}, e.org_id, e.site_id, e.start_date, e.stop_date, e.last_dose_date from ost_episodes e ${JOIN_PERSON('e')}
      where ${scopeFilter('e', scope)} and e.start_date <= ${period.end} and (e.stop_date is null or e.stop_date > ${period.end} or e.start_date >= ${period.start})`.execute(
      db,
    )
  ).rows.map((r) => ({
    ...attrs(r, unitOf(scope, r.site_id)),
    start: r.start_date,
    stop: r.stop_date,
    lastDose: r.last_dose_date,
    lostAfter: lostAfter.get(r.org_id)!,
  }));
}

/** Referrals issued in the period, counted by who and where (and status) in SQL, not one by one. */
async function referralCounts(
  db: Kysely<Database>,
  scope: ReportScope,
  period: Period,
): Promise<ReferralFacts[]> {
  return (
    await sql<{
      sex: string;
      birth_year: number | null;
      kp: string | null;
      site_id: string | null;
      status: string;
      n: number;
    }>`select p.sex, p.birth_year, p.kp, p.site_id, p.status, count(*) as n from (
        select ${PERSON}, ${scope.unitAt ? sql`r.site_id` : sql`null`} as site_id, r.status from referrals r ${JOIN_PERSON('r')}
        where ${scopeFilter('r', scope)} and r.status <> 'void' and r.issued_date >= ${period.start} and r.issued_date <= ${period.end}
      ) p group by p.sex, p.birth_year, p.kp, p.site_id, p.status`.execute(db)
  ).rows.map((r) => ({
    client: '',
    sex: r.sex,
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    kp: r.kp,
    unit: r.site_id === null ? null : unitOf(scope, r.site_id),
    // The engine checks the issue date against the period: the SQL already kept only the period's.
    issued: period.start,
    status: r.status,
    count: Number(r.n),
  }));
}

/**
 * Overdose events of the period, counted by who and where in SQL. Someone who is not a client has
 * sex `unknown`, no birth year and no key population, so every breakdown still adds up to the total.
 */
async function overdoseCounts(
  db: Kysely<Database>,
  scope: ReportScope,
  period: Period,
): Promise<OverdoseFacts[]> {
  return (
    await sql<{
      sex: string | null;
      birth_year: number | null;
      kp: string | null;
      site_id: string | null;
      events: number;
      deaths: number;
      reversals: number;
    }>`select p.sex, p.birth_year, p.kp, p.site_id, count(*) as events,
        sum(case when p.outcome = 'died' then 1 else 0 end) as deaths,
        sum(case when p.doses > 0 and p.outcome = 'survived' then 1 else 0 end) as reversals from (
        select case when c.merged_into is null then c.sex else m.sex end as sex,
          case when c.merged_into is null then c.birth_year else m.birth_year end as birth_year,
          case when c.merged_into is null then c.kp else m.kp end as kp,
          ${scope.unitAt ? sql`o.site_id` : sql`null`} as site_id, o.outcome, o.doses
        from overdose_events o left join clients c on c.id = o.client_id left join clients m on m.id = c.merged_into
        where ${scopeFilter('o', scope)} and o.voided_at is null and o.occurred_on >= ${period.start} and o.occurred_on <= ${period.end}
      ) p group by p.sex, p.birth_year, p.kp, p.site_id`.execute(db)
  ).rows.map((r) => ({
    client: '',
    sex: r.sex ?? 'unknown',
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    kp: r.kp,
    unit: r.site_id === null ? null : unitOf(scope, r.site_id),
    events: Number(r.events),
    deaths: Number(r.deaths),
    reversals: Number(r.reversals),
  }));
}
