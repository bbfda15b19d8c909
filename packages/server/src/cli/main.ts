/** `harbour` — the command line for operators and M&E officers. Exit codes: 0 success, 1 user error, 2 internal error. */

import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { type Harbour, openHarbour } from '../context.js';
import { registerAdminCommands } from './commands/admin-commands.js';
import { registerAdvocacyCommands } from './commands/advocacy-commands.js';
import { registerBackupCommands } from './commands/backup-commands.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerMonitoringCommands } from './commands/monitoring-commands.js';
import { registerProjectCommands } from './commands/project-commands.js';
import { registerServeCommands } from './commands/serve-commands.js';
import { describeError, EXIT, exitCodeFor, UsageError } from './io.js';

export interface GlobalOptions {
  db?: string;
  dataDir?: string;
}

export interface CliContext {
  config(cmd: Command): Config;
  open(cmd: Command, initialise?: boolean): Promise<Harbour & { migrated: string[] }>;
}

const ctx: CliContext = {
  config(cmd) {
    const g = cmd.optsWithGlobals<GlobalOptions>();
    return loadConfig(process.env, {
      ...(g.db ? { databaseUrl: g.db } : {}),
      ...(g.dataDir ? { dataDir: g.dataDir } : {}),
    });
  },
  async open(cmd, initialise = false) {
    return openHarbour(this.config(cmd), { initialise });
  },
};

/** Runs a command body, printing user errors plainly and mapping failures to exit codes. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = typeof code === 'number' ? code : EXIT.ok;
    } catch (e) {
      const code = exitCodeFor(e);
      process.stderr.write(`harbour: ${describeError(e)}\n`);
      if (code === EXIT.internal && process.env.HARBOUR_DEBUG)
        process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = code;
    }
  };
}

function version(): string {
  try {
    return (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command('harbour')
    .description('Harbour: harm reduction programme data, kept safe.')
    .version(version())
    .addOption(
      new Option(
        '--db <url>',
        'database URL: sqlite:<file> or postgres://… (default: HARBOUR_DATABASE_URL, else sqlite in the data dir)',
      ),
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        'where keys (and the default SQLite file) live (default: HARBOUR_DATA_DIR, else ./data)',
      ),
    )
    .showHelpAfterError()
    .exitOverride((err) => {
      // Help and version are not failures; anything else commander rejects is a usage error (exit 1).
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        process.exit(EXIT.ok);
      process.exit(EXIT.user);
    });
  registerServeCommands(program, ctx);
  registerAdminCommands(program, ctx);
  registerBackupCommands(program, ctx);
  registerImportCommand(program, ctx);
  registerMonitoringCommands(program, ctx);
  registerAdvocacyCommands(program, ctx);
  registerProjectCommands(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `harbour org list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`harbour: ${describeError(e)}\n`);
    process.exitCode = e instanceof UsageError ? EXIT.user : exitCodeFor(e);
  }
}
