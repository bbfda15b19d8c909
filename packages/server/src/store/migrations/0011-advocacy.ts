/**
 * Advocacy evidence: country figures (one value per country, year and measure, with its source),
 * every version of each figure, and saved what-if scenarios. Figures describe countries, not people;
 * they are kept by an org unit (`keeper_id`, often the consortium above any organisation), which is
 * why they carry no `org_id`. Org units at the country level get an optional ISO 3166-1 code, so
 * Harbour's own contacts count towards the country's profile.
 */

import type { Migration } from '../migration.js';

export const advocacy: Migration = {
  name: '0011-advocacy',
  statements: (db) => [
    db.schema.alterTable('org_units').addColumn('country', 'text'),
    db.schema
      .createTable('country_figures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('keeper_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      /** A decimal number as text (exact) or one of the measure's words. */
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('unit', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('as_of', 'text')
      .addColumn('lower', 'text')
      .addColumn('upper', 'text')
      .addColumn('url', 'text')
      .addColumn('notes', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('country_figures_identity')
      .on('country_figures')
      .columns(['keeper_id', 'country', 'year', 'measure'])
      .unique(),
    db.schema
      .createTable('country_figure_versions')
      .addColumn('figure_id', 'text', (c) => c.notNull().references('country_figures.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('keeper_id', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('unit', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('as_of', 'text')
      .addColumn('lower', 'text')
      .addColumn('upper', 'text')
      .addColumn('url', 'text')
      .addColumn('notes', 'text')
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addColumn('changed_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('country_figure_versions_pk', ['figure_id', 'version']),
    db.schema
      .createTable('advocacy_scenarios')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('keeper_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      /** JSON: the what-if values ([{measure, value, unit}]). */
      .addColumn('what_if', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('advocacy_scenarios_name')
      .on('advocacy_scenarios')
      .columns(['keeper_id', 'country', 'name'])
      .unique(),
  ],
};
