import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import {
  flusherFor,
  inSavepoint,
  readAuditTransaction,
  WalFlusher,
  walFile,
  writeTransaction,
} from './transactions.js';

const setting = (key: string) => ({ org_id: 'TX', key, value: 'v', updated_at: '2026-03-15' });

describe('WalFlusher', () => {
  /** A sync that finishes when the test says so. */
  function controlledSync() {
    const started: (() => void)[] = [];
    const sync = () => new Promise<void>((resolve) => started.push(resolve));
    return { sync, started };
  }
  const settled = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(() => {
      done = true;
    });
    await new Promise((r) => setImmediate(r));
    return done;
  };

  it('makes a request made during a sync wait for the next one, which all such requests share', async () => {
    const { sync, started } = controlledSync();
    const f = new WalFlusher(sync);
    const first = f.flush();
    const second = f.flush();
    const third = f.flush();
    expect(second).toBe(third);
    expect(started).toHaveLength(1);
    started[0]!();
    expect(await settled(first)).toBe(true);
    // The second request may have written after the first sync began: it is not answered by it.
    expect(await settled(second)).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!();
    expect(await settled(third)).toBe(true);
    expect(f.synced).toBe(2);
  });

  it('fails the requests a failed sync was to answer, and syncs again for the next', async () => {
    let fail = true;
    const f = new WalFlusher(async () => {
      if (fail) throw new Error('EIO');
    });
    await expect(f.flush()).rejects.toThrow('EIO');
    fail = false;
    await expect(f.flush()).resolves.toBeUndefined();
  });

  it('syncs a real file, and treats a log already checkpointed away as synced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-wal-'));
    writeFileSync(join(dir, 'x.db-wal'), 'frames');
    const wal = walFile(join(dir, 'x.db-wal'));
    await expect(wal.sync()).resolves.toBeUndefined();
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
    const missing = walFile(join(dir, 'missing.db-wal'));
    await expect(missing.sync()).resolves.toBeUndefined();
    await missing.close();
  });
});

describe.each(DIALECTS)('transactions (%s)', (dialect) => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour(dialect);
  });
  afterAll(() => h.dispose());

  const stored = async (keys: string[]) =>
    (
      await h.db
        .selectFrom('settings')
        .select('key')
        .where('org_id', '=', 'TX')
        .where('key', 'in', keys)
        .execute()
    )
      .map((r) => r.key)
      .sort();
  const level = () => h.store.sqlite!.pragma('synchronous', { simple: true });

  it('keeps concurrent writes apart: one failing undoes only its own rows', async () => {
    const results = await Promise.allSettled([
      writeTransaction(h, (trx) => trx.insertInto('settings').values(setting('a')).execute()),
      writeTransaction(h, async (trx) => {
        await trx.insertInto('settings').values(setting('b')).execute();
        throw new Error('b is refused after writing');
      }),
      writeTransaction(h, async (trx) => {
        await trx.insertInto('settings').values(setting('c')).execute();
        return 'c done';
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('b is refused after writing');
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe('c done');
    expect(await stored(['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('undoes an item that fails inside a larger transaction, and the transaction goes on', async () => {
    const outcome = await writeTransaction(h, async (trx) => {
      await trx.insertInto('settings').values(setting('g')).execute();
      const failed = await inSavepoint(trx, async () => {
        await trx.insertInto('settings').values(setting('h')).execute();
        // The database refuses this one (g exists): on PostgreSQL the transaction would refuse every later statement.
        await trx.insertInto('settings').values(setting('g')).execute();
      }).catch((e: Error) => e);
      const kept = await inSavepoint(trx, () => trx.insertInto('settings').values(setting('i')).execute());
      return { failed, kept };
    });
    expect(outcome.failed).toBeInstanceOf(Error);
    expect(outcome.kept).toBeDefined();
    expect(await stored(['g', 'h', 'i'])).toEqual(['g', 'i']);
  });

  it.runIf(dialect === 'sqlite')(
    'answers a write only after the log was synced, and leaves FULL for every other commit',
    async () => {
      const flusher = flusherFor(h.db)!;
      expect(flusher).toBeDefined();
      const before = flusher.synced;
      await Promise.all(
        ['d', 'e', 'f'].map((k) =>
          writeTransaction(h, (trx) => trx.insertInto('settings').values(setting(k)).execute()),
        ),
      );
      expect(flusher.synced).toBeGreaterThan(before);
      expect(flusher.synced - before).toBeLessThanOrEqual(3);
      expect(level()).toBe(2);
    },
  );

  it.runIf(dialect === 'sqlite')('does not answer a write whose commit fails as stored', async () => {
    const failed = writeTransaction(h, async (trx) => {
      // Checked only at COMMIT.
      await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
      await trx
        .insertInto('org_units')
        .values({
          id: 'orphan',
          org_id: null,
          code: 'ORPHAN',
          name: 'Orphan',
          parent_id: 'no-such-unit',
          level: 1,
          path: '/orphan',
          created_at: '2026-03-15',
          updated_at: '2026-03-15',
        })
        .execute();
    });
    await expect(failed).rejects.toThrow(/FOREIGN KEY/);
    expect(await h.db.selectFrom('org_units').select('id').where('id', '=', 'orphan').execute()).toEqual([]);
    expect(level()).toBe(2);
  });

  it('commits the audit entry of a read, and leaves the safety level of later writes as it was', async () => {
    await readAuditTransaction(h, (trx) =>
      h.audit.append(trx, { actorId: null, actor: 'test', action: 'client.read', entityType: 'client' }),
    );
    const entry = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'test')
      .executeTakeFirst();
    expect(entry?.action).toBe('client.read');
    if (dialect === 'sqlite') expect(level()).toBe(2);
    expect((await h.audit.verify(h.db)).ok).toBe(true);
  });
});
