/** JavaScript the field app's first screen needs (its page's script and preloads), gzipped, from the built web app. */

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from '../result.js';

const DIST = fileURLToPath(new URL('../../../packages/web/dist/', import.meta.url));

export function fieldBundle(): BenchResult | null {
  const page = `${DIST}field/index.html`;
  if (!existsSync(page)) return null;
  const html = readFileSync(page, 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = scripts.map((s) => gzipSync(readFileSync(`${DIST}${s.slice(1)}`), { level: 9 }).length);
  const kb = bytes.reduce((a, b) => a + b, 0) / 1024;
  return {
    name: 'field.first_screen_js',
    kb_gzip: kb,
    note: `${scripts.length} files (${scripts.map((s) => s.replace('/assets/', '')).join(', ')}), ${kb.toFixed(1)} KB gzipped; budget ≤ 150 KB`,
  };
}
