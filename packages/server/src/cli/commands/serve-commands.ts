/** init, serve and demo: from nothing to a running Harbour. */

import type { Command } from 'commander';
import { createDemo } from '../../demo/demo.js';
import { buildDeferredIndexes } from '../../store/deferred-indexes.js';
import { printTable, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

export function registerServeCommands(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create or upgrade the database and the keys (safe to run again)')
    .action(
      action(async (_opts, cmd: Command) => {
        const h = await openInit(ctx, cmd);
        try {
          process.stdout.write(
            `Database ${h.store.displayUrl}: ${h.migrated.length ? `applied ${h.migrated.join(', ')}` : 'up to date'}\nKeys in ${h.config.dataDir} (mode 0600). Back them up with the database: without them the data cannot be read.\n`,
          );
        } finally {
          await h.close();
        }
      }),
    );

  program
    .command('serve')
    .description('start the web server')
    .option('--port <port>', 'port to listen on', process.env.HARBOUR_PORT ?? '8080')
    .option('--host <host>', 'address to listen on', process.env.HARBOUR_HOST ?? '127.0.0.1')
    .action(
      action(async (opts: { port: string; host: string }, cmd: Command) => {
        const port = Number.parseInt(opts.port, 10);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port must be a number from 0 to 65535 (got "${opts.port}")`);
        const h = await ctx.open(cmd);
        // A register import that stopped before its end left indexes to build and stock handed out to
        // recompute (register-import/bulk-load.ts).
        await buildDeferredIndexes(h.store, () =>
          process.stderr.write(
            'Building the indexes an unfinished import left for its end, and recomputing stock handed out…\n',
          ),
        );
        // Before listening: the first time on a database that was never analysed this takes seconds
        // (about 14 s at national scale), later starts a few milliseconds. Then once a day.
        h.store.refreshStatistics();
        const daily = setInterval(() => h.store.refreshStatistics(), 24 * 3600_000);
        daily.unref();
        // The audit chains' heads, witnessed outside the database: cutting the newest entries off the log
        // can then hide at most what was written since the last anchor.
        const anchoring = setInterval(
          () =>
            void h.anchors
              .write(h.db, h.now())
              .catch((e: Error) => process.stderr.write(`audit anchors: ${e.message}\n`)),
          h.config.auditAnchorSeconds * 1000,
        );
        anchoring.unref();
        // Copying the write-ahead log into the database file is a worker's job, not a contact's.
        h.store.checkpointInBackground();
        // Loaded here, not at the top: the web server's modules are over half of the command's code,
        // and every other command (import, report, backup…) starts faster without them.
        const { buildApp } = await import('../../http/app.js');
        const { warmUpReports } = await import('../../reports/warm-up.js');
        // Once listening, in the background: the report readers started and the report's indexes read
        // from disk (SQLite), then one report computed and thrown away, so the first person to ask for
        // one does not pay for a cold process. A failed warm-up only means a slower first report.
        // Reports wait for it at most a minute, whatever happens to it.
        let startWarmUp = () => {};
        const warmUp = new Promise<void>((resolve) => {
          startWarmUp = resolve;
        })
          .then(() => h.store.warmUp())
          .then(() => warmUpReports(h))
          .catch(() => {});
        const warmingUp = Promise.race([warmUp, new Promise((r) => setTimeout(r, 60_000).unref())]);
        const app = await buildApp(h, { logger: true, warmingUp });
        // When hundreds of phones reconnect at once, connections wait in the kernel's queue rather
        // than being dropped and tried again a second or three later (Node's default holds 511).
        const address = await app.listen({ port, host: opts.host, backlog: 4096 });
        startWarmUp();
        process.stdout.write(
          `Harbour is running at ${address.replace('127.0.0.1', 'localhost')}/ (database ${h.store.displayUrl})\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        clearInterval(anchoring);
        await app.close();
        await h.close();
      }),
    );

  program
    .command('demo')
    .description(
      'fill the database with a demo consortium, one user per role and two years of programme data (keeps what exists)',
    )
    .option('--seed <n>', 'random seed for generated demo data', '1')
    .option('--clients <n>', 'clients in the generated programme', '2000')
    .option('--contacts <n>', 'contacts in the generated programme', '30000')
    .action(
      action(async (opts: { seed: string; clients: string; contacts: string }, cmd: Command) => {
        const clients = Number.parseInt(opts.clients, 10);
        const contacts = Number.parseInt(opts.contacts, 10);
        if (!(clients >= 0) || !(contacts >= 0))
          throw new UsageError('--clients and --contacts take whole numbers of 0 or more');
        const h = await openInit(ctx, cmd);
        try {
          process.stderr.write('Creating the demo programme…\n');
          const r = await createDemo(h, { seed: Number.parseInt(opts.seed, 10) || 1, clients, contacts });
          process.stdout.write(
            `Demo: ${r.unitsCreated} org units, ${r.usersCreated} users, ${r.clientsCreated} clients and ${r.contactsImported} contacts added (existing demo data is kept).\n\nDemo sign-ins (password for all: ${r.password})\n`,
          );
          printTable(r.users, ['username', 'role', 'unit']);
        } finally {
          await h.close();
        }
      }),
    );
}

async function openInit(ctx: CliContext, cmd: Command) {
  return ctx.open(cmd, true);
}
