#!/usr/bin/env node
// The `harbour` command. Runs the compiled CLI; `npm ci` builds it (npm run build).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('harbour: the server is not built yet. Run "npm run build" in the repository root.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
