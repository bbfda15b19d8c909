/** backup and restore: encrypted with a passphrase, consistent while the server runs. */

import { existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ANCHOR_FILE } from '../../audit/anchors.js';
import { backupDatabase, restoreDatabase } from '../../backup/backup.js';
import { checkKeysWritable, loadKeys, writeKeys } from '../../keys/key-files.js';
import { openStore } from '../../store/database.js';
import { checkMigrations } from '../../store/migration.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { promptSecret, UsageError } from '../io.js';
import { action, type CliContext } from '../main.js';

async function passphrase(confirm: boolean): Promise<string> {
  let p = process.env.HARBOUR_BACKUP_PASSPHRASE;
  if (!p) {
    p = await promptSecret('Backup passphrase: ');
    if (confirm && process.stdin.isTTY && (await promptSecret('Again: ')) !== p)
      throw new UsageError('The two passphrases differ');
  }
  if (p.length < 12)
    throw new UsageError(
      'The passphrase needs at least 12 characters (HARBOUR_BACKUP_PASSPHRASE, --passphrase-stdin or the prompt)',
    );
  return p;
}

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  program
    .command('backup <file>')
    .description(
      'write an encrypted, consistent backup of the database and keys (the server may keep running)',
    )
    .option(
      '--passphrase-stdin',
      'read the passphrase from standard input (or set HARBOUR_BACKUP_PASSPHRASE)',
    )
    .option('--without-keys', 'leave the key files out (keep them safe separately)')
    .action(
      action(
        async (file: string, opts: { passphraseStdin?: boolean; withoutKeys?: boolean }, cmd: Command) => {
          const config = ctx.config(cmd);
          const pass = await passphrase(true);
          const keys = opts.withoutKeys ? null : loadKeys(config.dataDir);
          const store = openStore(config.databaseUrl);
          try {
            await checkMigrations(store.db, store.dialect, MIGRATIONS);
            const r = await backupDatabase(store, keys, file, pass, {
              onTable: (t, n) => void process.stderr.write(`  ${t}: ${n} rows\n`),
            });
            const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
            process.stdout.write(
              `Backup written to ${file} (${rows} rows, ${statSync(file).size} bytes, ${keys ? 'with' : 'without'} keys).\n`,
            );
          } finally {
            await store.close();
          }
        },
      ),
    );

  program
    .command('restore <file>')
    .description('restore a backup into an empty database (and its keys into the data dir)')
    .option(
      '--passphrase-stdin',
      'read the passphrase from standard input (or set HARBOUR_BACKUP_PASSPHRASE)',
    )
    .option('--replace', 'wipe the target database first')
    .option('--overwrite-keys', 'replace different key files in the data dir with the backup’s')
    .action(
      action(
        async (
          file: string,
          opts: { passphraseStdin?: boolean; replace?: boolean; overwriteKeys?: boolean },
          cmd: Command,
        ) => {
          const config = ctx.config(cmd);
          const pass = await passphrase(false);
          const r = await restoreDatabase(config.databaseUrl, file, pass, {
            replace: opts.replace ?? false,
            // Refuse before touching the database when the backup's keys would clash with the ones here.
            beforeRestore: (keys) => {
              if (keys) checkKeysWritable(config.dataDir, keys, opts.overwriteKeys ?? false);
            },
            onTable: (t, n) => process.stderr.write(`  ${t}: ${n} rows\n`),
          });
          if (r.keys) writeKeys(config.dataDir, r.keys, opts.overwriteKeys ?? false);
          // The anchors witnessed the database that was here; the restored one may rightly be older.
          const anchors = join(config.dataDir, ANCHOR_FILE);
          const keptAnchors = existsSync(anchors)
            ? join(config.dataDir, `audit-anchors.before-restore-${Date.now()}.log`)
            : null;
          if (keptAnchors) renameSync(anchors, keptAnchors);
          const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
          process.stdout.write(
            `Restored ${rows} rows into ${config.databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}${r.keys ? `; keys written to ${config.dataDir}` : '; the backup had no keys — put the original key files in the data dir'}.${r.migratedAfter.length ? ` Then applied ${r.migratedAfter.join(', ')}.` : ''}${r.nulReplaced ? ` ${r.nulReplaced} text values held a NUL character, which PostgreSQL cannot store: each became U+FFFD.` : ''}${keptAnchors ? ` The audit anchors of the database that was here were moved to ${keptAnchors}.` : ''}\n`,
          );
        },
      ),
    );
}
