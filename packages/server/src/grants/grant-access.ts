/**
 * Who may do what in a small-grants call — decided here and nowhere else.
 *
 * - **Officers** (`grants.manage` on the call's unit or above) run the call: change it, screen,
 *   assign reviewers, decide, manage grants, and read each group's chosen contact (audited).
 * - **Readers** (`grants.read` there: programme managers) see the dashboard and decisions — group
 *   names and scores, never contacts, files or answers.
 * - **Reviewers** (`grants.review` there) see only the applications they are assigned to, without
 *   the group's contact; nothing at all of an application where they declared a conflict.
 * - **Groups** reach their own application through the private link, and nothing else.
 * Anything else is answered as if the call or application did not exist.
 */

import { pathInScope } from '@harbour/core';
import { type Actor, scopeOf } from '../identity/actor.js';

export type CallAccess = 'manage' | 'read';

export function callAccess(actor: Actor, unitPath: string): CallAccess | null {
  if (pathInScope(unitPath, scopeOf(actor, 'grants.manage'))) return 'manage';
  if (pathInScope(unitPath, scopeOf(actor, 'grants.read'))) return 'read';
  return null;
}

/** The reviewer may open this application: assigned, within their scope, and not off it for a conflict. */
export function mayReview(
  actor: Actor,
  unitPath: string,
  assignment: { reviewer_id: string; state: string } | undefined,
): boolean {
  return (
    !!assignment &&
    actor.userId === assignment.reviewer_id &&
    pathInScope(unitPath, scopeOf(actor, 'grants.review'))
  );
}
