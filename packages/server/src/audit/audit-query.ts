/** Reading the audit log: an admin sees the entries of the organisations and units they administer. */

import { type Kysely, sql } from 'kysely';
import type { Services } from '../context.js';
import { type Actor, requireCan, scopeOf } from '../identity/actor.js';
import type { Database } from '../store/schema.js';
import { inScope } from '../store/scope.js';

export interface AuditQuery {
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AuditEntryView {
  chain: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId: string | null;
  details: Record<string, unknown>;
}

async function visibleChains(
  db: Kysely<Database>,
  scope: readonly string[],
): Promise<{ all: boolean; chains: string[]; unitIds: string[] }> {
  if (scope.includes('/')) return { all: true, chains: [], unitIds: [] };
  const units = await db
    .selectFrom('org_units')
    .select(['id', 'org_id', 'level'])
    .where((eb) => inScope(eb, 'path', scope))
    .execute();
  const chains = new Set<string>();
  for (const u of units) if (u.org_id && u.org_id === u.id) chains.add(u.org_id);
  // Admins of a root also read installation-level events (sign-ins of users above any organisation, settings).
  if (units.some((u) => u.level === 1)) chains.add('system');
  return { all: false, chains: [...chains], unitIds: units.map((u) => u.id) };
}

export async function listAudit(
  s: Services,
  actor: Actor,
  q: AuditQuery,
): Promise<{ total: number; entries: AuditEntryView[] }> {
  requireCan(actor, 'audit.read');
  const vis = await visibleChains(s.db, scopeOf(actor, 'audit.read'));
  let query = s.db.selectFrom('audit_log');
  if (!vis.all) {
    if (vis.chains.length === 0 && vis.unitIds.length === 0) return { total: 0, entries: [] };
    query = query.where((eb) =>
      eb.or([
        ...(vis.chains.length ? [eb('chain', 'in', vis.chains)] : []),
        ...(vis.unitIds.length ? [eb('org_unit_id', 'in', vis.unitIds)] : []),
      ]),
    );
  }
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
  if (q.actor) query = query.where('actor', '=', q.actor);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<=', q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to);
  const total = Number((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query
    .select(['chain', 'seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'org_unit_id', 'details'])
    .orderBy('at', 'desc')
    .orderBy('chain')
    .orderBy('seq', 'desc')
    .limit(Math.min(q.limit ?? 50, 500))
    .offset(q.offset ?? 0)
    .execute();
  return {
    total,
    entries: rows.map((r) => ({
      chain: r.chain,
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgUnitId: r.org_unit_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    })),
  };
}
