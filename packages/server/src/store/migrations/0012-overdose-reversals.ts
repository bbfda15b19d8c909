/**
 * Repairs `naloxone.reversals` for overdoses recorded on phones. The field app sent the naloxone
 * doses given as the item's quantity, and it was counted as that many reversals whatever the
 * outcome (2 doses and the person died: +2). An overdose response (an item with an outcome) is one
 * overdose, reversed only when the person survived (core `reversalsOf`). This recomputes the stored
 * count of every contact holding such an item, then the monthly and quarterly rollups it feeds.
 * Register rows (reversals reported as a number, no outcome) are unchanged.
 */

import { type Kysely, sql } from 'kysely';
import type { Compilable, Migration } from '../migration.js';

const raw = (db: Kysely<any>, text: string): Compilable => ({ compile: () => sql.raw(text).compile(db) });

/** Contacts holding an overdose response (cheap text test first; the JSON decides). */
const affected = (items: string) => `${items} LIKE '%naloxone_reversal%' AND ${items} LIKE '%"outcome"%'`;

const CONTACTS = {
  sqlite: `UPDATE contacts SET reversals = (
    SELECT coalesce(sum(CASE
      WHEN json_extract(j.value, '$.outcome') IS NULL THEN coalesce(json_extract(j.value, '$.qty'), 1)
      WHEN json_extract(j.value, '$.outcome') = 'survived' THEN 1 ELSE 0 END), 0)
    FROM json_each(contacts.items) AS j WHERE json_extract(j.value, '$.code') = 'naloxone_reversal')
  WHERE ${affected('items')}`,
  postgres: `UPDATE contacts SET reversals = (
    SELECT coalesce(sum(CASE
      WHEN j ->> 'outcome' IS NULL THEN coalesce((j ->> 'qty')::int, 1)
      WHEN j ->> 'outcome' = 'survived' THEN 1 ELSE 0 END), 0)
    FROM jsonb_array_elements(contacts.items::jsonb) AS j WHERE j ->> 'code' = 'naloxone_reversal')
  WHERE ${affected('items')}`,
};

const MONTHS = `UPDATE client_month SET reversals = (
    SELECT coalesce(sum(c.reversals), 0) FROM contacts c
    WHERE c.client_id = client_month.client_id AND c.site_id = client_month.site_id AND c.active = 1
      AND substr(c.contact_date, 1, 7) = client_month.month)
  WHERE EXISTS (SELECT 1 FROM contacts c
    WHERE c.client_id = client_month.client_id AND c.site_id = client_month.site_id
      AND substr(c.contact_date, 1, 7) = client_month.month AND ${affected('c.items')})`;

/** A month's quarter as `quarterOfMonth` writes it (2026-05 → 2026Q2). */
const QUARTER_OF = (month: string) =>
  `substr(${month}, 1, 4) || 'Q' || ((cast(substr(${month}, 6, 2) AS integer) + 2) / 3)`;

const QUARTERS = `UPDATE client_quarter SET reversals = (
    SELECT coalesce(sum(m.reversals), 0) FROM client_month m
    WHERE m.client_id = client_quarter.client_id AND m.site_id = client_quarter.site_id
      AND ${QUARTER_OF('m.month')} = client_quarter.quarter)
  WHERE EXISTS (SELECT 1 FROM contacts c
    WHERE c.client_id = client_quarter.client_id AND c.site_id = client_quarter.site_id
      AND ${QUARTER_OF('substr(c.contact_date, 1, 7)')} = client_quarter.quarter AND ${affected('c.items')})`;

export const overdoseReversals: Migration = {
  name: '0012-overdose-reversals',
  statements: (db, dialect) => [raw(db, CONTACTS[dialect]), raw(db, MONTHS), raw(db, QUARTERS)],
};
