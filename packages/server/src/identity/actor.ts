/** Who is acting: a signed-in user with role grants, or the operator at the command line. */

import {
  ForbiddenError,
  type Permission,
  pathIds,
  pathInScope,
  type RoleGrant,
  scopeFor,
} from '@harbour/core';

export interface Actor {
  /** Null for the command line and internal jobs. */
  userId: string | null;
  /** Shown in the audit log. */
  label: string;
  grants: readonly RoleGrant[];
  /** The operator at the command line holds every permission everywhere (they already hold the keys). */
  system: boolean;
}

export function systemActor(label = 'cli'): Actor {
  return { userId: null, label, grants: [], system: true };
}

export function userActor(userId: string, username: string, grants: readonly RoleGrant[]): Actor {
  return { userId, label: username, grants, system: false };
}

/** Subtree paths where the actor holds `permission`; `['/']` means everywhere. */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  return actor.system ? ['/'] : scopeFor(actor.grants, permission);
}

export function can(actor: Actor, permission: Permission, unitPath?: string): boolean {
  const scope = scopeOf(actor, permission);
  return unitPath === undefined ? scope.length > 0 : pathInScope(unitPath, scope);
}

export function requireCan(actor: Actor, permission: Permission, unitPath?: string): void {
  if (!can(actor, permission, unitPath)) throw new ForbiddenError();
}

/** Installation-wide changes (level names, security settings) need the permission on a whole root of the tree. */
export function requireAtRoot(actor: Actor, permission: Permission): void {
  if (!scopeOf(actor, permission).some((p) => p === '/' || pathIds(p).length === 1)) {
    throw new ForbiddenError('Only an administrator of a whole tree (a root org unit) may change this');
  }
}
