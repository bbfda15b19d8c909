/**
 * The people reached in a period, as classes: everyone who shares the facts the indicator engine
 * reads (sex, birth year, key population, new or not, which commodities they received, which
 * services they had, where they stand in the HIV cascade, and the org unit when asked) is one row
 * with a head count and summed quantities. The database adds each person's months up and groups
 * them; the engine then applies every definition to the classes exactly as it would to people.
 * Why: at national scale a quarter reaches a hundred thousand people or more, and handing each to
 * JavaScript as a row costs more than all the SQL does.
 */

import {
  type AgeBandSet,
  birthYearRanges,
  type CascadeFacts,
  groupQuarters,
  type Period,
  type PersonFacts,
  splitByMonth,
} from '@harbour/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type Database, ROLLUP_QUANTITIES } from '../store/schema.js';
import { type ReportScope, scopeFilter } from './scope.js';

/**
 * The service flags the engine reads (FLAG.IEC … FLAG.TB_REFERRED); ART starts and OST come from their
 * own tables, so their bits are left out (they would only split classes).
 */
const SERVICE_FLAGS = 2047;
/**
 * The rest of what the engine reads of a person, as bits above the service flags: the database groups
 * people by sex, birth year, key population, unit and one number instead of fourteen columns (grouping
 * on fourteen was about a fifth of the class query's time).
 */
const FACT = {
  isNew: 1 << 11,
  syringes: 1 << 12,
  needles: 1 << 13,
  condoms: 1 << 14,
  naloxone: 1 << 15,
  tested: 1 << 16,
  diagnosed: 1 << 17,
  onArt: 1 << 18,
  suppressed: 1 << 19,
} as const;
/** What people of one class share. */
const CLASS_KEY = sql.raw(['sex', 'birth_year', 'kp', 'unit', 'facts'].map((c) => `q.${c}`).join(', '));

/** Rollup rows (whole quarters, then whole months) and day-level contacts (edge days), each named by its person. */
function sourceRows(scope: ReportScope, period: Period): RawBuilder<unknown> {
  const split = splitByMonth(period);
  const { quarters, months } = groupQuarters(split.months);
  const cols = sql.raw(ROLLUP_QUANTITIES.map((q) => `r.${q}`).join(', '));
  const parts: RawBuilder<unknown>[] = [];
  if (quarters.length)
    parts.push(sql`select r.person_id, r.site_id, ${cols}, r.flags from client_quarter r
      where ${scopeFilter('r', scope)} and r.quarter in (${sql.join(quarters)})`);
  if (months.length)
    parts.push(sql`select r.person_id, r.site_id, ${cols}, r.flags from client_month r
      where ${scopeFilter('r', scope)} and r.month in (${sql.join(months)})`);
  for (const e of split.edges)
    parts.push(sql`select coalesce(c.merged_into, c.id) as person_id, o.site_id, 1 as contacts, o.syringes, o.needles,
        o.returned, o.condoms, o.naloxone, o.reversals, o.flags
      from contacts o join clients c on c.id = o.client_id
      where ${scopeFilter('o', scope)} and o.active = 1 and o.contact_date >= ${e.start} and o.contact_date <= ${e.end}`);
  return parts.length === 1 ? parts[0]! : sql.join(parts, sql` union all `);
}

/**
 * The person's latest viral load up to the period's end (on one day, the later-recorded contact's),
 * over every record merged into them. Asked only for people on ART, through the client index.
 */
function latestViralLoad(end: string): RawBuilder<unknown> {
  return sql`select e.num from client_events e
    where e.kind = 'viral_load' and e.event_date <= ${end}
      and e.client_id in (select p.person_id union all select mc.id from clients mc where mc.merged_into = p.person_id)
    order by e.event_date desc, e.contact_id desc limit 1`;
}

interface ClassRow {
  sex: string;
  birth_year: number | null;
  kp: string | null;
  unit: string | null;
  facts: number;
  people: number;
  contacts: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
}

/**
 * The birth year a class is reported under: the representative of its age band when the breakdown
 * is known (null for no age breakdown), the year itself when not. Unknown stays unknown.
 */
function birthYearOf(ageSet: AgeBandSet | null | undefined, endYear: number): RawBuilder<unknown> {
  if (ageSet === undefined) return sql`pc.birth_year`;
  const ranges = birthYearRanges(ageSet, endYear);
  const last = ranges.at(-1)!;
  const steps = ranges
    .slice(0, -1)
    .map((r) => sql`when pc.birth_year >= ${sql.lit(r.from)} then ${sql.lit(r.year)}`);
  return sql`case when pc.birth_year is null then null ${sql.join(steps, sql` `)} else ${sql.lit(last.year)} end`;
}

/**
 * Classes of the people reached in the scope and period: over the whole scope, or per org unit at
 * the breakdown level when `byUnit` (a person seen in two units counts in each). With `ageSet`
 * (the report's age breakdown, null for none), birth years giving one band are one class.
 */
export async function personClasses(
  db: Kysely<Database>,
  scope: ReportScope,
  period: Period,
  byUnit: boolean,
  ageSet?: AgeBandSet | null,
): Promise<PersonFacts[]> {
  if (byUnit && (!scope.unitAt || scope.unitAt.size === 0)) return [];
  const units = byUnit
    ? sql`units (site_id, unit) as (values ${sql.join(
        [...scope.unitAt!].map(([site, unit]) => sql`(${site}, ${unit})`),
      )}),`
    : sql``;
  const unitJoin = byUnit ? sql`join units u on u.site_id = r.site_id` : sql``;
  const unitCol = byUnit ? sql`u.unit` : sql`null`;
  const sums = sql.raw(ROLLUP_QUANTITIES.map((q) => `sum(r.${q}) as ${q}`).join(', '));
  const classSums = sql.raw(ROLLUP_QUANTITIES.map((q) => `sum(q.${q}) as ${q}`).join(', '));
  const bit = (condition: RawBuilder<unknown>, value: number) =>
    sql`case when ${condition} then ${sql.lit(value)} else 0 end`;
  const has = (q: 'syringes' | 'needles' | 'condoms' | 'naloxone') => bit(sql.raw(`p.${q} > 0`), FACT[q]);
  const end = period.end;
  const onArt = sql`h.first_art_date <= ${end} or m.first_art_date <= ${end}`;
  const rows = (
    await sql<ClassRow>`
      with ${units} p as (
        -- bit_or: PostgreSQL's aggregate; on SQLite a function of ours (store/sqlite-functions.ts)
        select r.person_id, ${unitCol} as unit, ${sums}, bit_or(r.flags) & ${sql.lit(SERVICE_FLAGS)} as flags
        from (${sourceRows(scope, period)}) r ${unitJoin}
        group by r.person_id${byUnit ? sql`, u.unit` : sql``}
      ),
      merged_hiv as (
        select c.merged_into as person_id, min(h.first_result_date) as first_result_date,
          min(h.first_positive_date) as first_positive_date, min(h.first_art_date) as first_art_date
        -- merged records are few: start from them through the merged_into index (a cross join keeps
        -- that order in SQLite). No organisation filter here: with one, SQLite walked every client of
        -- the organisation instead (1 s at national scale); the join to p keeps the scope.
        from clients c cross join client_hiv h
        where h.client_id = c.id and c.merged_into is not null
        group by c.merged_into
      )
      select ${CLASS_KEY}, count(*) as people, ${classSums} from (
        select pc.sex, ${birthYearOf(ageSet, Number(end.slice(0, 4)))} as birth_year, pc.kp, p.unit,
          p.flags
          + ${bit(sql`pc.first_contact_date >= ${period.start} and pc.first_contact_date <= ${end}`, FACT.isNew)}
          + ${has('syringes')} + ${has('needles')} + ${has('condoms')} + ${has('naloxone')}
          + ${bit(sql`h.first_result_date <= ${end} or m.first_result_date <= ${end}`, FACT.tested)}
          + ${bit(sql`h.first_positive_date <= ${end} or m.first_positive_date <= ${end}`, FACT.diagnosed)}
          + ${bit(onArt, FACT.onArt)}
          -- nested, so the viral load is looked up only for people on ART (PostgreSQL may evaluate an
          -- AND's operands in any order)
          + case when ${onArt} then ${bit(sql`(${latestViralLoad(end)}) < 1000`, FACT.suppressed)} else 0 end
          as facts,
          ${sql.raw(ROLLUP_QUANTITIES.map((q) => `p.${q}`).join(', '))}
        from p
        join clients pc on pc.id = p.person_id
        left join client_hiv h on h.client_id = p.person_id
        left join merged_hiv m on m.person_id = p.person_id
      ) q
      group by ${CLASS_KEY}`.execute(db)
  ).rows;
  return rows.map((r, i) => {
    const facts = Number(r.facts);
    const cascade: CascadeFacts = {
      tested: (facts & FACT.tested) !== 0,
      diagnosed: (facts & FACT.diagnosed) !== 0,
      onArt: (facts & FACT.onArt) !== 0,
      suppressed: (facts & FACT.suppressed) !== 0,
    };
    return {
      client: `class:${i}`,
      people: Number(r.people),
      sex: r.sex,
      birthYear: r.birth_year === null ? null : Number(r.birth_year),
      kp: r.kp,
      unit: r.unit,
      contacts: Number(r.contacts),
      syringes: Number(r.syringes),
      needles: Number(r.needles),
      returned: Number(r.returned),
      condoms: Number(r.condoms),
      naloxone: Number(r.naloxone),
      reversals: Number(r.reversals),
      flags: facts & SERVICE_FLAGS,
      // The engine asks only whether the first-ever contact falls in the period.
      firstContact: (facts & FACT.isNew) !== 0 ? period.start : null,
      cascade,
    };
  });
}
