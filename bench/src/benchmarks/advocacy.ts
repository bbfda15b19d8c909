/**
 * Advocacy evidence at the sizes: importing 10,000 figures (200 countries × 5 years × 10
 * measures), a profile of one country with 5 years × 60 measures through the running server, and the
 * gap map and table over those 200 countries. A programme of its own, apart from the service tiers.
 */

import { stringify } from 'csv-stringify/sync';
import { countryCodes, MEASURE_NAMES, measureSpec } from '../../../packages/core/src/advocacy/index.js';
import { importFigures } from '../../../packages/server/src/advocacy/advocacy-service.js';
import { systemActor } from '../../../packages/server/src/identity/actor.js';
import { createUser } from '../../../packages/server/src/identity/users.js';
import { importOrgUnits } from '../../../packages/server/src/org/org-units.js';
import { type BenchDb, createBenchDatabase, openBenchHarbour } from '../harbour.js';
import { type BenchResult, percentile } from '../result.js';
import { BENCH_PASSWORD, signIn, startServer } from './serve.js';

const YEARS = [2021, 2022, 2023, 2024, 2025];
const CURRENCY = 'EUR';

function valueFor(measure: string, i: number): { value: string; unit: string } {
  const spec = measureSpec(measure);
  if (spec?.kind === 'word') return { value: spec.words?.[i % spec.words.length] ?? 'yes', unit: '' };
  if (spec?.kind === 'percent') return { value: String((i % 90) + 1.5), unit: '' };
  if (spec?.kind === 'rate') return { value: String(0.8 + (i % 10) / 100), unit: CURRENCY };
  if (spec?.kind === 'money') return { value: String(1000 + i * 7.25), unit: CURRENCY };
  return { value: String(10_000 + i * 13), unit: '' };
}

/** 10 measures a year for each of 200 countries: what a consortium's yearly update looks like. */
function mapFile(countries: string[]): string {
  const measures = [
    'pwid',
    'pwud_opioid',
    'nsp.syringes',
    'ost.clients',
    'fx.usd',
    'funding.domestic',
    'funding.international',
    'cost.nsp_per_person_year',
    'cost.ost_per_person_year',
    'prison.cost_per_day',
  ];
  const rows: string[][] = [['country', 'year', 'measure', 'value', 'unit', 'source']];
  countries.forEach((c, ci) => {
    for (const y of YEARS)
      for (const m of measures) {
        const v = valueFor(m, ci + y);
        rows.push([c, String(y), m, v.value, v.unit, 'bench']);
      }
  });
  return stringify(rows);
}

/** One country with every measure of the vocabulary and custom ones, 60 a year for 5 years. */
function profileFile(country: string): string {
  const measures: string[] = [...MEASURE_NAMES];
  for (let i = 0; measures.length < 60; i++) measures.push(`custom.bench_${i}`);
  const rows: string[][] = [['country', 'year', 'measure', 'value', 'unit', 'source']];
  for (const y of YEARS)
    measures.forEach((m, i) => {
      const v = valueFor(m, i + y);
      rows.push([country, String(y), m, v.value, v.unit, 'bench']);
    });
  return stringify(rows);
}

async function timed(n: number, warm: number, f: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warm; i++) await f();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function advocacyBenchmarks(db: BenchDb, smoke: boolean): Promise<BenchResult[]> {
  const database = await createBenchDatabase(db);
  const results: BenchResult[] = [];
  try {
    const h = await openBenchHarbour(database, true);
    const countries = countryCodes().sort().slice(0, 200);
    try {
      await importOrgUnits(h, systemActor('bench'), 'code,name,parent\nBENCH,Bench consortium,\n');
      await createUser(h, systemActor('bench'), {
        username: 'bench-advocate',
        displayName: 'Bench advocate',
        password: BENCH_PASSWORD,
        locale: 'en',
        staffCode: null,
        grants: [{ role: 'advocate', orgUnitCode: 'BENCH' }],
      });
      const file = mapFile(countries);
      const t0 = performance.now();
      const first = await importFigures(h, systemActor('bench'), file);
      const seconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const again = await importFigures(h, systemActor('bench'), file);
      const againSeconds = (performance.now() - t1) / 1000;
      results.push({
        name: 'advocacy.import',
        seconds,
        rows_per_second: Math.round(first.imported / seconds),
        note: `${first.imported.toLocaleString('en')} figures (200 countries × 5 years × 10 measures) imported in one call of the service; the same file again ${againSeconds.toFixed(2)} s (${again.unchanged} unchanged); budget ≤ 2 s`,
      });
      await importFigures(h, systemActor('bench'), profileFile('UA'));
    } finally {
      await h.close();
    }

    const server = await startServer(database);
    try {
      const cookie = await signIn(server.url, 'bench-advocate');
      const get = async (path: string) => {
        const r = await fetch(`${server.url}/api/v1/advocacy${path}`, { headers: { cookie } });
        if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      };
      const profile = await timed(smoke ? 10 : 100, 10, () => get('/countries/UA/profile?year=2025'));
      results.push({
        name: 'advocacy.profile',
        p50_ms: percentile(profile, 0.5),
        p99_ms: percentile(profile, 0.99),
        note: `GET /advocacy/countries/UA/profile?year=2025 with 5 years × 60 measures (300 figures; no org unit carries UA's code here — with one, the profile also runs that year's report for it, see report.*), ${profile.length} requests one after another after 10 to warm up; budget ≤ 50 ms`,
      });
      const map = await timed(smoke ? 5 : 30, 3, () =>
        get('/countries?year=2025&measure=funding.share_of_need'),
      );
      results.push({
        name: 'advocacy.map',
        p50_ms: percentile(map, 0.5),
        p99_ms: percentile(map, 0.99),
        note: `GET /advocacy/countries?year=2025 over ${countries.length} countries (a profile computed for each), ${map.length} requests after 3 to warm up; budget ≤ 200 ms`,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
  return results;
}
