/** Demo users as actors, for service tests that skip HTTP. */

import type { Kysely } from 'kysely';
import { type Actor, userActor } from '../identity/actor.js';
import { loadGrants } from '../identity/users.js';
import type { Database } from '../store/schema.js';

export async function actorFor(db: Kysely<Database>, username: string): Promise<Actor> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return userActor(row.id, username, await loadGrants(db, row.id));
}
