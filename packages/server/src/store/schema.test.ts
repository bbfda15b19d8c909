/**
 * The schema is declared three times — the migrations (what the database has), `schema.ts` (what
 * the code believes it has) and `backup/tables.ts` (what a backup carries) — so this compares all
 * three on a freshly migrated database of each dialect: every table, every column, and (on
 * PostgreSQL, where a primary key is never null) whether each column may be null.
 */

import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_TABLES, DERIVED_TABLES, STORE_TABLES } from '../backup/tables.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';

interface DeclaredColumn {
  name: string;
  nullable: boolean;
}

/** Tables and columns as `schema.ts` declares them, read from its source text. */
function declaredSchema(): Map<string, DeclaredColumn[]> {
  const text = readFileSync(new URL('./schema.ts', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const body = (name: string) => {
    const m = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text);
    if (!m) throw new Error(`schema.ts declares no interface ${name}`);
    return (m[1] as string)
      .split('\n')
      .map((l) => l.replace(/\/\/.*$/, '').trim())
      .filter(Boolean);
  };
  const tables = new Map<string, DeclaredColumn[]>();
  for (const line of body('Database')) {
    const [, table, type] = /^(\w+): (\w+);$/.exec(line) ?? [];
    if (!table || !type) throw new Error(`cannot read "${line}" in Database`);
    tables.set(
      table,
      body(type).map((l) => {
        const [, name, optional, t] = /^(\w+)(\??): (.+);$/.exec(l) ?? [];
        if (!name || t === undefined) throw new Error(`cannot read "${l}" in ${type}`);
        return { name, nullable: /\bnull\b/.test(t) || optional === '?' };
      }),
    );
  }
  return tables;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

for (const dialect of DIALECTS) {
  describe(`the schema, declared three times (${dialect})`, () => {
    let h: TestHarbour | undefined;
    afterEach(async () => {
      await h?.dispose();
      h = undefined;
    });

    it('has the same tables and columns in the database, in schema.ts and in the backup list', async () => {
      h = await createTestHarbour(dialect);
      const live = new Map<string, { name: string; nullable: boolean }[]>();
      if (dialect === 'sqlite') {
        const tables = await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(h.db);
        for (const { name } of tables.rows) {
          const cols = await sql<{ name: string; notnull: number }>`
            select name, "notnull" from pragma_table_info(${name})`.execute(h.db);
          live.set(
            name,
            cols.rows.map((c) => ({ name: c.name, nullable: !c.notnull })),
          );
        }
      } else {
        const cols = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
          select table_name, column_name, is_nullable from information_schema.columns
          where table_schema = current_schema()`.execute(h.db);
        for (const c of cols.rows)
          live.set(c.table_name, [
            ...(live.get(c.table_name) ?? []),
            { name: c.column_name, nullable: c.is_nullable === 'YES' },
          ]);
      }
      const declared = declaredSchema();

      expect(sorted(live.keys()), 'tables: database vs schema.ts').toEqual(sorted(declared.keys()));
      expect(
        sorted([...BACKUP_TABLES.map((t) => t.name), ...DERIVED_TABLES, ...STORE_TABLES]),
        "tables: backup list (with the derived tables and the store's own) vs schema.ts",
      ).toEqual(sorted(declared.keys()));
      const nullability: string[] = [];
      for (const [table, columns] of declared) {
        const actual = live.get(table) ?? [];
        expect(sorted(actual.map((c) => c.name)), `columns of ${table}`).toEqual(
          sorted(columns.map((c) => c.name)),
        );
        // SQLite lets a text primary key hold null, so only PostgreSQL's answer says what the migration meant.
        if (dialect === 'postgres')
          for (const c of columns)
            if (actual.find((a) => a.name === c.name)?.nullable !== c.nullable)
              nullability.push(`${table}.${c.name}: schema.ts ${c.nullable ? 'null' : 'not null'}`);
      }
      expect(nullability, 'columns whose nullability differs between the database and schema.ts').toEqual([]);
      // Every backup key names real columns, so paging through a table in a backup works.
      for (const t of BACKUP_TABLES)
        for (const k of t.key)
          expect(
            declared.get(t.name)?.map((c) => c.name),
            `backup key ${t.name}.${k}`,
          ).toContain(k);
    });
  });
}
