/**
 * Who may see and change a project — decided here and nowhere else.
 *
 * - The **lead**: `project.manage` on the keeper (the unit that leads the project) or above it. Sets
 *   the project up, sees every member's figures and entries, records spending for any member.
 * - A **member**: `project.manage` or `project.read` on one of the member organisations (or inside
 *   it). Sees the project's totals and its own organisation's figures and entries; with
 *   `project.manage` there, records its own spending. Never another member's entries.
 * - A **totals** reader: `project.read` (without `project.manage`) on the keeper or above — a donor
 *   viewer of the consortium. Sees totals by member and by line, no entries, whatever members lie
 *   in their subtree.
 * Anyone else is answered as if the project did not exist.
 */

import { NotFoundError, pathInScope } from '@harbour/core';
import { type Actor, scopeOf } from '../identity/actor.js';

export type ProjectAccessLevel = 'lead' | 'member' | 'totals';

export interface ProjectAccess {
  level: ProjectAccessLevel;
  /** Member unit ids whose details the actor sees. */
  sees: ReadonlySet<string>;
  /** Member unit ids the actor may record spending for. */
  records: ReadonlySet<string>;
}

export interface ProjectUnits {
  keeper: { id: string; path: string };
  members: readonly { id: string; path: string }[];
}

/** The actor's access to a project, or null when they have none. */
export function accessOf(actor: Actor, units: ProjectUnits): ProjectAccess | null {
  const manage = scopeOf(actor, 'project.manage');
  const read = scopeOf(actor, 'project.read');
  const all = new Set(units.members.map((m) => m.id));
  if (pathInScope(units.keeper.path, manage)) return { level: 'lead', sees: all, records: all };
  // Reading from the keeper or above is reading the whole project: its totals, not members' entries.
  if (pathInScope(units.keeper.path, read)) return { level: 'totals', sees: new Set(), records: new Set() };
  const sees = units.members.filter((m) => pathInScope(m.path, manage) || pathInScope(m.path, read));
  if (sees.length > 0)
    return {
      level: 'member',
      sees: new Set(sees.map((m) => m.id)),
      records: new Set(units.members.filter((m) => pathInScope(m.path, manage)).map((m) => m.id)),
    };
  return null;
}

/** As accessOf, answering a project the actor may not see as not found. */
export function requireAccess(actor: Actor, units: ProjectUnits, code: string): ProjectAccess {
  const access = accessOf(actor, units);
  if (!access) throw new NotFoundError(`Project "${code}"`);
  return access;
}

/** Whether the actor may set up a project kept by this unit. */
export function mayLead(actor: Actor, keeperPath: string): boolean {
  return pathInScope(keeperPath, scopeOf(actor, 'project.manage'));
}
