/**
 * `npm run bench -- [--tier smoke|site|national|<clients>x<contacts>] [--db sqlite|postgres] [--out bench.json] [--smoke] [--only a,b] [--keep] [--reuse DIR [--reuse-url URL]] [--storm PHONESxSECONDS]`
 * `--reuse DIR` measures the server on a programme a kept run (`--keep`) left in DIR, with the same
 * `--tier` and `--db`, instead of generating and importing it again (migrations are applied first).
 * A kept PostgreSQL run writes its database's URL into DIR/database-url; `--reuse-url` names it otherwise.
 * Measures side by side in one run and prints a table; never asserts a time (benchmarks are not tests).
 */

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { advocacyBenchmarks } from './benchmarks/advocacy.js';
import { busyDiskLatency, contactLatency, lookupLatency, syncIngest } from './benchmarks/api.js';
import { coldStart } from './benchmarks/cold-start.js';
import { grantsBenchmarks } from './benchmarks/grants.js';
import { importResult, registerPath, runImport } from './benchmarks/import.js';
import { pageBundle } from './benchmarks/page-bundle.js';
import { projectBenchmarks, projectResultsAtTier } from './benchmarks/projects.js';
import {
  duckdbBaseline,
  exportContacts,
  lastFullQuarter,
  reportResults,
  reportThroughServer,
  sqlBaseline,
} from './benchmarks/report.js';
import { createBenchUsers, startServer } from './benchmarks/serve.js';
import { siteClients, syncStorm } from './benchmarks/storm.js';
import { writeRegister } from './generator/register-file.js';
import { type BenchTree, benchTree } from './generator/tree.js';
import { type BenchDatabase, createBenchDatabase, openBenchHarbour, prepareBenchHarbour } from './harbour.js';
import { newReport, printTable } from './result.js';
import { tierFor } from './tiers.js';

const { values } = parseArgs({
  options: {
    tier: { type: 'string', default: 'site' },
    db: { type: 'string', default: 'sqlite' },
    out: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    'reuse-url': { type: 'string' },
    storm: { type: 'string' },
  },
});

const tier = tierFor(values.smoke ? 'smoke' : values.tier!);
const db = values.db === 'postgres' ? 'postgres' : 'sqlite';
const report = newReport(tier.name, db);
const wanted = (name: string) => !values.only || values.only.split(',').some((o) => name.startsWith(o));
const step = (what: string) => process.stderr.write(`… ${what}\n`);

if (wanted('field')) {
  const bundle = pageBundle('field', 'field.first_screen_js', 150);
  if (bundle) report.results.push(bundle);
}

if (wanted('grants')) {
  step('grants: rank a call of 500 applications × 5 reviewers');
  report.results.push(...grantsBenchmarks(values.smoke));
  const bundle = pageBundle('apply', 'grants.apply_page_js', 60);
  if (bundle) report.results.push(bundle);
}

if (wanted('serve')) {
  step('cold start');
  report.results.push(...(await coldStart(values.smoke ? 1 : 5)));
}

if (wanted('advocacy')) {
  step('advocacy: import 10,000 figures, a profile, the gap map');
  report.results.push(...(await advocacyBenchmarks(db, values.smoke)));
}

if (wanted('projects')) {
  step('projects: 420 spending entries, the dashboard of a 5-member, 3-year project');
  report.results.push(...(await projectBenchmarks(db, values.smoke)));
}

if (wanted('import') || wanted('report') || wanted('api') || wanted('sync') || wanted('storm')) {
  const tree = benchTree(tier);
  const database: BenchDatabase = values.reuse
    ? { url: reusedUrl(values.reuse), dataDir: values.reuse, drop: async () => {} }
    : await createBenchDatabase(db);
  try {
    if (values.reuse) {
      step(`reusing the programme in ${values.reuse}`);
      await (await openBenchHarbour(database, true)).close();
    } else {
      await generateAndImport(database, tree);
    }
    if (wanted('report') || wanted('api') || wanted('sync') || wanted('storm'))
      await serverBenchmarks(database, tree);
  } finally {
    if (values.keep || values.reuse) {
      if (db === 'postgres') writeFileSync(join(database.dataDir, 'database-url'), database.url);
      console.error(`kept ${database.url} (${database.dataDir})`);
    } else await database.drop();
  }
}

/** The database a kept run left: SQLite's file in the directory, or the PostgreSQL database it names. */
function reusedUrl(dir: string): string {
  if (db === 'sqlite') return `sqlite:${join(dir, 'harbour.db')}`;
  if (values['reuse-url']) return values['reuse-url'];
  if (!existsSync(join(dir, 'database-url')))
    throw new Error(`--reuse with --db postgres: give --reuse-url (no ${join(dir, 'database-url')})`);
  return readFileSync(join(dir, 'database-url'), 'utf8').trim();
}

/** A fresh programme of the tier: the benchmark tree, a generated register, and its import. */
async function generateAndImport(database: BenchDatabase, tree: BenchTree): Promise<void> {
  await prepareBenchHarbour(database, tree);
  step(
    `generating ${tier.contacts.toLocaleString('en')} contacts for ${tier.clients.toLocaleString('en')} clients`,
  );
  const t0 = performance.now();
  const rows = await writeRegister(registerPath(database), tier, tree);
  report.results.push({
    name: 'generate.register',
    seconds: (performance.now() - t0) / 1000,
    rows,
    note: `${rows.toLocaleString('en')} register rows written as CSV`,
  });
  step('importing the register');
  report.results.push(importResult(await runImport(database, registerPath(database)), db));
}

/** Codes and sites from the first rows of the register (the phone-side answers the server would hash). */
function registerCodes(file: string, n: number): { uic: string; site: string }[] {
  const head = Buffer.alloc(400_000);
  const fd = openSync(file, 'r');
  const bytes = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const lines = head.subarray(0, bytes).toString('utf8').split('\n').slice(1, -1);
  const seen = new Map<string, string>();
  for (const line of lines) {
    const [, , site, uic] = line.split(',');
    if (uic && site && !seen.has(uic)) seen.set(uic, site);
    if (seen.size >= n) break;
  }
  return [...seen].map(([uic, site]) => ({ uic, site }));
}

/** The running server on the imported programme: the report and its baselines, then writes under load. */
async function serverBenchmarks(database: BenchDatabase, tree: BenchTree): Promise<void> {
  await createBenchUsers(database, tree);
  const h = await openBenchHarbour(database);
  const site = tree.sites[0]!;
  const quarter = lastFullQuarter();
  const server = await startServer(database);
  try {
    if (wanted('report')) {
      step(`quarterly report ${quarter.id} (server, cold and warm)`);
      const ours = await reportThroughServer(server, tree.root, quarter);
      step('baseline: plain SQL GROUP BY');
      const plain = await sqlBaseline(h.db, db, quarter);
      step('baseline: DuckDB over exported contacts');
      const exported = await exportContacts(h.db, database.dataDir);
      const duck = await duckdbBaseline(exported.path, quarter);
      report.results.push(...reportResults(ours, plain, duck, exported, quarter));
      step("a 5-member project's results with one member holding the tier");
      report.results.push(
        await projectResultsAtTier(
          h,
          server.url,
          tree,
          Number(quarter.id.slice(0, 4)),
          values.smoke ? 3 : 20,
        ),
      );
    }
    const clientIds = await siteClients(h, site);
    if (wanted('api')) {
      // The first 50 warm the server up (a server that has just started compiles its hot paths while
      // answering): a figure for staff at work, not for the first minute after a restart.
      const all = registerCodes(registerPath(database), 250);
      const codes = all.slice(50);
      step('finding clients by code');
      report.results.push(await lookupLatency(server, codes, all.slice(0, 50)));
      step('contact recording under 50 concurrent clients');
      report.results.push(...(await contactLatency(server, site, clientIds, values.smoke ? 2 : 10)));
      step('finding clients and recording contacts while another process keeps the disk busy');
      report.results.push(
        ...(await busyDiskLatency(server, database.dataDir, codes, site, clientIds, values.smoke ? 2 : 10)),
      );
    }
    if (wanted('sync')) {
      step('sync push ingest');
      report.results.push(await syncIngest(server, site, clientIds, values.smoke ? 2 : 20));
    }
    if (wanted('storm')) {
      // A national programme's evening: 3,000 phones in 10 minutes; on a smaller programme 300 in a minute.
      // `--storm 3000x600`: the national storm's shape on any programme.
      const asked = /^(\d+)x(\d+)$/.exec(values.storm ?? '');
      const size = asked
        ? { devices: Number(asked[1]), seconds: Number(asked[2]) }
        : values.smoke
          ? { devices: 20, seconds: 2 }
          : tier.name === 'national'
            ? { devices: 3000, seconds: 600 }
            : { devices: 300, seconds: 60 };
      step(`sync storm: ${size.devices} phones over ${size.seconds} s, with reports and console contacts`);
      report.results.push(...(await syncStorm(h, server, tree, quarter.id, size)));
    }
  } finally {
    await server.stop();
    await h.close();
  }
}

printTable(report);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${values.out}`);
}
