/** `harbour demo`: a realistic demo consortium to click through. Safe to run again: existing parts are kept. */

import type { Services } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { createUser, findUserIdByUsername } from '../identity/users.js';
import { importOrgUnits } from '../org/org-units.js';
import { DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from './demo-tree.js';

export interface DemoResult {
  unitsCreated: number;
  usersCreated: number;
  users: { username: string; role: string; unit: string }[];
  password: string;
}

export async function createDemo(s: Services, _options: { seed?: number } = {}): Promise<DemoResult> {
  const actor = systemActor('demo');
  const csv = ['code,name,parent', ...DEMO_UNITS.map((u) => u.join(','))].join('\n');
  const tree = await importOrgUnits(s, actor, csv);
  if (tree.errors.length) throw new Error(`demo tree: ${tree.errors.map((e) => e.message).join('; ')}`);
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    if (await findUserIdByUsername(s.db, u.username)) continue;
    await createUser(s, actor, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      locale: u.locale ?? 'en',
      staffCode: u.staffCode ?? null,
      grants: [{ role: u.role, orgUnitCode: u.unit }],
    });
    usersCreated++;
  }
  return {
    unitsCreated: tree.created,
    usersCreated,
    users: DEMO_USERS.map((u) => ({ username: u.username, role: u.role, unit: u.unit })),
    password: DEMO_PASSWORD,
  };
}
