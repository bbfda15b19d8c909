/**
 * Prepares a database and register for profiling outside the benchmark:
 * node --import tsx bench/src/prepare.ts <tier> <sqlite|postgres> → prints the url, data dir and register path.
 */

import { registerPath } from './benchmarks/import.js';
import { writeRegister } from './generator/register-file.js';
import { benchTree } from './generator/tree.js';
import { createBenchDatabase, prepareBenchHarbour } from './harbour.js';
import { tierFor } from './tiers.js';

const [tierName = 'site', db = 'sqlite'] = process.argv.slice(2);
const tier = tierFor(tierName);
const tree = benchTree(tier);
const database = await createBenchDatabase(db === 'postgres' ? 'postgres' : 'sqlite');
await prepareBenchHarbour(database, tree);
const rows = await writeRegister(registerPath(database), tier, tree);
console.log(
  JSON.stringify({ url: database.url, dataDir: database.dataDir, register: registerPath(database), rows }),
);
