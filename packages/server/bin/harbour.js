#!/usr/bin/env node
// The `harbour` command. Runs the bundled CLI (bundle/cli/main.mjs) when it is at least as new as the
// last compile, else the compiled modules in dist/; `npm ci` builds both (npm run build).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';

const here = (p) => new URL(p, import.meta.url);
const mtime = (u) => (existsSync(u) ? statSync(u).mtimeMs : 0);
const dist = here('../dist/cli/main.js');
const bundle = here('../bundle/cli/main.mjs');
// A bundle older than the last `tsc -b` of core or server would run stale code: fall back to dist/.
const compiled = Math.max(
  mtime(here('../tsconfig.tsbuildinfo')),
  mtime(here('../../core/tsconfig.tsbuildinfo')),
);
const entry = mtime(bundle) >= compiled && existsSync(bundle) ? bundle : dist;
if (!existsSync(entry)) {
  process.stderr.write('harbour: the server is not built yet. Run "npm run build" in the repository root.\n');
  process.exit(2);
}

// A register import streams: its live heap stays small, but V8 lets garbage pile up to the machine's
// default heap before collecting. Cap the heap so an import of any size stays well under 300 MB on a
// small server. Other commands (the server) keep Node's defaults.
// The young generation goes the other way, 16 -> 32 MB: a batch of 4,000 rows lives through several
// scavenges of the default one, and each copies it again (site import: CPU -9%, wall -5%, +30 MB).
const capped = process.execArgv.some((a) => a.startsWith('--max-old-space-size'));
if (process.argv[2] === 'import' && !capped && !process.env.NODE_OPTIONS?.includes('max-old-space-size')) {
  const heap = ['--max-old-space-size=192', '--max-semi-space-size=32'];
  // The import runs in a child with an IPC channel: the child ends when the channel closes, which
  // happens however this launcher ends (even `kill -9`, which it cannot catch), and signals that reach
  // the launcher are passed on. An import stopped midway keeps the batches it committed.
  const child = spawn(process.execPath, [...heap, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
} else {
  if (process.send) {
    // Started by the launcher above: end with it.
    process.channel?.unref();
    process.on('disconnect', () => process.exit(129));
    if (!process.connected) process.exit(129);
  }
  const { main } = await import(entry.href);
  await main(process.argv);
}
