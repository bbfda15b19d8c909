/**
 * Who may do what with community-led monitoring — decided here and nowhere else.
 *
 * - **Those who run the reviews** (`scorecard.manage` on the site or above: programme managers) set
 *   the checklist, ask experts to visit sites, read every visit with its notes, add action items and
 *   export the scorecard.
 * - **Readers** (`scorecard.read` there: site managers, M&E officers) see the site's scorecard and
 *   its action items — scores and what will be done, not the expert's notes.
 * - **Those who act** (`scorecard.act` there: site managers) move an action item along.
 * - **The expert** (`scorecard.visit`) sees and records only the visits they are asked to make, within
 *   their scope.
 * Anything else is answered as if the site, visit or action did not exist.
 */

import { pathInScope } from '@harbour/core';
import { type Actor, scopeOf } from '../identity/actor.js';

export type SiteAccess = 'manage' | 'read';

export function siteAccess(actor: Actor, sitePath: string): SiteAccess | null {
  if (pathInScope(sitePath, scopeOf(actor, 'scorecard.manage'))) return 'manage';
  if (pathInScope(sitePath, scopeOf(actor, 'scorecard.read'))) return 'read';
  return null;
}

export function mayAct(actor: Actor, sitePath: string): boolean {
  return (
    pathInScope(sitePath, scopeOf(actor, 'scorecard.manage')) ||
    pathInScope(sitePath, scopeOf(actor, 'scorecard.act'))
  );
}

/** The expert asked to make this visit, within the scope where they may visit. */
export function mayVisit(actor: Actor, sitePath: string, review: { expert_id: string }): boolean {
  return actor.userId === review.expert_id && pathInScope(sitePath, scopeOf(actor, 'scorecard.visit'));
}
