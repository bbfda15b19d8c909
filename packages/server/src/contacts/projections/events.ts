/**
 * Clinical events (`client_events`): one row per HIV or hepatitis C test, TB screening, ART or PrEP
 * start, viral load, OST start, dose or stop… that a contact records (core `clinicalEvents`). The HIV
 * milestones and OST episodes are derived from them, so they change after these do.
 */

import { type ClinicalEvent, type ContactItem, clinicalEvents, uuidv7 } from '@harbour/core';
import { chunks } from '../../store/sql-helpers.js';
import type { Projection } from './projection.js';

const EVENT_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'contact_id',
  'site_id',
  'event_date',
  'kind',
  'value',
  'detail',
  'num',
] as const;

interface Source {
  id: string;
  orgId: string;
  clientId: string;
  siteId: string;
  date: string;
}

/** Event rows in recorded order: ids are time-ordered, and OST episodes read same-day events by them. */
const eventRows = (contacts: readonly Source[], events: readonly (readonly ClinicalEvent[])[]) =>
  contacts.flatMap((c, i) =>
    events[i]!.map((e) => [
      uuidv7(),
      c.orgId,
      c.clientId,
      c.id,
      c.siteId,
      c.date,
      e.kind,
      e.value,
      e.detail,
      e.num,
    ]),
  );

export const clinicalEventsProjection: Projection = {
  tables: ['client_events'],

  async add({ writes }, { contacts, events }) {
    await writes.insert('client_events', EVENT_COLUMNS, eventRows(contacts, events));
  },

  async remove({ trx }, { contact }) {
    await trx.deleteFrom('client_events').where('contact_id', '=', contact.id).execute();
  },

  async rebuild({ trx, writes }, clientIds) {
    for (const ids of chunks(clientIds, 500)) {
      await trx.deleteFrom('client_events').where('client_id', 'in', ids).execute();
      const contacts = await trx
        .selectFrom('contacts')
        .select(['id', 'org_id', 'client_id', 'site_id', 'contact_date', 'items'])
        .where('client_id', 'in', ids)
        .where('active', '=', 1)
        // The order they were recorded in, as `add` saw them.
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      await writes.insert(
        'client_events',
        EVENT_COLUMNS,
        eventRows(
          contacts.map((c) => ({
            id: c.id,
            orgId: c.org_id,
            clientId: c.client_id,
            siteId: c.site_id,
            date: c.contact_date,
          })),
          contacts.map((c) => clinicalEvents(JSON.parse(c.items) as ContactItem[])),
        ),
      );
      await writes.flush();
    }
  },
};
