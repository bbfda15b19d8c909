/** Opens everything a Harbour process needs — keys, store, audit, data keys — in one checked place. */

import type { Kysely } from 'kysely';
import { AuditAnchors } from './audit/anchors.js';
import { AuditLog } from './audit/audit-log.js';
import type { Config } from './config.js';
import { DataKeys } from './crypto/data-keys.js';
import { UicKeys } from './crypto/uic-hasher.js';
import { ensureKeys, type Keys, loadKeys } from './keys/key-files.js';
import { rederiveAllOstEpisodes } from './ost/ost-episodes.js';
import { type DialectName, openStore, type Store } from './store/database.js';
import { checkMigrations, MigrationError, migrate } from './store/migration.js';
import { ostPrescriptions } from './store/migrations/0016-ost-prescriptions.js';
import { MIGRATIONS } from './store/migrations/index.js';
import type { Database } from './store/schema.js';
import { type PushQueueOf, pushQueueFor } from './sync/push.js';

/** What domain services use: the database, the audit log, encryption, and the clock. */
export interface Services {
  db: Kysely<Database>;
  /** Reports read through this (worker-thread readers on SQLite); `db` when absent. */
  reportDb?: Kysely<Database>;
  dialect: DialectName;
  audit: AuditLog;
  dataKeys: DataKeys;
  keys: Keys;
  uic: UicKeys;
  now: () => Date;
}

export interface Harbour extends Services {
  config: Config;
  store: Store;
  /** Witnesses of the audit chains in the data directory (audit/anchors.ts). */
  anchors: AuditAnchors;
  /** Where phones' pushes wait to be written, several to a transaction (sync/push-queue.ts). */
  pushQueue: PushQueueOf;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Create keys and apply migrations (what `harbour init` does). Otherwise pending migrations are refused. */
  initialise?: boolean;
  now?: () => Date;
  poolSize?: number;
}

export async function openHarbour(
  config: Config,
  options: OpenOptions = {},
): Promise<Harbour & { migrated: string[] }> {
  if (options.initialise) ensureKeys(config.dataDir);
  const keys = loadKeys(config.dataDir);
  const store = openStore(config.databaseUrl, options.poolSize ? { poolSize: options.poolSize } : {});
  const now = options.now ?? (() => new Date());
  let migrated: string[] = [];
  try {
    if (options.initialise) {
      migrated = (await migrate(store.db, store.dialect, MIGRATIONS, now)).applied;
      // Episodes stored before the lost-to-treatment rule are derived again under it, once.
      if (migrated.includes(ostPrescriptions.name)) await rederiveAllOstEpisodes(store.db, store.dialect);
    } else {
      const { pending } = await checkMigrations(store.db, store.dialect, MIGRATIONS);
      if (pending.length > 0) {
        throw new MigrationError(
          `The database needs ${pending.length} migration(s) (${pending.map((p) => p.name).join(', ')}). Run "harbour init" to create or upgrade it.`,
        );
      }
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  const anchors = new AuditAnchors(keys.master, config.dataDir);
  const harbour = {
    config,
    store,
    anchors,
    db: store.db,
    reportDb: store.reportDb,
    dialect: store.dialect,
    keys,
    audit: new AuditLog(keys.master, store.dialect, now),
    dataKeys: new DataKeys(store.db, keys.master, now),
    uic: new UicKeys(keys.uic, store.db),
    now,
    migrated,
    // Every process that wrote to the log leaves its chains' heads behind as anchors when it ends.
    close: async () => {
      // Best effort here (a damaged database must still close); the server anchors on a timer too.
      await anchors.write(store.db, now()).catch(() => 0);
      await store.close();
    },
  };
  return Object.assign(harbour, { pushQueue: pushQueueFor(harbour, config.syncBatchesAtOnce) });
}
