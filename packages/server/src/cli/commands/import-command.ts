/** `harbour import <file>`: bring an old Excel/CSV contact register in, with a progress bar and a report. */

import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { systemActor } from '../../identity/actor.js';
import { beginBulkLoad, endBulkLoad } from '../../register-import/bulk-load.js';
import { ErrorsCsv } from '../../register-import/errors-csv.js';
import { importRegister } from '../../register-import/importer.js';
import { fileSource } from '../../register-import/read-rows.js';
import { IMPORT_SAFETY_NET_PAGES } from '../../store/checkpoints.js';
import { buildDeferredIndexes } from '../../store/deferred-indexes.js';
import { EXIT } from '../io.js';
import { action, type CliContext } from '../main.js';

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import <file>')
    .description(
      'import a contact register (CSV or XLSX, docs/formats.md §1); bad rows are reported, good rows kept',
    )
    .option('--dry-run', 'check everything and report what would happen, changing nothing')
    .option('--all-or-nothing', 'import nothing if any row is rejected')
    .option('--json', 'print the summary as JSON: {"imported","duplicates","rejected","errors":[…]}')
    .option('--errors-csv <file>', 'write the rejected rows with a reason column, to fix and import again')
    .option(
      '--progress-every <seconds>',
      'without a terminal (a log file, a script), print how far the import has come this often',
      seconds,
      10,
    )
    .action(
      action(
        async (
          file: string,
          opts: {
            dryRun?: boolean;
            allOrNothing?: boolean;
            json?: boolean;
            errorsCsv?: string;
            progressEvery: number;
          },
          cmd: Command,
        ) => {
          const source = fileSource(file);
          const h = await ctx.open(cmd);
          const errorsCsv = opts.errorsCsv ? new ErrorsCsv(opts.errorsCsv) : null;
          const tty = process.stderr.isTTY && !opts.json;
          const bar = tty
            ? new SingleBar({
                format: 'Importing [{bar}] {percentage}% | {rows} rows | {eta_formatted} left',
                hideCursor: true,
                stream: process.stderr,
              })
            : null;
          bar?.start(source.size ?? 1, 0, { rows: 0 });
          // Without a terminal there is no bar: a line now and then, for a log or a script to follow.
          const every = opts.progressEvery * 1000;
          let lineAt = Number.NEGATIVE_INFINITY;
          const progressLine = (bytes: number, rows: number) => {
            if (performance.now() - lineAt < every) return;
            lineAt = performance.now();
            const share = source.size
              ? ` (${Math.min(100, Math.floor((100 * bytes) / source.size))}% of the file)`
              : '';
            process.stderr.write(`Importing: ${rows} ${rows === 1 ? 'row' : 'rows'} read${share}\n`);
          };
          if (!bar) progressLine(0, 0);
          // This process is the only writer on its connection: batches commit without waiting for the
          // disk, and the whole import is made durable once at the end (store/database.ts).
          h.store.beginBulkLoad(IMPORT_SAFETY_NET_PAGES);
          const tellBuilding = () =>
            process.stderr.write('Building the indexes left for the end of an import…\n');
          // A bulk load that stopped before its end left indexes to build and stock to recompute: first.
          await buildDeferredIndexes(h.store, tellBuilding);
          // Into an empty database, some indexes and stock handed out are written once at the end (bulk-load.ts).
          const tally = opts.dryRun || opts.allOrNothing ? undefined : await beginBulkLoad(h.store);
          // The tally is written only if every batch was (otherwise stock is recomputed from the contacts).
          let written = false;
          try {
            const summary = await importRegister(h, systemActor('import'), source, {
              stockTally: tally,
              dryRun: opts.dryRun ?? false,
              allOrNothing: opts.allOrNothing ?? false,
              onProgress: (bytes, rows) =>
                bar ? bar.update(Math.min(bytes, source.size ?? bytes), { rows }) : progressLine(bytes, rows),
              onHeader: (cells) => errorsCsv?.header(cells),
              onRejectedRow: (row, reason) => errorsCsv?.row(row.cells, reason),
            });
            written = true;
            bar?.update(source.size ?? 1, { rows: summary.rows });
            if (!bar) {
              // The last line says where the rows ended, however soon after the one before.
              lineAt = Number.NEGATIVE_INFINITY;
              progressLine(source.size ?? 0, summary.rows);
            }
            bar?.stop();
            await errorsCsv?.close();
            // A dry run reports what it would import, as the text does; an all-or-nothing import that
            // was rolled back imported nothing.
            const nothing = summary.rolledBack && !summary.dryRun;
            if (opts.json) {
              process.stdout.write(
                `${JSON.stringify({ imported: nothing ? 0 : summary.imported, duplicates: summary.duplicates, rejected: summary.rejected, errors: summary.errors, warnings: summary.warnings, clientsCreated: nothing ? 0 : summary.clientsCreated, dryRun: summary.dryRun, rolledBack: summary.rolledBack, truncated: summary.truncated })}\n`,
              );
            } else {
              const verb = summary.dryRun
                ? 'Would import'
                : summary.rolledBack
                  ? 'Imported nothing; would have imported'
                  : 'Imported';
              process.stdout.write(
                `${verb} ${summary.imported} contact(s) (${summary.clientsCreated} new client(s)); ${summary.duplicates} already imported; ${summary.rejected} rejected, of ${summary.rows} row(s).\n`,
              );
              for (const e of summary.errors.slice(0, 50))
                process.stderr.write(
                  `row ${e.row}, ${e.column}${e.value ? ` "${e.value}"` : ''}: ${e.message}\n`,
                );
              if (summary.errors.length > 50)
                process.stderr.write(
                  `… and ${summary.rejected - 50} more rejected row(s)${opts.errorsCsv ? '' : ' (use --errors-csv to get them all)'}\n`,
                );
              for (const w of summary.warnings.slice(0, 20))
                process.stderr.write(
                  `warning${w.row ? ` row ${w.row}` : ''}${w.column ? `, ${w.column}` : ''}: ${w.message}\n`,
                );
              if (errorsCsv)
                process.stderr.write(
                  `Rejected rows written to ${opts.errorsCsv} — it holds client codes from your file: keep it as safe as the register and delete it once fixed.\n`,
                );
            }
            return summary.rejected > 0 ? EXIT.user : EXIT.ok;
          } finally {
            bar?.stop();
            await endBulkLoad(h.store, written ? tally : undefined, tellBuilding);
            // Everything imported on disk before exit, and the planner's statistics brought up to date.
            await h.store.endBulkLoad(() =>
              process.stderr.write('Vacuuming and analysing the database after the import…\n'),
            );
            await h.close();
          }
        },
      ),
    );
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`"${value}" is not a number of seconds above 0.`);
  return n;
}
