/** advocacy import, advocacy profile: country evidence from the command line. */

import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { importFigures } from '../../advocacy/advocacy-service.js';
import { PROFILE_FORMATS, type ProfileFormat, profileDocument } from '../../advocacy/profile-document.js';
import { systemActor } from '../../identity/actor.js';
import { EXIT, readStdin, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

export function registerAdvocacyCommands(program: Command, ctx: CliContext): void {
  const advocacy = program.command('advocacy').description('country evidence: figures, profiles and briefs');
  advocacy
    .command('import <file>')
    .description(
      'import country figures from a CSV with the columns country,year,measure,value,unit,source (optional: as_of,lower,upper,url,notes); "-" reads standard input',
    )
    .option('--dry-run', 'check the file and say what would be imported, without saving')
    .option('--json', 'print {imported, updated, unchanged, rejected, errors[]} as JSON')
    .option('--keeper <code>', 'the org unit keeping the evidence (default: the first root of the tree)')
    .action(
      action(
        async (file: string, opts: { dryRun?: boolean; json?: boolean; keeper?: string }, cmd: Command) => {
          let text: string;
          try {
            text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
          } catch {
            throw new UsageError(`Cannot read the file ${file}`);
          }
          const h = await ctx.open(cmd);
          try {
            const r = await importFigures(h, systemActor(), text, {
              dryRun: !!opts.dryRun,
              keeper: opts.keeper ?? null,
            });
            if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
            else {
              const verb = r.dryRun ? 'Would import' : 'Imported';
              process.stdout.write(
                `${verb} ${r.imported} new figure(s), ${r.dryRun ? 'would update' : 'updated'} ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected} row(s).\n`,
              );
              for (const e of r.errors)
                process.stderr.write(`row ${e.row}, ${e.column} "${e.value}": ${e.message}\n`);
            }
            return r.rejected ? EXIT.user : EXIT.ok;
          } finally {
            await h.close();
          }
        },
      ),
    );
  advocacy
    .command('profile')
    .description('a country profile (harbour.country-profile/1 JSON, CSV, XLSX) or its two-page brief (PDF)')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 code, e.g. UA')
    .requiredOption('--year <year>', 'the year the profile describes')
    .addOption(new Option('--format <format>', 'output format').choices([...PROFILE_FORMATS]).default('json'))
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--lang <lang>', 'language of the brief: en, ru or fr', 'en')
    .option('--keeper <code>', 'the org unit keeping the evidence (default: the first root of the tree)')
    .option('--scenario <id>', 'apply a saved what-if scenario')
    .action(
      action(
        async (
          opts: {
            country: string;
            year: string;
            format: ProfileFormat;
            out?: string;
            lang: string;
            keeper?: string;
            scenario?: string;
          },
          cmd: Command,
        ) => {
          const year = Number(opts.year);
          if (!Number.isInteger(year))
            throw new UsageError(`--year takes a year such as 2025 (got "${opts.year}")`);
          if (['xlsx', 'pdf'].includes(opts.format) && !opts.out && process.stdout.isTTY)
            throw new UsageError(`--format ${opts.format} is binary: give --out <file>`);
          const h = await ctx.open(cmd);
          try {
            const out = await profileDocument(
              h,
              systemActor(),
              { country: opts.country, year, keeper: opts.keeper ?? null, scenario: opts.scenario ?? null },
              opts.format,
              opts.lang,
            );
            if (opts.out) {
              writeFileSync(opts.out, out.body);
              process.stderr.write(`Wrote ${opts.out}.\n`);
            } else process.stdout.write(out.body);
          } finally {
            await h.close();
          }
        },
      ),
    );
}
