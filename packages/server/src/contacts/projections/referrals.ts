/**
 * Referrals issued by contacts (`referrals`): one per service a contact refers the client to, due
 * after the organisation's follow-up interval. From then on a referral has a life of its own (staff
 * record it completed, declined or lost), so a rebuild never recreates one that exists: it issues
 * the missing and voids those whose contact left the record.
 */

import { addDays, type ContactItem, referralsOf, uuidv7 } from '@harbour/core';
import { chunks } from '../../store/sql-helpers.js';
import type { NewContact, Projection, Step } from './projection.js';

const REFERRAL_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'contact_id',
  'site_id',
  'service',
  'provider',
  'issued_date',
  'due_date',
  'status',
  'completed_date',
  'updated_at',
  'updated_by',
] as const;

async function issue(
  { trx, ctx, writes }: Step,
  contacts: readonly Pick<
    NewContact,
    'id' | 'orgId' | 'clientId' | 'siteId' | 'date' | 'items' | 'createdBy'
  >[],
  at: string,
): Promise<void> {
  const followUp = new Map<string, number>();
  const rows: unknown[][] = [];
  for (const c of contacts) {
    const services = referralsOf(c.items);
    if (!services.length) continue;
    if (!followUp.has(c.orgId)) followUp.set(c.orgId, await ctx.followUpDays(trx, c.orgId));
    const due = addDays(c.date, followUp.get(c.orgId)!);
    for (const { service, provider } of services)
      rows.push([
        uuidv7(),
        c.orgId,
        c.clientId,
        c.id,
        c.siteId,
        service,
        provider,
        c.date,
        due,
        'issued',
        null,
        at,
        c.createdBy,
      ]);
  }
  await writes.insert('referrals', REFERRAL_COLUMNS, rows, 'on conflict do nothing');
}

export const issuedReferrals: Projection = {
  tables: ['referrals'],

  async add(step, { contacts, at }) {
    await issue(step, contacts, at);
  },

  async remove({ trx, ctx }, { contact }) {
    await trx
      .updateTable('referrals')
      .set({ status: 'void', updated_at: ctx.now().toISOString() })
      .where('contact_id', '=', contact.id)
      .execute();
  },

  async rebuild(step, clientIds) {
    const { trx, ctx, writes } = step;
    for (const ids of chunks(clientIds, 500)) {
      const gone = trx
        .selectFrom('contacts')
        .select('id')
        .where('client_id', 'in', ids)
        .where('active', '=', 0);
      await trx
        .updateTable('referrals')
        .set({ status: 'void', updated_at: ctx.now().toISOString() })
        .where('contact_id', 'in', gone)
        .where('status', '<>', 'void')
        .execute();
      const active = await trx
        .selectFrom('contacts')
        .select(['id', 'org_id', 'client_id', 'site_id', 'contact_date', 'items', 'created_at', 'created_by'])
        .where('client_id', 'in', ids)
        .where('active', '=', 1)
        .execute();
      for (const c of active)
        await issue(
          step,
          [
            {
              id: c.id,
              orgId: c.org_id,
              clientId: c.client_id,
              siteId: c.site_id,
              date: c.contact_date,
              items: JSON.parse(c.items) as ContactItem[],
              createdBy: c.created_by,
            },
          ],
          c.created_at,
        );
      await writes.flush();
    }
  },
};
