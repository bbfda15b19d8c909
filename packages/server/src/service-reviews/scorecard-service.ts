/**
 * A site's community scorecard (every visit's scores per item and overall, clients' feedback, the
 * action items), and the programme's view of its sites: the latest score, visits still to make, and
 * actions open or late. Only submitted visits count.
 */

import {
  band,
  type Checklist,
  type ChecklistItem,
  isOpen,
  isOverdue,
  NotFoundError,
  overallScore,
  type ScorecardView,
  type SiteSummary,
  siteScorecard,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { actionView } from './action-service.js';
import { siteAccess } from './review-access.js';
import * as repo from './review-repository.js';

const today = (s: Services) => s.now().toISOString().slice(0, 10);

export async function scorecardOf(s: Services, actor: Actor, code: string): Promise<ScorecardView> {
  const site = await repo.unitByCode(s.db, code);
  if (!site || !siteAccess(actor, site.path)) throw new NotFoundError(`Site "${code}"`);
  const found = await repo.checklistFor(s.db, site.path);
  const checklist: Checklist | null = found
    ? {
        id: found.id,
        unit: found.unit_code,
        name: found.name,
        items: JSON.parse(found.items) as ChecklistItem[],
        updatedAt: found.updated_at,
      }
    : null;
  const visits = (await repo.reviewsOfSite(s.db, site.id)).filter((r) => r.state === 'submitted');
  const card = siteScorecard(
    checklist?.items ?? [],
    visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on!,
      scores: JSON.parse(v.scores!),
      feedback: JSON.parse(v.feedback!),
    })),
  );
  const actions = await Promise.all((await repo.actionsOfSite(s.db, site.id)).map((a) => actionView(s, a)));
  return { site: { code: site.code, name: site.name }, checklist, ...card, actions };
}

/** Every site in the caller's scope that has been asked for a visit or has an action item. */
export async function siteSummaries(s: Services, actor: Actor): Promise<SiteSummary[]> {
  const [reviews, actions] = await Promise.all([repo.allReviews(s.db), repo.allActions(s.db)]);
  const sites = new Map<string, SiteSummary & { lastOverall: number | null }>();
  const entry = (r: { site_id: string; site_code: string; site_name: string }) => {
    let e = sites.get(r.site_id);
    if (!e) {
      e = {
        site: { code: r.site_code, name: r.site_name },
        visits: 0,
        lastVisit: null,
        latest: null,
        band: null,
        openActions: 0,
        overdueActions: 0,
        pendingReviews: 0,
        lastOverall: null,
      };
      sites.set(r.site_id, e);
    }
    return e;
  };
  const day = today(s);
  for (const r of reviews.filter((x) => siteAccess(actor, x.path))) {
    const e = entry(r);
    if (r.state === 'assigned') {
      e.pendingReviews += 1;
      continue;
    }
    e.visits += 1;
    if (e.lastVisit === null || r.visited_on! >= e.lastVisit) {
      e.lastVisit = r.visited_on;
      e.lastOverall = overallScore(JSON.parse(r.scores!));
    }
  }
  for (const a of actions.filter((x) => siteAccess(actor, x.path))) {
    const e = entry(a);
    if (isOpen({ status: a.status })) e.openActions += 1;
    if (isOverdue({ status: a.status, dueOn: a.due_on }, day)) e.overdueActions += 1;
  }
  return [...sites.values()]
    .map(({ lastOverall, ...e }) => ({ ...e, latest: lastOverall, band: band(lastOverall) }))
    .sort((a, b) => a.site.name.localeCompare(b.site.name));
}
