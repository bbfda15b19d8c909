/**
 * `npm run bench -- [--tier site|national|<clients>x<contacts>] [--db sqlite|postgres] [--out bench.json] [--smoke]`
 * Measures side by side in one run and prints a table; never asserts a time (benchmarks are not tests).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { coldStart } from './benchmarks/cold-start.js';
import { newReport, printTable } from './result.js';

const { values } = parseArgs({
  options: {
    tier: { type: 'string', default: 'site' },
    db: { type: 'string', default: 'sqlite' },
    out: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const tier = values.smoke ? 'smoke' : values.tier!;
const db = values.db === 'postgres' ? 'postgres' : 'sqlite';
const report = newReport(tier, db);
const wanted = (name: string) => !values.only || values.only.split(',').some((o) => name.startsWith(o));

if (wanted('serve')) report.results.push(...(await coldStart(values.smoke ? 1 : 5)));

printTable(report);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${values.out}`);
}
