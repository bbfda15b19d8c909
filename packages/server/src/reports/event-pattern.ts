/**
 * The year's suppression pattern for counts of events (core's event-suppression.ts), read fresh: each
 * unit's own counts of each month of the year, over the whole org tree — every reader's suppressed
 * reports of that year are cells of this one pattern. Four grouped reads, each counting as the
 * report does (rollup-facts.ts); event-suppression.test.ts holds them equal to the reports.
 */

import {
  type EventFigure,
  type EventPattern,
  eventSuppression,
  NEW_PEOPLE,
  type TreeUnit,
  treeYearPattern,
} from '@harbour/core';
import { sql } from 'kysely';
import type { Services } from '../context.js';
import { getOrgStructure } from '../settings/settings.js';

/** Each row's figures under the indicators they count for. */
const PERSON_EVENTS: [column: string, indicator: string][] = [
  ['contacts', 'contacts'],
  ['syringes', 'nsp.syringes'],
  ['needles', 'nsp.needles'],
  ['returned', 'nsp.returned'],
  ['condoms', 'condoms'],
  ['naloxone', 'naloxone.kits'],
  ['reversals', 'naloxone.reversals'],
];

/** Every org unit, and a set of them as the tree the year's patterns take (parents by code). */
export async function orgTree(s: Pick<Services, 'db'>) {
  const units = await s.db.selectFrom('org_units').select(['id', 'code', 'parent_id', 'level']).execute();
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  const treeOf = (some: readonly (typeof units)[number][]): TreeUnit[] =>
    some.map((u) => ({ code: u.code, parent: u.parent_id ? (codeOf.get(u.parent_id) ?? null) : null }));
  return { units, codeOf, treeOf };
}

export async function eventPattern(
  s: Pick<Services, 'db' | 'reportDb'>,
  year: number,
  k: number,
): Promise<EventPattern> {
  const { units, codeOf, treeOf } = await orgTree(s);
  const tree = treeOf(units);
  const db = s.reportDb ?? s.db;
  const [from, to] = [`${year}-01-01`, `${year}-12-31`];
  type Row = { site_id: string; month: string } & Record<string, number | string>;
  const read = async (query: ReturnType<typeof sql<Row>>, columns: [string, string][]) =>
    (await query.execute(db)).rows.flatMap((r) =>
      columns.map(
        ([column, indicator]): EventFigure => ({
          series: indicator,
          unit: codeOf.get(r.site_id) ?? '',
          month: r.month.slice(5, 7),
          value: Number(r[column] ?? 0),
        }),
      ),
    );
  const sums = sql.raw(PERSON_EVENTS.map(([c]) => `sum(r.${c}) as ${c}`).join(', '));
  // New people (below) are read beside the four event reads, not after them: on SQLite's two
  // readers that took a national year's pattern from 2.5 s of reads to the longest one's 1.4 s.
  const newPeopleRead = sql<{ org_id: string; month: string; n: number }>`
    select r.org_id, r.month, count(distinct r.person_id) as n from client_month r
      join clients c on c.id = r.person_id
      where r.month >= ${`${year}-01`} and r.month <= ${`${year}-12`} and substr(c.first_contact_date, 1, 7) = r.month
      group by r.org_id, r.month`;
  const [figures, newPeople] = await Promise.all([
    Promise.all([
      read(
        sql<Row>`select r.site_id, r.month, ${sums} from client_month r
        where r.month >= ${`${year}-01`} and r.month <= ${`${year}-12`} group by r.site_id, r.month`,
        PERSON_EVENTS,
      ),
      read(
        sql<Row>`select r.site_id, substr(r.issued_date, 1, 7) as month, count(*) as made,
          sum(case when r.status = 'completed' then 1 else 0 end) as completed
        from referrals r join clients c on c.id = r.client_id
        where r.status <> 'void' and r.issued_date >= ${from} and r.issued_date <= ${to}
        group by r.site_id, substr(r.issued_date, 1, 7)`,
        [
          ['made', 'referrals.made'],
          ['completed', 'referrals.completed'],
        ],
      ),
      read(
        sql<Row>`select o.site_id, substr(o.occurred_on, 1, 7) as month, count(*) as events,
          sum(case when o.outcome = 'died' then 1 else 0 end) as deaths,
          sum(case when o.doses > 0 and o.outcome = 'survived' then 1 else 0 end) as reversals
        from overdose_events o
        where o.voided_at is null and o.occurred_on >= ${from} and o.occurred_on <= ${to}
        group by o.site_id, substr(o.occurred_on, 1, 7)`,
        [
          ['events', 'overdose.events'],
          ['deaths', 'overdose.deaths'],
          ['reversals', 'naloxone.reversals'],
        ],
      ),
      read(
        sql<Row>`select e.site_id, substr(e.start_date, 1, 7) as month, count(*) as started
        from ost_episodes e join clients c on c.id = e.client_id
        where e.start_date >= ${from} and e.start_date <= ${to}
        group by e.site_id, substr(e.start_date, 1, 7)`,
        [['started', 'ost.new']],
      ),
    ]),
    newPeopleRead.execute(db),
  ]);
  const events = eventSuppression(figures.flat(), tree, k);

  // New people: each person's first contact falls in one month, so at the level of whole
  // organisations (and the consortium above them) a quarter's new people are its months' — a tree
  // of those units only; below it a person new in the period may be seen at several units, or at
  // this one in a later month, and the counts do not add up.
  const { organisationLevel } = await getOrgStructure(s.db);
  const whole = units.filter((u) => u.level <= organisationLevel);
  const organisations = treeYearPattern(
    newPeople.rows.map((r) => ({
      series: NEW_PEOPLE,
      unit: codeOf.get(r.org_id) ?? '',
      month: r.month.slice(5, 7),
      value: Number(r.n),
    })),
    treeOf(whole),
    k,
  );
  return {
    hidden: (series, unit, period) =>
      series === NEW_PEOPLE
        ? organisations.hidden(series, unit, period)
        : events.hidden(series, unit, period),
    value: (series, unit, period) =>
      series === NEW_PEOPLE ? organisations.value(series, unit, period) : events.value(series, unit, period),
  };
}
