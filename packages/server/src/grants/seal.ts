/** The grants module's sealed text: each value bound to its record and field, under the organisation's key. */

import type { Services } from '../context.js';

export const aad = (table: string, id: string, field: string) => `grant-${table}:${id}:${field}`;

export const seal = (s: Services, owner: string, text: string, table: string, id: string, field: string) =>
  s.dataKeys.encrypt(owner, text, aad(table, id, field));

export const unseal = (s: Services, token: string, table: string, id: string, field: string) =>
  s.dataKeys.decrypt(token, aad(table, id, field));

export async function unsealOrNull(
  s: Services,
  token: string | null,
  table: string,
  id: string,
  field: string,
): Promise<string | null> {
  return token === null ? null : unseal(s, token, table, id, field);
}
