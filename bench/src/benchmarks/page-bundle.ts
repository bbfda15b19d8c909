/** JavaScript a page's first screen needs (its script and preloads), gzipped, from the built web app. */

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from '../result.js';

const DIST = fileURLToPath(new URL('../../../packages/web/dist/', import.meta.url));

/** `page` is the page's folder in dist/ (`field`, `apply`); `budgetKb` goes into the note. */
export function pageBundle(page: string, name: string, budgetKb: number): BenchResult | null {
  const html = `${DIST}${page}/index.html`;
  if (!existsSync(html)) return null;
  const scripts = [...readFileSync(html, 'utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const bytes = scripts.map((s) => gzipSync(readFileSync(`${DIST}${s.slice(1)}`), { level: 9 }).length);
  const kb = bytes.reduce((a, b) => a + b, 0) / 1024;
  return {
    name,
    kb_gzip: kb,
    note: `${scripts.length} files (${scripts.map((s) => s.replace('/assets/', '')).join(', ')}), ${kb.toFixed(1)} KB gzipped; budget ≤ ${budgetKb} KB`,
  };
}
