/**
 * What every projection of contacts shares. A projection is a table (or two) derived from the
 * active contacts — dates, clinical events, referrals, rollups, HIV milestones, OST episodes, stock
 * handed out — that reports read instead of the contacts. Each keeps three ways of changing it side
 * by side in its own module, and the test beside them holds that they agree:
 * - `add`: new active contacts, incrementally, inside every write (the hot path of import and sync);
 * - `remove`: one contact that left the record (void, or superseded by a correction);
 * - `rebuild`: everything it holds for some clients, recomputed from their active contacts (the truth
 *   the other two must reach).
 */

import type { ClinicalEvent, ContactItem, ContactSummary } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../store/database.js';
import type { ContactTable, Database } from '../../store/schema.js';
import type { Writes } from '../../store/sql-helpers.js';
import type { StockTally } from './stock-tally.js';

export type Db = Kysely<Database>;

/** A contact entering the record, as every source (console, API, import, sync, demo) gives it. */
export interface NewContact {
  id: string;
  orgId: string;
  clientId: string;
  siteId: string;
  date: string;
  time: string | null;
  placeType: string;
  workerId: string | null;
  workerCode: string | null;
  items: ContactItem[];
  source: 'console' | 'api' | 'import' | 'sync' | 'demo';
  externalId: string | null;
  supersedesId: string | null;
  deviceId: string | null;
  createdBy: string | null;
}

export interface WriterContext {
  dialect: DialectName;
  now: () => Date;
  /** Referral follow-up interval per organisation (read with the caller's transaction). */
  followUpDays: (db: Kysely<Database>, orgId: string) => Promise<number>;
  /** Days without a dose that end an OST episode, per organisation (core ost.ts). */
  ostLostAfterDays: (db: Kysely<Database>, orgId: string) => Promise<number>;
  /**
   * Set while a register is bulk-loaded into a new installation: stock handed out is tallied here and
   * written at the end of the import (stock-tally.ts), not row by row.
   */
  stockTally?: StockTally;
}

/** A batch of contacts just inserted, with what was derived from each once for every projection. */
export interface Batch {
  contacts: readonly NewContact[];
  /** Each contact's summary (its row's quantities and flags), in the same order. */
  summaries: readonly ContactSummary[];
  /** Each contact's clinical events, in the same order. */
  events: readonly (readonly ClinicalEvent[])[];
  /** When the batch was written (ISO). */
  at: string;
}

/** A contact that has just left the record, and the kinds of clinical events it had carried. */
export interface Departure {
  contact: ContactTable;
  kinds: ReadonlySet<string>;
}

export interface Step {
  trx: Db;
  ctx: WriterContext;
  /**
   * Where `add` puts its statements: on PostgreSQL they travel together at the end of the batch, so
   * an `add` must not read what another `add` wrote unless it flushes first. `remove` and `rebuild`
   * run their statements directly (each may read what the one before it wrote).
   */
  writes: Writes;
}

export interface Projection {
  /**
   * The tables this projection keeps — of `clients` only the contact dates, of `client_sites` the
   * dates (enrolment adds a client's site without them); nothing else writes the rest.
   */
  readonly tables: readonly (keyof Database)[];
  add(step: Step, batch: Batch): Promise<void>;
  remove(step: Step, departure: Departure): Promise<void>;
  rebuild(step: Step, clientIds: readonly string[]): Promise<void>;
}
