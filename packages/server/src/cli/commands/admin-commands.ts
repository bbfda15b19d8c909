/** org, user, audit and uic commands. */

import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { ROLES, type Role } from '@harbour/core';
import { type Command, Option } from 'commander';
import { type RekeyStatus, rekeyStatus, startRekey } from '../../crypto/uic-rekey.js';
import { systemActor } from '../../identity/actor.js';
import { createUser, findUserIdByUsername, listUsers, setUserDisabled } from '../../identity/users.js';
import { importBoundaries } from '../../org/boundaries.js';
import { findUnitByCode, importOrgUnits, listOrgUnits, setOrgUnitCountry } from '../../org/org-units.js';
import { getProgrammeSettings, putProgrammeSettings } from '../../programme/programme-settings.js';
import { EXIT, printTable, readStdin, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

export function registerAdminCommands(program: Command, ctx: CliContext): void {
  const org = program.command('org').description('the organisation tree');
  org
    .command('import <file>')
    .description('import org units from CSV with columns code,name,parent (parent empty for a root)')
    .option('--dry-run', 'report what would change without changing anything')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (file: string, opts: { dryRun?: boolean; json?: boolean }, cmd: Command) => {
        const text = file === '-' ? await readStdin() : readFileOrFail(file);
        const h = await ctx.open(cmd);
        try {
          const r = await importOrgUnits(h, systemActor(), text, { dryRun: opts.dryRun ?? false });
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else {
            process.stdout.write(
              `${opts.dryRun ? 'Would create' : 'Created'} ${r.created}, renamed ${r.renamed}, moved ${r.moved}, countries set ${r.countries}, unchanged ${r.unchanged}, rejected ${r.errors.length} row(s).\n`,
            );
            for (const e of r.errors)
              process.stderr.write(
                `row ${e.row}, ${e.column}${e.value ? ` "${e.value}"` : ''}: ${e.message}\n`,
              );
          }
          return r.errors.length ? EXIT.user : EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
  org
    .command('boundaries <file>')
    .description(
      'load org-unit boundaries for the coverage map from GeoJSON (Polygon/MultiPolygon, org unit code in properties.code)',
    )
    .option('--json', 'print the result as JSON')
    .action(
      action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
        const text = file === '-' ? await readStdin() : readFileOrFail(file);
        let geojson: unknown;
        try {
          geojson = JSON.parse(text);
        } catch (e) {
          throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
        }
        const h = await ctx.open(cmd);
        try {
          const r = await importBoundaries(h, systemActor(), geojson);
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else {
            process.stdout.write(`Saved ${r.saved} boundary(ies), rejected ${r.errors.length}.\n`);
            for (const e of r.errors)
              process.stderr.write(`${e.field}${e.value ? ` "${e.value}"` : ''}: ${e.message}\n`);
          }
          return r.errors.length ? EXIT.user : EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
  org
    .command('list')
    .description('list org units')
    .option('--json', 'print as JSON')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const units = await listOrgUnits(h, systemActor());
          const byId = new Map(units.map((u) => [u.id, u]));
          const rows = units.map((u) => ({
            code: u.code,
            name: u.name,
            level: u.levelName,
            parent: u.parentId ? (byId.get(u.parentId)?.code ?? '') : '',
            country: u.country ?? '',
          }));
          if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          else printTable(rows, ['code', 'name', 'level', 'parent', 'country']);
        } finally {
          await h.close();
        }
      }),
    );

  org
    .command('country <code> <iso>')
    .description('mark an org unit as a country (ISO 3166-1 alpha-2, e.g. UA), or "-" to clear it')
    .action(
      action(async (code: string, iso: string, _opts: unknown, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const unit = await findUnitByCode(h.db, code);
          if (!unit) throw new UsageError(`No org unit has code "${code}"`);
          const done = await setOrgUnitCountry(
            h,
            systemActor(),
            unit.id,
            iso === '-' ? null : iso.toUpperCase(),
          );
          process.stdout.write(`${done.code}: country ${done.country ?? '(none)'}\n`);
        } finally {
          await h.close();
        }
      }),
    );

  const programme = program
    .command('programme')
    .description("an organisation's programme settings: UIC scheme, alias, follow-up days, extra items");
  programme
    .command('show')
    .description('print the settings as JSON')
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .action(
      action(async (opts: { org: string }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const view = await getProgrammeSettings(h, systemActor(), opts.org);
          process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        } finally {
          await h.close();
        }
      }),
    );
  programme
    .command('set')
    .description('change settings (only those given)')
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .option(
      '--uic-scheme <preset|file.json>',
      'pasmo, slk581, parents-initials, or a JSON file with a template',
    )
    .option('--alias <on|off>', 'keep an optional alias (encrypted) for each client')
    .option(
      '--history-sharing <on|off>',
      "show staff a client's contacts at sites outside their part of the tree (off: only their own sites')",
    )
    .option('--referral-follow-up-days <n>', 'days after which an open referral is overdue')
    .option(
      '--ost-missed-after-days <n>',
      'days without a dose after which an OST client is listed as missing',
    )
    .option(
      '--ost-lost-after-days <n>',
      'days (2–365) without a dose that end an OST episode as lost to treatment (default 30)',
    )
    .option('--pin-attempts-before-wipe <n>', 'wrong PINs (3–20) after which an outreach phone erases itself')
    .option('--idle-lock-minutes <n>', 'minutes (1–30) without a touch after which an outreach phone locks')
    .option(
      '--catalogue-extra <file.json>',
      'a JSON array of extra items: {"code","kind","label","maxQuantity"}',
    )
    .action(
      action(
        async (
          opts: {
            org: string;
            uicScheme?: string;
            alias?: string;
            historySharing?: string;
            referralFollowUpDays?: string;
            ostMissedAfterDays?: string;
            ostLostAfterDays?: string;
            pinAttemptsBeforeWipe?: string;
            idleLockMinutes?: string;
            catalogueExtra?: string;
          },
          cmd: Command,
        ) => {
          const json = (file: string) => {
            try {
              return JSON.parse(readFileOrFail(file)) as unknown;
            } catch (e) {
              if (e instanceof UsageError) throw e;
              throw new UsageError(`${file} is not valid JSON`);
            }
          };
          const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
          if (opts.alias !== undefined && !['on', 'off'].includes(opts.alias))
            throw new UsageError('--alias takes on or off');
          if (opts.historySharing !== undefined && !['on', 'off'].includes(opts.historySharing))
            throw new UsageError('--history-sharing takes on or off');
          const input = {
            ...(opts.uicScheme === undefined
              ? {}
              : { uicScheme: /\.json$/i.test(opts.uicScheme) ? json(opts.uicScheme) : opts.uicScheme }),
            ...(opts.alias === undefined ? {} : { aliasEnabled: opts.alias === 'on' }),
            ...(opts.historySharing === undefined ? {} : { historySharing: opts.historySharing === 'on' }),
            ...(opts.referralFollowUpDays === undefined
              ? {}
              : { referralFollowUpDays: number(opts.referralFollowUpDays) }),
            ...(opts.ostMissedAfterDays === undefined
              ? {}
              : { ostMissedAfterDays: number(opts.ostMissedAfterDays) }),
            ...(opts.ostLostAfterDays === undefined
              ? {}
              : { ostLostAfterDays: number(opts.ostLostAfterDays) }),
            ...(opts.pinAttemptsBeforeWipe === undefined
              ? {}
              : { pinAttemptsBeforeWipe: number(opts.pinAttemptsBeforeWipe) }),
            ...(opts.idleLockMinutes === undefined ? {} : { idleLockMinutes: number(opts.idleLockMinutes) }),
            ...(opts.catalogueExtra === undefined ? {} : { catalogueExtra: json(opts.catalogueExtra) }),
          };
          if (Object.keys(input).length === 0) throw new UsageError('Give at least one setting to change');
          const h = await ctx.open(cmd);
          try {
            const view = await putProgrammeSettings(h, systemActor(), opts.org, input);
            process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
          } finally {
            await h.close();
          }
        },
      ),
    );

  const user = program.command('user').description('people who sign in to Harbour');
  user
    .command('add')
    .description('create a user with a role on an org unit (a password is generated unless --password-stdin)')
    .requiredOption('--username <name>', 'sign-in name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .requiredOption('--org <code>', 'org unit code where the role applies (and below)')
    .option('--display-name <name>', 'name shown in the console')
    .option('--staff-code <code>', 'staff code used in registers')
    .option('--locale <locale>', 'language: en, ru, ar, fr, hi, id', 'en')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      action(
        async (
          opts: {
            username: string;
            role: Role;
            org: string;
            displayName?: string;
            staffCode?: string;
            locale: string;
            passwordStdin?: boolean;
          },
          cmd: Command,
        ) => {
          const password = opts.passwordStdin
            ? (await readStdin()).split(/\r?\n/)[0]!
            : randomBytes(12).toString('base64url');
          const h = await ctx.open(cmd);
          try {
            const u = await createUser(h, systemActor(), {
              username: opts.username,
              displayName: opts.displayName ?? opts.username,
              password,
              locale: opts.locale as 'en',
              staffCode: opts.staffCode ?? null,
              grants: [{ role: opts.role, orgUnitCode: opts.org }],
            });
            process.stdout.write(`Created user ${u.username} (${opts.role} on ${opts.org}).\n`);
            if (!opts.passwordStdin) process.stdout.write(`Password (shown once): ${password}\n`);
          } finally {
            await h.close();
          }
        },
      ),
    );
  user
    .command('list')
    .description('list users and their roles')
    .option('--json', 'print as JSON')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const users = await listUsers(h, systemActor());
          if (opts.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          else
            printTable(
              users.map((u) => ({
                username: u.username,
                roles: u.grants.map((g) => `${g.role}@${g.orgUnitCode}`).join(' '),
                totp: u.totpEnabled ? 'yes' : 'no',
                status: u.disabled ? 'disabled' : 'active',
              })),
              ['username', 'roles', 'totp', 'status'],
            );
        } finally {
          await h.close();
        }
      }),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'disable a user and end their sessions' : 'enable a disabled user')
      .action(
        action(async (username: string, _opts, cmd: Command) => {
          const h = await ctx.open(cmd);
          try {
            const id = await findUserIdByUsername(h.db, username);
            if (!id) throw new UsageError(`No user is called "${username}"`);
            await setUserDisabled(h, systemActor(), id, disabled);
            process.stdout.write(
              `User ${username} is ${disabled ? 'disabled; their sessions have ended' : 'enabled'}.\n`,
            );
          } finally {
            await h.close();
          }
        }),
      );
  }

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'check every audit chain, and the anchors kept in the data dir; exit 1 if an entry was changed or removed',
    )
    .option('--json', 'print the result as JSON')
    .option('--anchors <file>', 'also check against anchors exported earlier with "audit anchor --out"')
    .action(
      action(async (opts: { json?: boolean; anchors?: string }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const exportedAnchors = opts.anchors ? readFileOrFail(opts.anchors) : undefined;
          const r = await h.audit.verify(h.db, { anchors: h.anchors, exportedAnchors });
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else if (r.ok)
            process.stdout.write(`Audit log intact: ${r.entries} entries in ${r.chains} chain(s).\n`);
          else {
            process.stdout.write(
              `Audit log TAMPERED: ${r.problems.length} problem(s) in ${r.entries} entries checked.\n`,
            );
            for (const p of r.problems)
              process.stdout.write(`  chain ${p.chain}, entry ${p.seq}: ${p.problem}\n`);
          }
          return r.ok ? EXIT.ok : EXIT.user;
        } finally {
          await h.close();
        }
      }),
    );
  audit
    .command('anchor')
    .description(
      'anchor every chain now; with --out, also write the anchors to a file to keep off this server',
    )
    .option('--out <file>', 'copy the whole anchor file here (e.g. on removable media or another host)')
    .action(
      action(async (opts: { out?: string }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const n = await h.anchors.write(h.db, h.now());
          if (opts.out && existsSync(h.anchors.file)) copyFileSync(h.anchors.file, opts.out);
          process.stdout.write(
            `Anchored ${n} chain(s) in ${h.anchors.file}${opts.out ? `; copied to ${opts.out}` : ''}.\n`,
          );
          return EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );

  const uic = program.command('uic').description("clients' codes and the keys they are hashed with");
  const orgIdOf = async (h: Awaited<ReturnType<CliContext['open']>>, code: string) => {
    const unit = await findUnitByCode(h.db, code);
    if (!unit) throw new UsageError(`--org: no unit has the code ${code}`);
    if (!unit.org_id) throw new UsageError(`--org: ${code} is above any organisation; give an organisation`);
    return unit.org_id;
  };
  const printStatus = (code: string, r: RekeyStatus) =>
    process.stdout.write(
      r.scheme === 'organisation'
        ? `${code}: codes hashed with the organisation's own key.\n`
        : r.scheme === 'installation'
          ? `${code}: codes hashed with the installation's key, shared with other organisations created before keys per organisation (start the move with "harbour uic rekey --org ${code}").\n`
          : `${code}: moving to its own key since ${r.startedAt}: ${r.clients - r.pending} of ${r.clients} clients re-keyed (the others are re-keyed when their code next arrives); ${r.phonesWithOldKey} phone(s) enrolled before the start still hold the installation's key — enrol them again.\n`,
    );
  uic
    .command('rekey')
    .description(
      'move an organisation created before keys per organisation onto its own key: its phones and new hashes take it now, each client when their code next arrives',
    )
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .action(
      action(async (opts: { org: string }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          printStatus(opts.org, await startRekey(h, systemActor(), await orgIdOf(h, opts.org)));
          return EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
  uic
    .command('status')
    .description("which key an organisation's codes are hashed with, and how far a move has come")
    .requiredOption('--org <code>', 'the organisation (or a unit inside it)')
    .option('--json', 'print the status as JSON')
    .action(
      action(async (opts: { org: string; json?: boolean }, cmd: Command) => {
        const h = await ctx.open(cmd);
        try {
          const r = await rekeyStatus(h, await orgIdOf(h, opts.org));
          if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else printStatus(opts.org, r);
          return EXIT.ok;
        } finally {
          await h.close();
        }
      }),
    );
}

function readFileOrFail(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the file ${file}`);
  }
}
