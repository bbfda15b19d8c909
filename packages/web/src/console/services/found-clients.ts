/**
 * Clients found by code, handed from the find page to the client page in memory only (never stored):
 * one found at a site outside the user's part of the tree cannot be opened by id, but can be served.
 */

import type { ClientSummary } from './FindClientPage.js';

const found = new Map<string, ClientSummary>();

export function rememberFound(c: ClientSummary): void {
  found.clear();
  found.set(c.id, c);
}

export function foundToServe(id: string): ClientSummary | undefined {
  const c = found.get(id);
  return c?.access === 'serve' ? c : undefined;
}
