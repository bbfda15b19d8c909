/**
 * The directory of drug-user groups and networks: each entry kept by an org unit (`keeper_id`, with
 * its organisation in `org_id`, or the unit itself above any organisation), where the group is (a
 * country and a city or region, never an address), how it is organised, its seats in national and
 * Global Fund bodies, and whether it agreed to be listed for everyone. The contact it shares and the
 * notes about it are sealed with the keeper's key.
 */

import type { Migration } from '../migration.js';

export const communityGroups: Migration = {
  name: '0022-community-groups',
  statements: (db) => [
    db.schema
      .createTable('community_groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('keeper_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('region', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('founded', 'integer')
      .addColumn('membership', 'text')
      /** JSON array of languages. */
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('contact', 'text')
      .addColumn('listed_publicly', 'integer', (c) => c.notNull())
      .addColumn('national_seat', 'text', (c) => c.notNull())
      .addColumn('ccm_seat', 'text', (c) => c.notNull())
      .addColumn('small_grant', 'integer', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('community_groups_country').on('community_groups').columns(['country', 'name']),
  ],
};
