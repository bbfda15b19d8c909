import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { recentQuarters } from './database.js';

// SQLite only: reading index pages ahead into the operating system's cache is the SQLite store's
// warm-up (sqlite-readers.ts); PostgreSQL keeps its own buffers and has nothing to read ahead.
describe('reading the report indexes ahead of the first report (SQLite)', () => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 100, contacts: 600 });
  });
  afterAll(() => h.dispose());

  it('walks the indexes the report reads, through the report readers', async () => {
    // INDEXED BY fails when an index is missing or renamed: this keeps the list true to the schema.
    await expect(h.store.warmUp()).resolves.toBeUndefined();
  });

  it('takes this quarter and the one before, across a new year', () => {
    expect(recentQuarters(new Date('2026-11-24T00:00:00Z'))).toEqual(['2026Q4', '2026Q3']);
    expect(recentQuarters(new Date('2027-02-01T00:00:00Z'))).toEqual(['2027Q1', '2026Q4']);
  });
});
