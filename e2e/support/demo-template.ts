/**
 * Made once per run of the browser tests: an initialised data directory with the demo in it. Each
 * test file starts its own Harbour on a copy, so none sees another's changes, and the demo (a few
 * seconds each time) is made once instead of once per file.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HARBOUR_BIN = fileURLToPath(new URL('../../packages/server/bin/harbour.js', import.meta.url));

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-e2e-template-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HARBOUR_DATA_DIR: dir, HARBOUR_LOG_LEVEL: 'warn' };
  delete env.HARBOUR_DATABASE_URL;
  execFileSync(process.execPath, [HARBOUR_BIN, 'init'], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [HARBOUR_BIN, 'demo'], { env, stdio: 'ignore' });
  // The test files' processes start after this and inherit it.
  process.env.HARBOUR_E2E_DEMO_TEMPLATE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
