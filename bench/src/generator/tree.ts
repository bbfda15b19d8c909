/**
 * The organisation of a benchmark programme: one consortium, one organisation, one country, regions
 * of about twenty sites each, and workers spread over the sites. Codes are stable from the size.
 */

import type { Tier } from '../tiers.js';

export interface BenchTree {
  /** code,name,parent rows, parents first (as `harbour org import` takes them). */
  units: [string, string, string][];
  sites: string[];
  workers: Record<string, string[]>;
  root: string;
  country: string;
}

export function benchTree(tier: Tier): BenchTree {
  const units: [string, string, string][] = [
    ['BENCH', 'Benchmark consortium', ''],
    ['BORG', 'Benchmark organisation', 'BENCH'],
    ['BC', 'Benchland', 'BORG'],
  ];
  const regions = Math.max(1, Math.ceil(tier.sites / 20));
  for (let r = 1; r <= regions; r++) units.push([`BR${r}`, `Region ${r}`, 'BC']);
  const sites: string[] = [];
  for (let s = 1; s <= tier.sites; s++) {
    const code = `BS${String(s).padStart(4, '0')}`;
    sites.push(code);
    units.push([code, `Site ${s}`, `BR${((s - 1) % regions) + 1}`]);
  }
  const workers: Record<string, string[]> = {};
  for (let w = 0; w < tier.workers; w++) {
    const site = sites[w % sites.length]!;
    const list = workers[site] ?? [];
    list.push(`W${String(w + 1).padStart(5, '0')}`);
    workers[site] = list;
  }
  return { units, sites, workers, root: 'BENCH', country: 'BC' };
}
