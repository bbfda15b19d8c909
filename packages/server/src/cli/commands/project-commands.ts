/** project import, project spending, project report: consortium projects from the command line. */

import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { systemActor } from '../../identity/actor.js';
import { projectToXlsx } from '../../projects/project-exports.js';
import { importSpending, projectDashboard, saveProject } from '../../projects/project-service.js';
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
      'set a project up from a JSON file (code, name, donor, keeper, currency, start, end, totalBudget, lines?, members [{code, budget {line: amount}}]; docs/projects.md); "-" reads standard input',
    )
    .option('--replace', "replace the set-up of the project with the file's code")
    .action(
      action(async (file: string, opts: { replace?: boolean }, cmd: Command) => {
        let json: { code?: unknown };
        try {
          json = JSON.parse(await readText(file));
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`${file} is not valid JSON`);
        }
        const h = await ctx.open(cmd);
        try {
          const p = await saveProject(
            h,
            systemActor(),
            json,
            opts.replace ? { replace: String(json.code ?? '') } : {},
          );
          process.stdout.write(`Project ${p.code} ${opts.replace ? 'updated' : 'set up'}: ${p.name}.\n`);
          return EXIT.ok;
        } finally {
          await h.close();
        }
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
    .description('budget against spending by member and line (JSON, or XLSX for finance officers)')
    .requiredOption('--project <code>', 'the project')
    .option('--as-of <date>', 'the day to read it on (YYYY-MM-DD; default today)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'xlsx']).default('json'))
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      action(
        async (
          opts: { project: string; asOf?: string; format: 'json' | 'xlsx'; out?: string },
          cmd: Command,
        ) => {
          if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
            throw new UsageError(`--as-of takes a date as YYYY-MM-DD (got "${opts.asOf}")`);
          if (opts.format === 'xlsx' && !opts.out && process.stdout.isTTY)
            throw new UsageError('--format xlsx is binary: give --out <file>');
          const h = await ctx.open(cmd);
          try {
            const d = await projectDashboard(h, systemActor(), opts.project, opts.asOf);
            const body = opts.format === 'xlsx' ? await projectToXlsx(d) : `${JSON.stringify(d, null, 2)}\n`;
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
