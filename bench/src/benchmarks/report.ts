/**
 * The quarterly report of every indicator by sex × age (Global Fund bands) × key population for the
 * root org unit — through the running server, cold and warm — beside two baselines computed in the
 * same run from the same raw contacts: a plain SQL GROUP BY in the same database (what people do
 * today), and DuckDB over the contacts exported to CSV.
 */

import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type Kysely, sql } from 'kysely';
import type { BenchResult } from '../result.js';
import { median } from '../result.js';
import { type BenchServer, peakRss, signIn } from './serve.js';

export interface Quarter {
  id: string;
  start: string;
  end: string;
}

/** The last whole quarter before today. */
export function lastFullQuarter(today = new Date()): Quarter {
  const q = Math.floor(today.getUTCMonth() / 3);
  const year = q === 0 ? today.getUTCFullYear() - 1 : today.getUTCFullYear();
  const quarter = q === 0 ? 4 : q;
  const startMonth = (quarter - 1) * 3;
  const end = new Date(Date.UTC(year, startMonth + 3, 0)).toISOString().slice(0, 10);
  return { id: `${year}Q${quarter}`, start: `${year}-${String(startMonth + 1).padStart(2, '0')}-01`, end };
}

export async function reportThroughServer(
  server: BenchServer,
  root: string,
  quarter: Quarter,
): Promise<{
  cold: number;
  warm: number;
  suppressed: number;
  suppressedAgain: number;
  peakRssMb: number;
  values: number;
}> {
  const cookie = await signIn(server.url, 'bench-me');
  const url = `${server.url}/api/v1/reports?period=${quarter.id}&orgUnit=${root}&disaggregate=sex,age:gf,kp`;
  const once = async (query = url) => {
    const t0 = performance.now();
    const res = await fetch(query, { headers: { cookie } });
    const body = (await res.json()) as { values?: unknown[] };
    if (!res.ok) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`);
    return { seconds: (performance.now() - t0) / 1000, values: body.values?.length ?? 0 };
  };
  peakRss(server.pid, true);
  const cold = await once();
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) warm.push((await once()).seconds);
  // The copy to share outside: its suppression pattern is worked out for the period the first time
  // (at 6: the server's warm-up already worked it out at the usual 5), then another breakdown of the
  // same period reuses it.
  const suppressed = await once(`${url}&suppress=6`);
  const again: number[] = [];
  for (const dims of ['sex', 'age:fine,kp', 'sex,kp'])
    again.push(
      (await once(`${url.replace(/disaggregate=[^&]*/, `disaggregate=${dims}`)}&suppress=6`)).seconds,
    );
  return {
    cold: cold.seconds,
    warm: median(warm),
    suppressed: suppressed.seconds,
    suppressedAgain: median(again),
    peakRssMb: peakRss(server.pid),
    values: cold.values,
  };
}

const AGE = (year: number) => `case
    when birth_year is null then 'unknown'
    when ${year} - birth_year < 15 then '<15'
    when ${year} - birth_year < 20 then '15-19'
    when ${year} - birth_year < 25 then '20-24'
    else '25+' end`;

const MEASURES = `count(distinct person) as reached,
    sum(syringes) as syringes, sum(needles) as needles, sum(returned) as returned,
    sum(condoms) as condoms, sum(naloxone) as naloxone,
    count(distinct case when (flags & 4) <> 0 then person end) as hiv_tested,
    count(distinct case when (flags & 8) <> 0 then person end) as hiv_positive,
    count(distinct case when (flags & 4096) <> 0 then person end) as on_ost`;

const DIMS = ['sex', 'age', 'kp'] as const;

/** Every combination of the three dimensions (the total, each alone, each pair, all three). */
function groupingSets(): string[][] {
  const sets: string[][] = [];
  for (let mask = 0; mask < 8; mask++) sets.push(DIMS.filter((_, i) => mask & (1 << i)));
  return sets;
}

/** The cube as plain SQL: one GROUP BY per combination over the quarter's contacts (SQLite has no CUBE). */
function plainSql(dialect: 'sqlite' | 'postgres', q: Quarter): string {
  const year = Number(q.end.slice(0, 4));
  const base = `select coalesce(cl.merged_into, cl.id) as person, c.syringes, c.needles, c.returned, c.condoms,
      c.naloxone, c.flags, cl.sex, cl.kp, ${AGE(year).replace(/birth_year/g, 'cl.birth_year')} as age
    from contacts c join clients cl on cl.id = c.client_id
    where c.active = 1 and c.contact_date between '${q.start}' and '${q.end}'`;
  if (dialect === 'postgres')
    return `with q as materialized (${base}) select sex, age, kp, ${MEASURES} from q group by cube (sex, age, kp)`;
  return `with q as materialized (${base}) ${groupingSets()
    .map(
      (set) =>
        `select ${DIMS.map((d) => (set.includes(d) ? d : `null as ${d}`)).join(', ')}, ${MEASURES} from q${set.length ? ` group by ${set.join(', ')}` : ''}`,
    )
    .join(' union all ')}`;
}

export async function sqlBaseline(
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres',
  q: Quarter,
): Promise<{ seconds: number; rows: number }> {
  const t0 = performance.now();
  const r = await sql.raw(plainSql(dialect, q)).execute(db);
  return { seconds: (performance.now() - t0) / 1000, rows: r.rows.length };
}

/** Every active contact with its client's profile, as CSV (keyset pages, so any size streams). */
export async function exportContacts(
  db: Kysely<any>,
  dir: string,
): Promise<{ path: string; rows: number; seconds: number }> {
  const t0 = performance.now();
  const path = join(dir, 'contacts.csv');
  const out = createWriteStream(path);
  out.write('person,contact_date,syringes,needles,returned,condoms,naloxone,flags,sex,kp,birth_year\n');
  let after = '';
  let rows = 0;
  for (;;) {
    const page = (
      await sql<
        Record<string, unknown>
      >`select c.id, coalesce(cl.merged_into, cl.id) as person, c.contact_date, c.syringes,
        c.needles, c.returned, c.condoms, c.naloxone, c.flags, cl.sex, cl.kp, cl.birth_year
        from contacts c join clients cl on cl.id = c.client_id
        where c.active = 1 and c.id > ${after} order by c.id limit 20000`.execute(db)
    ).rows;
    if (page.length === 0) break;
    const text = page
      .map((r) =>
        [
          r.person,
          r.contact_date,
          r.syringes,
          r.needles,
          r.returned,
          r.condoms,
          r.naloxone,
          r.flags,
          r.sex,
          r.kp ?? '',
          r.birth_year ?? '',
        ].join(','),
      )
      .join('\n');
    if (!out.write(`${text}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    rows += page.length;
    after = String(page[page.length - 1]!.id);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { path, rows, seconds: (performance.now() - t0) / 1000 };
}

export async function duckdbBaseline(
  csv: string,
  q: Quarter,
): Promise<{ load: number; seconds: number; rows: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const t0 = performance.now();
  await con.run(
    `create table contacts as select * from read_csv('${csv.replace(/'/g, "''")}', header = true,
      columns = {'person': 'VARCHAR', 'contact_date': 'DATE', 'syringes': 'INTEGER', 'needles': 'INTEGER',
      'returned': 'INTEGER', 'condoms': 'INTEGER', 'naloxone': 'INTEGER', 'flags': 'INTEGER', 'sex': 'VARCHAR',
      'kp': 'VARCHAR', 'birth_year': 'INTEGER'})`,
  );
  const load = (performance.now() - t0) / 1000;
  const year = Number(q.end.slice(0, 4));
  const t1 = performance.now();
  const r = await con.runAndReadAll(
    `with q as (select person, syringes, needles, returned, condoms, naloxone, flags, sex, kp, ${AGE(year)} as age
       from contacts where contact_date between '${q.start}' and '${q.end}')
     select sex, age, kp, ${MEASURES} from q group by cube (sex, age, kp)`,
  );
  const seconds = (performance.now() - t1) / 1000;
  const rows = r.getRows().length;
  con.closeSync();
  instance.closeSync();
  return { load, seconds, rows };
}

export function reportResults(
  ours: Awaited<ReturnType<typeof reportThroughServer>>,
  plain: { seconds: number; rows: number },
  duck: { load: number; seconds: number; rows: number },
  exported: { rows: number; seconds: number },
  quarter: Quarter,
): BenchResult[] {
  return [
    {
      name: 'report.quarter.cold',
      seconds: ours.cold,
      baseline: 'duckdb',
      baseline_seconds: duck.seconds,
      peak_rss_mb: ours.peakRssMb,
      note: `${quarter.id}, root, sex × age(gf) × kp, every indicator (${ours.values} values), first request after start; budget ≤ 1 s`,
    },
    {
      name: 'report.quarter.warm',
      seconds: ours.warm,
      baseline: 'duckdb',
      baseline_seconds: duck.seconds,
      note: 'median of the next 3 requests',
    },
    {
      name: 'report.quarter.suppressed',
      seconds: ours.suppressed,
      baseline: 'report.quarter.warm',
      baseline_seconds: ours.warm,
      note: 'the same report with suppress=6, first for the period at that threshold (the suppression pattern of every breakdown worked out)',
    },
    {
      name: 'report.quarter.suppressed.again',
      seconds: ours.suppressedAgain,
      baseline: 'report.quarter.warm',
      baseline_seconds: ours.warm,
      note: 'median of three other breakdowns of the same period, suppressed (the pattern reused)',
    },
    {
      name: 'report.quarter.sql_group_by',
      seconds: plain.seconds,
      note: `baseline: plain SQL GROUP BY over raw contacts in the same database (${plain.rows} cells, reach/NSP/HIV/OST measures only)`,
    },
    {
      name: 'report.quarter.duckdb',
      seconds: duck.seconds,
      note: `baseline: DuckDB over ${exported.rows.toLocaleString('en')} exported contacts in memory (${duck.rows} cells); CSV export ${exported.seconds.toFixed(1)} s and load ${duck.load.toFixed(1)} s not counted`,
    },
  ];
}
