/**
 * Writes a benchmark programme as a contact register (formats §1, CSV), streaming: ten million rows
 * never sit in memory. The rows come from the same generator the demo uses.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { generateRegister, REGISTER_HEADER } from '../../../packages/server/src/demo/programme-generator.js';
import type { Tier } from '../tiers.js';
import type { BenchTree } from './tree.js';

export function programmeSpec(tier: Tier, tree: BenchTree, seed = 1) {
  const end = new Date();
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (tier.months - 1), 1));
  return {
    seed,
    clients: tier.clients,
    contacts: tier.contacts,
    sites: tree.sites,
    workers: tree.workers,
    start: start.toISOString().slice(0, 10),
    months: tier.months,
  };
}

/** Register rows up to today (the generator fills whole months; the rest of this month is the future). */
export function* benchRows(tier: Tier, tree: BenchTree, seed = 1) {
  const today = new Date().toISOString().slice(0, 10);
  for (const row of generateRegister(programmeSpec(tier, tree, seed)))
    if (row.contact_date <= today) yield row;
}

/** Writes the register to `path`; returns the number of rows. */
export async function writeRegister(path: string, tier: Tier, tree: BenchTree, seed = 1): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${REGISTER_HEADER.join(',')}\n`);
  let n = 0;
  let chunk: string[] = [];
  for (const row of benchRows(tier, tree, seed)) {
    // No generated value contains a comma, quote or newline, so no quoting is needed.
    chunk.push(REGISTER_HEADER.map((h) => row[h]).join(','));
    n++;
    if (chunk.length === 5000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return n;
}
