/**
 * Witnesses of the audit chains kept outside the database: every so often the head of each chain
 * (organisation, entry number, hash) is appended to `audit-anchors.log` in the data directory, each
 * line keyed with the master key. The chains alone prove that no entry was changed and none removed
 * from the middle; they cannot prove that the newest entries were not cut off and the head rewound to
 * an earlier, genuine state, nor that a whole chain was not deleted. An anchor can: the database must
 * still hold the anchored entry, with the anchored hash.
 *
 * Whoever can write the database but not the data directory can therefore remove, unnoticed, at most
 * the entries written since the last anchor (a minute, by default, on a running server).
 */

import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { deriveKey, hmacHex } from '../crypto/envelope.js';
import type { Database } from '../store/schema.js';

export const ANCHOR_FILE = 'audit-anchors.log';

export interface AuditAnchor {
  at: string;
  chain: string;
  seq: number;
  hash: string;
}

export interface AnchorProblem {
  chain: string;
  seq: number;
  problem: string;
}

function anchorText(a: AuditAnchor): string {
  return JSON.stringify([a.at, a.chain, a.seq, a.hash]);
}

export class AuditAnchors {
  private readonly key: Buffer;
  readonly file: string;
  /** The heads last written by this process: a chain is anchored again only once it has moved. */
  private readonly written = new Map<string, number>();

  constructor(master: Buffer, dataDir: string, file = join(dataDir, ANCHOR_FILE)) {
    this.key = deriveKey(master, 'audit-anchor');
    this.file = file;
  }

  /** Appends the current head of every chain that moved since this process last anchored it; returns how many. */
  async write(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
    const heads = await db.selectFrom('audit_chains').select(['chain', 'seq', 'head_hash']).execute();
    const lines: string[] = [];
    for (const h of heads) {
      const seq = Number(h.seq);
      if (seq === 0 || this.written.get(h.chain) === seq) continue;
      const anchor: AuditAnchor = { at: now.toISOString(), chain: h.chain, seq, hash: h.head_hash };
      lines.push(JSON.stringify({ ...anchor, mac: hmacHex(this.key, anchorText(anchor)) }));
    }
    if (lines.length === 0) return 0;
    appendFileSync(this.file, `${lines.join('\n')}\n`, { mode: 0o600 });
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const h of heads) this.written.set(h.chain, Number(h.seq));
    return lines.length;
  }

  /** The latest genuine anchor of each chain, and a problem for every line that is not genuine. */
  read(text?: string): { latest: Map<string, AuditAnchor>; problems: AnchorProblem[] } {
    const latest = new Map<string, AuditAnchor>();
    const problems: AnchorProblem[] = [];
    const content = text ?? (existsSync(this.file) ? readFileSync(this.file, 'utf8') : '');
    for (const [i, line] of content.split('\n').entries()) {
      if (!line.trim()) continue;
      let parsed: (AuditAnchor & { mac?: string }) | null = null;
      try {
        parsed = JSON.parse(line) as AuditAnchor & { mac?: string };
      } catch {
        parsed = null;
      }
      if (
        !parsed ||
        typeof parsed.chain !== 'string' ||
        typeof parsed.seq !== 'number' ||
        hmacHex(this.key, anchorText(parsed)) !== parsed.mac
      ) {
        problems.push({ chain: parsed?.chain ?? '?', seq: 0, problem: `anchor line ${i + 1} was altered` });
        continue;
      }
      const known = latest.get(parsed.chain);
      if (!known || parsed.seq > known.seq)
        latest.set(parsed.chain, { at: parsed.at, chain: parsed.chain, seq: parsed.seq, hash: parsed.hash });
    }
    return { latest, problems };
  }

  /** Checks the database against the anchors: each anchored entry still there, with its hash. */
  async check(db: Kysely<Database>, text?: string): Promise<AnchorProblem[]> {
    const { latest, problems } = this.read(text);
    for (const a of latest.values()) {
      const chain = await db
        .selectFrom('audit_chains')
        .select('seq')
        .where('chain', '=', a.chain)
        .executeTakeFirst();
      const entry = await db
        .selectFrom('audit_log')
        .select('hash')
        .where('chain', '=', a.chain)
        .where('seq', '=', a.seq)
        .executeTakeFirst();
      if (!chain && !entry)
        problems.push({
          chain: a.chain,
          seq: a.seq,
          problem: `the whole chain was removed (anchored at entry ${a.seq} on ${a.at})`,
        });
      else if (!entry || Number(chain?.seq ?? 0) < a.seq)
        problems.push({
          chain: a.chain,
          seq: a.seq,
          problem: `entries were cut from the end: entry ${a.seq} was anchored on ${a.at} but the chain now ends at ${Number(chain?.seq ?? 0)}`,
        });
      else if (entry.hash !== a.hash)
        problems.push({
          chain: a.chain,
          seq: a.seq,
          problem: `entry ${a.seq} differs from the one anchored on ${a.at}: the chain was rewritten`,
        });
    }
    return problems;
  }
}
