/**
 * Stocked commodities handed out, per site and day (`stock_distributed`), that stock balances
 * subtract. Every contact at a site that day adds to the same rows, so they come last in a batch:
 * on PostgreSQL they stay locked until commit, and the less follows them, the less others wait.
 */

import { type ContactItem, STOCKED_COMMODITIES } from '@harbour/core';
import { leaves3, within } from '../../nested-maps.js';
import type { DialectName } from '../../store/database.js';
import { chunks, jsonArrayElements, type Writes } from '../../store/sql-helpers.js';
import type { NewContact, Projection } from './projection.js';
import type { StockTally } from './stock-tally.js';

type Handout = Pick<NewContact, 'orgId' | 'siteId' | 'date' | 'items'>;

/** Adds, takes back or sets (a rebuild) the stocked commodities the contacts handed out. */
async function hand(
  writes: Writes,
  contacts: readonly Handout[],
  mode: 'add' | 'take back' | 'set',
): Promise<void> {
  // Site → day → commodity → [site, commodity, day, org, quantity].
  const totals = new Map<string, Map<string, Map<string, unknown[]>>>();
  for (const c of contacts) {
    for (const i of c.items) {
      if (!i.qty || !STOCKED_COMMODITIES.includes(i.code)) continue;
      const q = mode === 'take back' ? -i.qty : i.qty;
      const day = within(within(totals, c.siteId), c.date);
      const t = day.get(i.code);
      if (t) t[4] = (t[4] as number) + q;
      else day.set(i.code, [c.siteId, i.code, c.date, c.orgId, q]);
    }
  }
  await writes.insert(
    'stock_distributed',
    ['site_id', 'commodity', 'day', 'org_id', 'quantity'],
    leaves3(totals),
    `on conflict (site_id, commodity, day) do update set quantity = ${mode === 'set' ? '' : 'stock_distributed.quantity + '}excluded.quantity`,
  );
}

/**
 * Adds what a bulk load tallied (stock-tally.ts) to the table, in key order, and forgets it. The caller
 * commits, and removes the bulk load's note in the same transaction (register-import/bulk-load.ts).
 */
export async function writeStockTally(writes: Writes, tally: StockTally): Promise<void> {
  let rows: unknown[][] = [];
  const write = async () => {
    await writes.insert(
      'stock_distributed',
      ['site_id', 'commodity', 'day', 'org_id', 'quantity'],
      rows,
      'on conflict (site_id, commodity, day) do update set quantity = stock_distributed.quantity + excluded.quantity',
    );
    await writes.flush();
    rows = [];
  };
  for (const row of tally.rows()) {
    rows.push(row);
    if (rows.length === 5000) await write();
  }
  if (rows.length) await write();
  tally.clear();
}

/**
 * The table as the active contacts make it, in one statement: after a bulk load that stopped before
 * writing its tally. Every row is set to what the active contacts add up to (zero when none do, as
 * taking a contact back leaves it). The test beside bulk-load.ts holds it to what `add` writes.
 */
export function rebuildStockStatement(dialect: DialectName): string {
  const stocked = STOCKED_COMMODITIES.map((c) => `'${c}'`).join(', ');
  const item = jsonArrayElements(dialect, 'c.items', 'i');
  const code = item.text('code');
  const qty = item.integer('qty');
  return `insert into stock_distributed (site_id, commodity, day, org_id, quantity)
    select site_id, commodity, day, min(org_id), sum(quantity) from (
      select c.site_id, ${code} as commodity, c.contact_date as day, c.org_id, ${qty} as quantity
        from contacts as c cross join ${item.from}
        where c.active = 1 and ${code} in (${stocked}) and ${qty} > 0
      union all
      select site_id, commodity, day, org_id, 0 from stock_distributed
    ) as handed_out
    group by site_id, commodity, day
    on conflict (site_id, commodity, day) do update set quantity = excluded.quantity`;
}

const handout = (c: { org_id: string; site_id: string; contact_date: string; items: string }): Handout => ({
  orgId: c.org_id,
  siteId: c.site_id,
  date: c.contact_date,
  items: JSON.parse(c.items) as ContactItem[],
});

export const stockDistributed: Projection = {
  tables: ['stock_distributed'],

  async add({ ctx, writes }, { contacts }) {
    if (!ctx.stockTally) return hand(writes, contacts, 'add');
    ctx.stockTally.add(contacts);
    if (ctx.stockTally.full) await writeStockTally(writes, ctx.stockTally);
  },

  async remove({ writes }, { contact }) {
    await hand(writes, [handout(contact)], 'take back');
    await writes.flush();
  },

  /** The site-days the clients' contacts were on, recomputed from every active contact there. */
  async rebuild({ trx, writes }, clientIds) {
    for (const ids of chunks(clientIds, 500)) {
      const days = await trx
        .selectFrom('contacts')
        .select(['site_id', 'contact_date'])
        .distinct()
        .where('client_id', 'in', ids)
        .execute();
      for (const d of days) {
        // Rows stay (at zero when nothing is left), as taking a contact back leaves them.
        await trx
          .updateTable('stock_distributed')
          .set({ quantity: 0 })
          .where('site_id', '=', d.site_id)
          .where('day', '=', d.contact_date)
          .execute();
        const contacts = await trx
          .selectFrom('contacts')
          .select(['org_id', 'site_id', 'contact_date', 'items'])
          .where('site_id', '=', d.site_id)
          .where('contact_date', '=', d.contact_date)
          .where('active', '=', 1)
          .execute();
        await hand(writes, contacts.map(handout), 'set');
        await writes.flush();
      }
    }
  },
};
