/** project import, project spending, project report: consortium projects from the command line. */

import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { systemActor } from '../../identity/actor.js';
import { projectReportFile } from '../../projects/project-report-file.js';
import { importSpending, saveProject } from '../../projects/project-service.js';
import { setUpFromWorkbook } from '../../projects/project-setup-file.js';
import { projectTemplate } from '../../projects/project-workbook.js';
import { EXIT, readStdin, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

async function readText(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the file ${file}`);
  }
}

export function registerProjectCommands(program: Command, ctx: CliContext): void {
  const project = program.command('project').description('consortium projects: set-up, spending, reports');
  project
    .command('import <file>')
    .description(
      'set a project up from the finance officer\'s workbook (.xlsx: sheets Project, Budget, Lines?, Framework?; `project template` writes one) or a JSON file (code, name, donor, keeper, currency, start, end, totalBudget, lines?, members [{code, budget {line: amount}}], reporting?; docs/projects.md); "-" reads JSON from standard input',
    )
    .option('--replace', "replace the set-up of the project with the file's code")
    .action(
      action(async (file: string, opts: { replace?: boolean }, cmd: Command) => {
        if (file.toLowerCase().endsWith('.xlsx')) {
          let bytes: Buffer;
          try {
            bytes = readFileSync(file);
          } catch {
            throw new UsageError(`Cannot read the file ${file}`);
          }
          const h = await ctx.open(cmd);
          try {
            const p = await setUpFromWorkbook(h, systemActor(), bytes, { replace: opts.replace === true });
            process.stdout.write(
              `Project ${p.code} ${opts.replace ? 'updated' : 'set up'}: ${p.name}${p.framework ? ', with its results framework' : ''}.\n`,
            );
            return EXIT.ok;
          } finally {
            await h.close();
          }
        }
        let setup: { code?: unknown };
        try {
          setup = JSON.parse(await readText(file));
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`${file} is not valid JSON`);
        }
        const h = await ctx.open(cmd);
        try {
          const p = await saveProject(
            h,
            systemActor(),
            setup,
            opts.replace ? { replace: String(setup.code ?? '') } : {},
          );
          process.stdout.write(`Project ${p.code} ${opts.replace ? 'updated' : 'set up'}: ${p.name}.\n`);
          return EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
  project
    .command('template')
    .description('write the set-up workbook (.xlsx) with an example to overwrite, for `project import`')
    .requiredOption('--out <file>', 'where to write it')
    .action(
      action(async (opts: { out: string }) => {
        writeFileSync(opts.out, await projectTemplate());
        process.stdout.write(`Template written to ${opts.out}.\n`);
        return EXIT.ok;
      }),
    );
  project
    .command('spending <file>')
    .description(
      'record spending from a CSV with the columns member,line,period,amount (and currency,rate for another currency); bad rows are named, the rest recorded',
    )
    .requiredOption('--project <code>', 'the project')
    .option('--json', 'print {recorded, rejected, errors[]} as JSON')
    .action(
      action(async (file: string, opts: { project: string; json?: boolean }, cmd: Command) => {
        const text = await readText(file);
        const h = await ctx.open(cmd);
        try {
          const r = await importSpending(h, systemActor(), opts.project, text);
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else {
            process.stdout.write(`Recorded ${r.recorded} row(s); rejected ${r.rejected}.\n`);
            for (const e of r.errors)
              process.stderr.write(`row ${e.row}, ${e.field} "${e.value}": ${e.message}\n`);
          }
          return r.rejected ? EXIT.user : EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
  project
    .command('report')
    .description(
      'the project report: budget against spending by member and line, results against targets, the report calendar (JSON; XLSX for finance officers; PDF for the donor)',
    )
    .requiredOption('--project <code>', 'the project')
    .option('--as-of <date>', 'the day to read it on (YYYY-MM-DD; default today)')
    .option(
      '--period <period>',
      'read it as of the last day of this period (2026Q1, 202603, 2026), or today if earlier',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'xlsx', 'pdf']).default('json'),
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      action(
        async (
          opts: {
            project: string;
            asOf?: string;
            period?: string;
            format: 'json' | 'xlsx' | 'pdf';
            out?: string;
          },
          cmd: Command,
        ) => {
          if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
            throw new UsageError(`--as-of takes a date as YYYY-MM-DD (got "${opts.asOf}")`);
          if (opts.format !== 'json' && !opts.out && process.stdout.isTTY)
            throw new UsageError(`--format ${opts.format} is binary: give --out <file>`);
          const h = await ctx.open(cmd);
          try {
            const { body } = await projectReportFile(h, systemActor(), opts.project, {
              format: opts.format,
              ...(opts.asOf ? { asOf: opts.asOf } : {}),
              ...(opts.period ? { period: opts.period } : {}),
            });
            if (opts.out) writeFileSync(opts.out, body);
            else process.stdout.write(body);
            return EXIT.ok;
          } finally {
            await h.close();
          }
        },
      ),
    );
}
