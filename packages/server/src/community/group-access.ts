/**
 * Who may see and change the directory of drug-user groups and networks — decided here and nowhere else.
 *
 * - **The directory's readers** (`network.read` on the entry's keeper or above: programme managers,
 *   advocates, rights responders) see every entry kept in their subtree, with the contact the group
 *   shares and the notes about it.
 * - **Everyone signed in** sees the entries whose group agreed to be listed publicly, wherever they
 *   are kept — without contact or notes.
 * - **Changing** an entry (adding, editing, removing) takes `network.manage` on its keeper.
 * Anything else is answered as if the entry did not exist.
 */

import { pathInScope } from '@harbour/core';
import { type Actor, scopeOf } from '../identity/actor.js';

export type GroupView = 'full' | 'listing';

/** How the actor sees an entry kept at `keeperPath`, or null when they do not see it. */
export function groupView(actor: Actor, keeperPath: string, listedPublicly: boolean): GroupView | null {
  if (pathInScope(keeperPath, scopeOf(actor, 'network.read'))) return 'full';
  return listedPublicly ? 'listing' : null;
}

export function mayManageGroup(actor: Actor, keeperPath: string): boolean {
  return pathInScope(keeperPath, scopeOf(actor, 'network.manage'));
}
