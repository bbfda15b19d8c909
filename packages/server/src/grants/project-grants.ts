/**
 * A consortium project's small grants: the calls that report to it, with how many groups applied,
 * how many were awarded, the money awarded and paid, and where the grants stand. Counts and money
 * only — never a group's name — so every reader of the project (a donor's totals too) may see it.
 */

import { callPhase, fromCents, type ProjectGrants, toCents } from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { loadProject } from '../projects/project-service.js';
import { definitionOf } from './call-service.js';
import * as repo from './grant-repository.js';

export async function projectGrants(s: Services, actor: Actor, code: string): Promise<ProjectGrants> {
  await loadProject(s, actor, code);
  const calls = (await repo.allCalls(s.db)).filter((c) => definitionOf(c).project === code);
  const out: ProjectGrants['calls'] = [];
  for (const c of calls) {
    const def = definitionOf(c);
    const apps = await repo.applicationsOfCall(s.db, c.id);
    const awarded = apps.filter((a) => a.decision === 'awarded');
    const tranches = await repo.tranchesOf(
      s.db,
      awarded.map((a) => a.id),
    );
    const byStatus: Record<string, number> = {};
    for (const a of awarded)
      if (a.grant_status) byStatus[a.grant_status] = (byStatus[a.grant_status] ?? 0) + 1;
    const sum = (xs: (string | null)[]) =>
      fromCents(xs.reduce((t, x) => t + (x ? (toCents(x) ?? 0n) : 0n), 0n));
    out.push({
      id: c.id,
      title: def.title,
      phase: callPhase(def, s.now()),
      currency: def.currency,
      applications: apps.length,
      awarded: awarded.length,
      awardedAmount: sum(awarded.map((a) => a.awarded_amount)),
      paidAmount: sum(tranches.filter((t) => t.paid_on).map((t) => t.amount)),
      byStatus,
    });
  }
  return { calls: out };
}
