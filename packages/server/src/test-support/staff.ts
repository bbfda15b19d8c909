/** Users the projects' and community tests sign in as, beside the demo's own: each a role on one org unit. */

import type { Role } from '@harbour/core';
import type { Services } from '../context.js';
import { DEMO_PASSWORD } from '../demo/demo-tree.js';
import { systemActor } from '../identity/actor.js';
import { createUser } from '../identity/users.js';

/** Managers of the demo's two member organisations, and Street Light's M&E officer. */
export const MEMBER_STAFF: readonly (readonly [string, Role, string])[] = [
  ['sln-manager', 'programme_manager', 'SLN'],
  ['brc-manager', 'programme_manager', 'BRC'],
  ['sln-me', 'me_officer', 'SLN'],
];

export async function createStaff(
  s: Services,
  staff: readonly (readonly [string, Role, string])[] = MEMBER_STAFF,
) {
  for (const [username, role, unit] of staff)
    await createUser(s, systemActor(), {
      username,
      displayName: username,
      password: DEMO_PASSWORD,
      locale: 'en',
      staffCode: null,
      grants: [{ role, orgUnitCode: unit }],
    });
}
