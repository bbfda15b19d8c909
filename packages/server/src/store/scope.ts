/** SQL conditions that keep a query inside the caller's subtrees. */

import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/**
 * `column LIKE '<path>%'` for each subtree in `scope`. `['/']` (the command line) matches everything;
 * an empty scope matches nothing.
 */
export function inScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  scope: readonly string[],
): Expression<SqlBool> {
  if (scope.includes('/')) return sql<SqlBool>`1 = 1`;
  if (scope.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  return eb.or(scope.map((p) => sql<SqlBool>`${ref} like ${`${p}%`}`));
}
