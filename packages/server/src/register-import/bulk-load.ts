/**
 * A register import into a new installation (a database with no contacts yet) is a bulk load. Work
 * that grows with the database when done row by row is left for its end: twelve indexes are built
 * once (store/deferred-indexes.ts), and stock handed out is tallied in memory and written once
 * (contacts/projections/stock-tally.ts).
 *
 * Safe: both are noted in `deferred_indexes` before the first row is written. An import that stops
 * before its end (a crash, a power cut, a batch that failed) leaves the notes; the next import or
 * start of the server then builds the indexes and recomputes stock handed out from the contacts.
 */

import { sql } from 'kysely';
import { rebuildStockStatement, writeStockTally } from '../contacts/projections/stock.js';
import { StockTally } from '../contacts/projections/stock-tally.js';
import type { Store } from '../store/database.js';
import { buildDeferredIndexes, deferIndexes } from '../store/deferred-indexes.js';
import { Writes } from '../store/sql-helpers.js';

/** The note a bulk load's stock tally leaves until it is written. */
export const STOCK_NOTE = 'stock_distributed';

/** Begins a bulk load if the database holds no contacts; its tally of stock handed out, if it did. */
export async function beginBulkLoad(store: Store): Promise<StockTally | undefined> {
  const deferred = await deferIndexes(store, [
    { name: STOCK_NOTE, definition: rebuildStockStatement(store.dialect) },
  ]);
  return deferred > 0 ? new StockTally() : undefined;
}

/**
 * Ends a bulk load. `tally` is given only when every batch was written: it is added to the table and
 * its note removed in one transaction. Without it (the import failed) the note's statement
 * recomputes stock handed out from the contacts. Then the indexes are built.
 *
 * A server started while the import ran finds the note and recomputes the stock from the contacts
 * written so far, removing it (serve-commands.ts). Added to that, the tally would count those contacts
 * twice: when the note is gone, the stock is recomputed from all the contacts instead.
 */
export async function endBulkLoad(store: Store, tally: StockTally | undefined, onLongWork: () => void) {
  if (tally)
    await store.db.transaction().execute(async (trx) => {
      const noted = await trx
        .deleteFrom('deferred_indexes')
        .where('name', '=', STOCK_NOTE)
        .executeTakeFirst();
      if (Number(noted.numDeletedRows) === 1) await writeStockTally(new Writes(trx, store.dialect), tally);
      else await sql.raw(rebuildStockStatement(store.dialect)).execute(trx);
    });
  await buildDeferredIndexes(store, onLongWork);
}
