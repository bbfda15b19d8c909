/** The append-only audit log: one HMAC chain per organisation, so a changed or removed entry shows. */

import type { AuditAction } from '@harbour/core';
import type { Kysely, Transaction } from 'kysely';
import { deriveKey, hmacHex } from '../crypto/envelope.js';
import type { Actor } from '../identity/actor.js';
import type { DialectName } from '../store/database.js';
import { executeKept } from '../store/named-statements.js';
import type { AuditLogTable, Database } from '../store/schema.js';
import { insertsWithUpdate } from '../store/sql-helpers.js';
import type { AuditAnchors } from './anchors.js';

/** Facts about an action: ids, counts, field names. Never a UIC, name, phone number or narrative. */
export type AuditDetails = Record<string, string | number | boolean | null | string[] | number[]>;

export interface AuditEntry {
  actorId: string | null;
  /** Username, or `system`, `cli`, `import`… for non-human actors. */
  actor: string;
  /** Verb in past tense with a noun: `org_unit.created`, `client.read`, `user.disabled` (core's list). */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  orgUnitId?: string | null;
  /** The organisation whose chain holds the entry; null for installation-level events. */
  orgId?: string | null;
  details?: AuditDetails;
}

/** An entry whose actor `record` fills in. */
export type ActorEntry = Omit<AuditEntry, 'actorId' | 'actor'>;

export const GENESIS = '0'.repeat(64);
const SYSTEM_CHAIN = 'system';

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function entryText(e: Omit<AuditLogTable, 'hash'>): string {
  return canonical({
    chain: e.chain,
    seq: e.seq,
    at: e.at,
    actor_id: e.actor_id,
    actor: e.actor,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    org_unit_id: e.org_unit_id,
    details: e.details,
    prev_hash: e.prev_hash,
  });
}

export class AuditLog {
  private readonly key: Buffer;
  constructor(
    master: Buffer,
    private readonly dialect: DialectName,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Keyed, so someone with write access to the database cannot recompute a forged chain.
    this.key = deriveKey(master, 'audit-chain');
  }

  /** Appends what an actor did (who they are filled in), inside the caller's transaction. */
  async record(
    trx: Transaction<Database> | Kysely<Database>,
    by: Actor,
    entries: ActorEntry | ActorEntry[],
  ): Promise<void> {
    const who = { actorId: by.userId, actor: by.label };
    await this.append(
      trx,
      Array.isArray(entries) ? entries.map((e) => ({ ...who, ...e })) : { ...who, ...entries },
    );
  }

  /** Appends entries inside the caller's transaction: the audit row commits with the change it records, or neither does. */
  async append(
    trx: Transaction<Database> | Kysely<Database>,
    entries: AuditEntry | AuditEntry[],
  ): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    const byChain = new Map<string, AuditEntry[]>();
    for (const e of list) {
      const chain = e.orgId ?? SYSTEM_CHAIN;
      byChain.set(chain, [...(byChain.get(chain) ?? []), e]);
    }
    for (const [chain, chainEntries] of byChain) {
      let head = await this.lockHead(trx, chain);
      const rows: AuditLogTable[] = [];
      const at = this.now().toISOString();
      for (const e of chainEntries) {
        const base = {
          chain,
          seq: head.seq + 1,
          at,
          actor_id: e.actorId,
          actor: e.actor,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId ?? null,
          org_unit_id: e.orgUnitId ?? null,
          details: canonical(e.details ?? {}),
          prev_hash: head.hash,
        };
        const hash = hmacHex(this.key, entryText(base));
        rows.push({ ...base, hash });
        head = { seq: base.seq, hash };
      }
      const head_ = { seq: head.seq, head_hash: head.hash };
      if (insertsWithUpdate(this.dialect) && rows.length <= 500) {
        // One round trip: the chain's row stays locked until commit, and every other writer to this
        // organisation waits for it — the fewer round trips while it is held, the more contacts a second.
        const append = trx
          .with('appended', (db) => db.insertInto('audit_log').values(rows))
          .updateTable('audit_chains')
          .set(head_)
          .where('chain', '=', chain);
        // A request's one or two entries are the shapes that recur: kept prepared.
        if (rows.length <= 2) await executeKept(trx, append);
        else await append.execute();
        continue;
      }
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('audit_log')
          .values(rows.slice(i, i + 500))
          .execute();
      await trx.updateTable('audit_chains').set(head_).where('chain', '=', chain).execute();
    }
  }

  /**
   * Creates the chain if need be and reads its head, in one statement. On PostgreSQL the upsert also
   * locks the row until commit: concurrent writers to one chain take turns (SQLite already serialises
   * writers).
   */
  private async lockHead(trx: Kysely<Database>, chain: string): Promise<{ seq: number; hash: string }> {
    const [row] = await executeKept(
      trx,
      trx
        .insertInto('audit_chains')
        .values({ chain, seq: 0, head_hash: GENESIS })
        .onConflict((oc) => oc.column('chain').doUpdateSet({ chain }))
        .returning(['seq', 'head_hash']),
    );
    if (!row) throw new Error(`audit chain ${chain}: no head`);
    return { seq: Number(row.seq), hash: row.head_hash };
  }

  /**
   * Walks every chain and reports the first problem in each: an entry whose content no longer
   * matches its hash, a missing sequence number, a broken link, or a head that does not match.
   */
  async verify(
    db: Kysely<Database>,
    options: { anchors?: AuditAnchors; exportedAnchors?: string } = {},
  ): Promise<AuditVerification> {
    const chains = await db.selectFrom('audit_chains').selectAll().orderBy('chain').execute();
    const problems: AuditProblem[] = [];
    let entries = 0;
    const seenChains = new Set<string>();
    for (const c of chains) {
      seenChains.add(c.chain);
      let expectedSeq = 1;
      let prev = GENESIS;
      let lastSeq = 0;
      let broken = false;
      const pageSize = 5000;
      for (let from = 0; !broken; ) {
        const page = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('chain', '=', c.chain)
          .where('seq', '>', from)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
        for (const row of page) {
          entries++;
          if (row.seq !== expectedSeq) {
            problems.push({
              chain: c.chain,
              seq: expectedSeq,
              problem: `entries ${expectedSeq}–${row.seq - 1} are missing`,
            });
            broken = true;
            break;
          }
          if (row.prev_hash !== prev) {
            problems.push({ chain: c.chain, seq: row.seq, problem: 'link to the previous entry is broken' });
            broken = true;
            break;
          }
          const { hash, ...rest } = row;
          if (hmacHex(this.key, entryText(rest)) !== hash) {
            problems.push({
              chain: c.chain,
              seq: row.seq,
              problem: 'entry was changed after it was written',
            });
            broken = true;
            break;
          }
          prev = hash;
          lastSeq = row.seq;
          expectedSeq++;
        }
        if (page.length < pageSize) break;
        from = page.at(-1)!.seq;
      }
      if (!broken && (lastSeq !== c.seq || prev !== c.head_hash)) {
        problems.push({
          chain: c.chain,
          seq: lastSeq + 1,
          problem: `chain ends at entry ${lastSeq} but its head records entry ${c.seq}: entries were removed from the end`,
        });
      }
    }
    const orphan = await db.selectFrom('audit_log').select('chain').distinct().execute();
    for (const o of orphan) {
      if (!seenChains.has(o.chain))
        problems.push({ chain: o.chain, seq: 0, problem: 'chain has entries but no head' });
    }
    // Every organisation's creation is its chain's first entry: an organisation without a chain had it
    // deleted whole.
    const organisations = await db
      .selectFrom('org_units')
      .select(['id', 'code'])
      .whereRef('id', '=', 'org_id')
      .execute();
    for (const o of organisations)
      if (!seenChains.has(o.id))
        problems.push({
          chain: o.id,
          seq: 0,
          problem: `organisation ${o.code} has no audit chain: it was removed`,
        });
    if (options.anchors) {
      problems.push(...(await options.anchors.check(db)));
      if (options.exportedAnchors !== undefined)
        problems.push(...(await options.anchors.check(db, options.exportedAnchors)));
    }
    return {
      ok: problems.length === 0,
      chains: chains.length,
      entries,
      problems,
      anchored: options.anchors !== undefined,
    };
  }
}

export interface AuditProblem {
  chain: string;
  seq: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
  /** Whether the chains were also checked against the anchors kept outside the database. */
  anchored: boolean;
}
