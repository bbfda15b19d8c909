/** Community monitoring's sealed text: each value bound to its record and field, under the organisation's key. */

import type { Services } from '../context.js';

const aad = (table: string, id: string, field: string) => `clm-${table}:${id}:${field}`;

export const seal = (s: Services, owner: string, text: string, table: string, id: string, field: string) =>
  s.dataKeys.encrypt(owner, text, aad(table, id, field));

export const unseal = (s: Services, token: string, table: string, id: string, field: string) =>
  s.dataKeys.decrypt(token, aad(table, id, field));

export const unsealOrNull = (s: Services, token: string | null, table: string, id: string, field: string) =>
  token === null ? Promise.resolve(null) : unseal(s, token, table, id, field);
