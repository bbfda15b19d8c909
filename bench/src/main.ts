/**
 * `npm run bench -- [--tier smoke|site|national|<clients>x<contacts>] [--db sqlite|postgres] [--out bench.json] [--smoke] [--only a,b] [--keep]`
 * Measures side by side in one run and prints a table; never asserts a time (benchmarks are not tests).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { coldStart } from './benchmarks/cold-start.js';
import { importResult, registerPath, runImport } from './benchmarks/import.js';
import { writeRegister } from './generator/register-file.js';
import { benchTree } from './generator/tree.js';
import { createBenchDatabase, prepareBenchHarbour } from './harbour.js';
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
  },
});

const tier = tierFor(values.smoke ? 'smoke' : values.tier!);
const db = values.db === 'postgres' ? 'postgres' : 'sqlite';
const report = newReport(tier.name, db);
const wanted = (name: string) => !values.only || values.only.split(',').some((o) => name.startsWith(o));
const step = (what: string) => process.stderr.write(`… ${what}\n`);

if (wanted('serve')) {
  step('cold start');
  report.results.push(...(await coldStart(values.smoke ? 1 : 5)));
}

if (wanted('import') || wanted('report') || wanted('api') || wanted('lookup')) {
  const tree = benchTree(tier);
  const database = await createBenchDatabase(db);
  try {
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
  } finally {
    if (values.keep) console.error(`kept ${database.url} (${database.dataDir})`);
    else await database.drop();
  }
}

printTable(report);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${values.out}`);
}
