/** The org units where a person may work with clients, with what they may do at each (the console's site picker). */

import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { inScope } from '../store/scope.js';

export interface WorkSite {
  id: string;
  code: string;
  name: string;
  leaf: boolean;
  permissions: string[];
}

export async function workSites(s: Services, actor: Actor): Promise<WorkSite[]> {
  const perms = [
    'client.read',
    'client.write',
    'contact.write',
    'contact.correct',
    'referral.manage',
    'ost.dispense',
    'stock.manage',
    'register.import',
  ] as const;
  const units = new Map<string, WorkSite>();
  for (const p of perms) {
    const scope = scopeOf(actor, p);
    if (!scope.length) continue;
    const rows = await s.db
      .selectFrom('org_units as u')
      .select([
        'u.id',
        'u.code',
        'u.name',
        (eb) =>
          eb
            .exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))
            .as('has_children'),
      ])
      .where('u.org_id', 'is not', null)
      .where((eb) => inScope(eb, 'u.path', scope))
      .orderBy('u.code')
      .execute();
    for (const r of rows) {
      const u = units.get(r.id) ?? {
        id: r.id,
        code: r.code,
        name: r.name,
        leaf: !r.has_children,
        permissions: [],
      };
      u.permissions.push(p);
      units.set(r.id, u);
    }
  }
  return [...units.values()];
}
