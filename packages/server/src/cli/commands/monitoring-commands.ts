/** report, estimates import, targets import, dhis2: monitoring from the command line. */

import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { systemActor } from '../../identity/actor.js';
import { getDhis2Config, pushToDhis2, putDhis2Config } from '../../reports/dhis2-service.js';
import { importEstimates, importTargets } from '../../reports/estimates.js';
import { type ReportFormat, renderReport } from '../../reports/render.js';
import { buildReport } from '../../reports/report-service.js';
import { EXIT, readStdin, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the file ${file}`);
  }
}

export function registerMonitoringCommands(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description(
      'every indicator for a period and org unit, as harbour.report/1 JSON or CSV, XLSX, PDF, DHIS2 dataValueSets or ADX',
    )
    .requiredOption(
      '--period <period>',
      'DHIS2 period id (2026Q1, 202603, 2026W3, 2026, 2026April…) or an ISO range 2026-01-01/2026-03-31',
    )
    .requiredOption('--org <code>', 'org unit code (the report covers it and everything below)')
    .option(
      '--disaggregate <dims>',
      'cross-tabulate by sex, age (age:gf|gam|fine), kp and/or orgUnit:<level>, e.g. sex,age:gf,kp',
    )
    .option('--suppress <k>', 'hide counts from 1 to k−1 (for anything that leaves the programme)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['json', 'csv', 'xlsx', 'pdf', 'dhis2', 'adx'])
        .default('json'),
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      action(
        async (
          opts: {
            period: string;
            org: string;
            disaggregate?: string;
            suppress?: string;
            format: ReportFormat;
            out?: string;
          },
          cmd: Command,
        ) => {
          const suppress = opts.suppress === undefined ? null : Number(opts.suppress);
          if (suppress !== null && !Number.isInteger(suppress))
            throw new UsageError(`--suppress takes a whole number (got "${opts.suppress}")`);
          if (['xlsx', 'pdf'].includes(opts.format) && !opts.out && process.stdout.isTTY)
            throw new UsageError(`--format ${opts.format} is binary: give --out <file>`);
          const h = await ctx.open(cmd);
          try {
            const actor = systemActor();
            const built = await buildReport(h, actor, {
              period: opts.period,
              orgUnit: opts.org,
              disaggregate: opts.disaggregate ?? null,
              suppress,
            });
            const out = await renderReport(h, actor, built, opts.format, opts.org);
            if (opts.out) {
              writeFileSync(opts.out, out.body);
              process.stderr.write(`Wrote ${opts.out} (${built.report.values.length} values).\n`);
            } else process.stdout.write(out.body);
          } finally {
            await h.close();
          }
        },
      ),
    );

  for (const [name, fn, columns] of [
    ['estimates', importEstimates, 'org_unit,year,pwid,pwid_opioid (optional: source,pwid_lower,pwid_upper)'],
    ['targets', importTargets, 'org_unit,indicator,period,value'],
  ] as const) {
    program
      .command(name)
      .description(`${name === 'estimates' ? 'PWID size estimates' : 'targets'} per org unit`)
      .command('import <file>')
      .description(`import a CSV with the columns ${columns}`)
      .option('--json', 'print the result as JSON')
      .action(
        action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
          const text = file === '-' ? await readStdin() : readFile(file);
          const h = await ctx.open(cmd);
          try {
            const r = await fn(h, systemActor(), text);
            if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
            else {
              process.stdout.write(`Saved ${r.saved} row(s); rejected ${r.errors.length}.\n`);
              for (const e of r.errors)
                process.stderr.write(`row ${e.row}, ${e.column} "${e.value}": ${e.message}\n`);
            }
            return r.errors.length ? EXIT.user : EXIT.ok;
          } finally {
            await h.close();
          }
        }),
      );
  }

  const dhis2 = program.command('dhis2').description("an organisation's DHIS2: mapping, server, push");
  dhis2
    .command('mapping <file>')
    .description('set the mapping from a JSON file (see docs/monitoring.md)')
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .action(
      action(async (file: string, opts: { org: string }, cmd: Command) => {
        let json: { mapping?: unknown; disaggregate?: string; exact?: boolean };
        try {
          json = JSON.parse(readFile(file));
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`${file} is not valid JSON`);
        }
        const h = await ctx.open(cmd);
        try {
          // The file is what the console saves and docs/monitoring.md shows: the mapping with the
          // breakdown sent (`disaggregate`) and `exact` beside it, or those two around a `mapping`.
          const { disaggregate, exact, mapping: inner, ...rest } = json;
          await putDhis2Config(h, systemActor(), opts.org, {
            mapping: inner ?? rest,
            ...(disaggregate ? { disaggregate } : {}),
            ...(exact !== undefined ? { exact } : {}),
          });
          process.stdout.write('Mapping saved.\n');
        } finally {
          await h.close();
        }
      }),
    );
  dhis2
    .command('server')
    .description(
      'set the DHIS2 address and credentials (the password or token is read from standard input and stored encrypted)',
    )
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .requiredOption('--url <url>', 'e.g. https://dhis2.example.org')
    .option('--username <name>', 'for basic authentication')
    .option('--token', 'the secret is a personal access token')
    .action(
      action(async (opts: { org: string; url: string; username?: string; token?: boolean }, cmd: Command) => {
        const secret = (await readStdin()).split(/\r?\n/)[0] ?? '';
        if (!secret) throw new UsageError('Give the password or token on standard input');
        const h = await ctx.open(cmd);
        try {
          await putDhis2Config(h, systemActor(), opts.org, {
            server: {
              url: opts.url,
              authKind: opts.token ? 'token' : 'basic',
              username: opts.username ?? null,
              secret,
            },
          });
          const c = await getDhis2Config(h, systemActor(), opts.org);
          process.stdout.write(`DHIS2 server set: ${c.server?.url} (${c.server?.authKind}).\n`);
        } finally {
          await h.close();
        }
      }),
    );
  dhis2
    .command('push')
    .description("send a period's values to DHIS2; with --dry-run DHIS2 checks them and imports nothing")
    .requiredOption('--period <period>', 'a DHIS2 period id, e.g. 2026Q1')
    .requiredOption('--org <code>', 'org unit code')
    .option('--dry-run', 'ask DHIS2 to check without importing')
    .option('--json', 'print the result as JSON')
    .action(
      action(
        async (opts: { period: string; org: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
          const h = await ctx.open(cmd);
          try {
            const r = await pushToDhis2(h, systemActor(), {
              period: opts.period,
              orgUnit: opts.org,
              dryRun: opts.dryRun ?? false,
            });
            if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
            else {
              const s = r.summary;
              process.stdout.write(
                `${s.dryRun ? 'Dry run' : 'Push'}: ${s.status}. Sent ${r.conversion.values} value(s); DHIS2 ${s.dryRun ? 'would import' : 'imported'} ${s.imported}, updated ${s.updated}, ignored ${s.ignored}. Left out here: ${r.conversion.skipped.length}.\n`,
              );
              for (const c of s.conflicts) process.stderr.write(`conflict: ${c.object}: ${c.value}\n`);
              if (s.message) process.stderr.write(`DHIS2 says: ${s.message}\n`);
            }
            return ['SUCCESS', 'OK'].includes(r.summary.status) ? EXIT.ok : EXIT.user;
          } finally {
            await h.close();
          }
        },
      ),
    );
}
