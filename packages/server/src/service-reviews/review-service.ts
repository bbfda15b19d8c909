/**
 * Service reviews: the checklist a programme scores sites by, asking an expert to visit a site, and
 * the expert's visit — a score per item, notes, a summary and clients' feedback as counts. A visit
 * once sent stays as sent: sending the same visit again (a phone that lost the answer) is answered
 * with what is kept; sending a different one is refused.
 */

import {
  type Checklist,
  type ChecklistItem,
  ConflictError,
  checklistInput,
  DEFAULT_CHECKLIST_ITEMS,
  DEFAULT_CHECKLIST_NAME,
  InputError,
  NotFoundError,
  overallScore,
  parseInput,
  type ServiceReview,
  type ServiceReviewDetail,
  uuidv7,
  visitInput,
  visitIssues,
} from '@harbour/core';
import { z } from 'zod';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { mayVisit, siteAccess } from './review-access.js';
import * as repo from './review-repository.js';
import { seal, unsealOrNull } from './seal.js';

const today = (s: Services) => s.now().toISOString().slice(0, 10);
const ownerOf = (u: { org_id: string | null; id: string }) => u.org_id ?? u.id;

export const assignInput = z
  .object({
    site: z.string().trim().min(1).max(40),
    expertId: z.string().uuid(),
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  })
  .strict();

async function siteFor(s: Services, actor: Actor, code: string, need: 'manage' | 'read') {
  const site = await repo.unitByCode(s.db, code);
  const access = site ? siteAccess(actor, site.path) : null;
  if (!site || !access || (need === 'manage' && access !== 'manage'))
    throw new NotFoundError(`Site "${code}"`);
  return site;
}

function checklistView(
  row: { id: string; name: string; items: string; updated_at: string },
  unit: string,
): Checklist {
  return {
    id: row.id,
    unit,
    name: row.name,
    items: JSON.parse(row.items) as ChecklistItem[],
    updatedAt: row.updated_at,
  };
}

/** The checklist that applies at a unit; the default (not yet saved, id "") where none does. */
export async function checklistAt(s: Services, actor: Actor, code: string): Promise<Checklist> {
  const unit = await siteFor(s, actor, code, 'read');
  const row = await repo.checklistFor(s.db, unit.path);
  return row
    ? checklistView(row, row.unit_code)
    : {
        id: '',
        unit: code,
        name: DEFAULT_CHECKLIST_NAME,
        items: [...DEFAULT_CHECKLIST_ITEMS],
        updatedAt: '',
      };
}

export async function saveChecklist(s: Services, actor: Actor, raw: unknown): Promise<Checklist> {
  const input = parseInput(checklistInput, raw);
  const unit = await siteFor(s, actor, input.unit, 'manage');
  const at = s.now().toISOString();
  const existing = (await repo.checklistFor(s.db, unit.path))?.unit_id === unit.id;
  await s.db.transaction().execute(async (trx) => {
    await repo.saveChecklist(trx, {
      id: uuidv7(),
      unit_id: unit.id,
      org_id: ownerOf(unit),
      name: input.name,
      items: JSON.stringify(input.items),
      created_at: at,
      updated_at: at,
    });
    await s.audit.record(trx, actor, {
      action: 'scorecard.checklist_saved',
      entityType: 'scorecard',
      entityId: unit.id,
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: { items: input.items.length, replaced: existing },
    });
  });
  return checklistAt(s, actor, input.unit);
}

/** The checklist a new visit at `site` is scored by: the one that applies, or the default saved where the caller runs reviews. */
async function checklistToUse(s: Services, actor: Actor, site: repo.Site): Promise<string> {
  const found = await repo.checklistFor(s.db, site.path);
  if (found) return found.id;
  const top = scopeOf(actor, 'scorecard.manage').find((p) => site.path.startsWith(p)) ?? site.path;
  const unitId = top === '/' ? site.path.split('/')[1]! : top.split('/').filter(Boolean).at(-1)!;
  const [unit] = await repo.unitsByIds(s.db, [unitId]);
  await saveChecklist(s, actor, {
    unit: unit!.code,
    name: DEFAULT_CHECKLIST_NAME,
    items: DEFAULT_CHECKLIST_ITEMS,
  });
  return (await repo.checklistFor(s.db, site.path))!.id;
}

function reviewView(r: repo.ReviewRow): ServiceReview {
  return {
    id: r.id,
    checklistId: r.checklist_id,
    site: { code: r.site_code, name: r.site_name },
    expert: { id: r.expert_id, name: r.expert_name },
    state: r.state,
    assignedOn: r.assigned_on,
    dueOn: r.due_on,
    visitedOn: r.visited_on,
    overall: r.scores ? overallScore(JSON.parse(r.scores)) : null,
    submittedAt: r.submitted_at,
  };
}

/** Ask an expert to visit a site by a day. */
export async function assignVisit(s: Services, actor: Actor, raw: unknown): Promise<ServiceReview> {
  const input = parseInput(assignInput, raw);
  const site = await siteFor(s, actor, input.site, 'manage');
  const pool = await repo.visitorPool(s.db, site.path);
  if (!pool.some((p) => p.id === input.expertId))
    throw new InputError({
      field: 'expertId',
      value: input.expertId,
      rule: 'enum',
      message: `Not a community expert who may visit ${site.code}`,
    });
  if (input.dueOn < today(s))
    throw new InputError({
      field: 'dueOn',
      value: input.dueOn,
      rule: 'past',
      message: 'The day to visit by has passed',
    });
  const checklistId = await checklistToUse(s, actor, site);
  const id = uuidv7();
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await repo.insertReview(trx, {
      id,
      checklist_id: checklistId,
      site_id: site.id,
      org_id: ownerOf(site),
      expert_id: input.expertId,
      assigned_on: today(s),
      due_on: input.dueOn,
      state: 'assigned',
      visited_on: null,
      scores: null,
      notes: null,
      summary: null,
      feedback: null,
      submitted_at: null,
      created_at: at,
      updated_at: at,
    });
    await s.audit.record(trx, actor, {
      action: 'scorecard.visit_assigned',
      entityType: 'scorecard',
      entityId: id,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { site: site.code, dueOn: input.dueOn },
    });
  });
  return reviewView((await repo.reviewById(s.db, id))!);
}

/** Take back a visit not yet made. */
export async function withdrawVisit(s: Services, actor: Actor, id: string): Promise<void> {
  const r = await repo.reviewById(s.db, id);
  if (!r || siteAccess(actor, r.path) !== 'manage') throw new NotFoundError(`Visit "${id}"`);
  if (r.state !== 'assigned')
    throw new ConflictError({
      field: 'state',
      value: r.state,
      rule: 'state',
      message: 'A visit already made stays on the scorecard',
    });
  await s.db.transaction().execute(async (trx) => {
    await repo.deleteReview(trx, id);
    await s.audit.record(trx, actor, {
      action: 'scorecard.visit_withdrawn',
      entityType: 'scorecard',
      entityId: id,
      orgUnitId: r.site_id,
      orgId: r.org_id,
    });
  });
}

/** Visits the caller runs or reads (of one site, or all in scope), newest first. */
export async function listVisits(s: Services, actor: Actor, siteCode?: string): Promise<ServiceReview[]> {
  const rows = siteCode
    ? await repo.reviewsOfSite(s.db, (await siteFor(s, actor, siteCode, 'read')).id)
    : await repo.allReviews(s.db);
  return rows.filter((r) => siteAccess(actor, r.path)).map(reviewView);
}

export async function visitorsFor(s: Services, actor: Actor, siteCode: string) {
  const site = await siteFor(s, actor, siteCode, 'manage');
  return repo.visitorPool(s.db, site.path);
}

/** The visits an expert is asked to make, those to make first. */
export async function myVisits(s: Services, actor: Actor): Promise<ServiceReview[]> {
  if (!actor.userId) return [];
  return (await repo.reviewsOfExpert(s.db, actor.userId))
    .filter((r) => mayVisit(actor, r.path, r))
    .map(reviewView)
    .sort((a, b) => (a.state === b.state ? a.dueOn.localeCompare(b.dueOn) : a.state === 'assigned' ? -1 : 1));
}

async function detailOf(s: Services, r: repo.ReviewRow): Promise<ServiceReviewDetail> {
  const checklist = (await repo.checklistById(s.db, r.checklist_id))!;
  const [unit] = await repo.unitsByIds(s.db, [checklist.unit_id]);
  const notes = await unsealOrNull(s, r.notes, 'reviews', r.id, 'notes');
  return {
    ...reviewView(r),
    checklist: checklistView(checklist, unit!.code),
    scores: r.scores ? JSON.parse(r.scores) : {},
    notes: notes ? JSON.parse(notes) : {},
    summary: (await unsealOrNull(s, r.summary, 'reviews', r.id, 'summary')) ?? '',
    feedback: r.feedback ? JSON.parse(r.feedback) : { asked: 0, good: 0, fair: 0, poor: 0 },
  };
}

/** A visit with what the expert wrote: for the expert, and for those who run the reviews (audited). */
export async function visitDetail(s: Services, actor: Actor, id: string): Promise<ServiceReviewDetail> {
  const r = await repo.reviewById(s.db, id);
  const expert = r !== undefined && mayVisit(actor, r.path, r);
  if (!r || (!expert && siteAccess(actor, r.path) !== 'manage')) throw new NotFoundError(`Visit "${id}"`);
  if (!expert && r.state === 'submitted')
    await s.db.transaction().execute((trx) =>
      s.audit.record(trx, actor, {
        action: 'scorecard.visit_read',
        entityType: 'scorecard',
        entityId: id,
        orgUnitId: r.site_id,
        orgId: r.org_id,
      }),
    );
  return detailOf(s, r);
}

const sameVisit = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The expert sends their visit; the same visit sent twice is kept once. */
export async function submitVisit(
  s: Services,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<ServiceReviewDetail> {
  const r = await repo.reviewById(s.db, id);
  if (!r || !mayVisit(actor, r.path, r)) throw new NotFoundError(`Visit "${id}"`);
  const visit = parseInput(visitInput, raw);
  const notes = Object.fromEntries(Object.entries(visit.notes).filter(([, v]) => v !== ''));
  if (r.state === 'submitted') {
    const kept = await detailOf(s, r);
    const sent = {
      visitedOn: visit.visitedOn,
      scores: visit.scores,
      notes,
      summary: visit.summary,
      feedback: visit.feedback,
    };
    const was = {
      visitedOn: kept.visitedOn,
      scores: kept.scores,
      notes: kept.notes,
      summary: kept.summary,
      feedback: kept.feedback,
    };
    if (sameVisit(sent, was)) return kept;
    throw new ConflictError({
      field: 'state',
      value: r.state,
      rule: 'submitted',
      message: 'This visit was already sent; ask the programme to open a new one',
    });
  }
  const checklist = (await repo.checklistById(s.db, r.checklist_id))!;
  const items = JSON.parse(checklist.items) as ChecklistItem[];
  const issues = visitIssues(items, visit, today(s), r.assigned_on);
  if (issues.length > 0) throw new InputError(issues);
  const at = s.now().toISOString();
  // Sealed before the transaction: the organisation's key may be loaded through the database.
  const sealedNotes = await seal(s, r.org_id, JSON.stringify(notes), 'reviews', id, 'notes');
  const sealedSummary = visit.summary
    ? await seal(s, r.org_id, visit.summary, 'reviews', id, 'summary')
    : null;
  await s.db.transaction().execute(async (trx) => {
    await repo.updateReview(trx, id, {
      state: 'submitted',
      visited_on: visit.visitedOn,
      scores: JSON.stringify(visit.scores),
      notes: sealedNotes,
      summary: sealedSummary,
      feedback: JSON.stringify(visit.feedback),
      submitted_at: at,
      updated_at: at,
    });
    await s.audit.record(trx, actor, {
      action: 'scorecard.visit_submitted',
      entityType: 'scorecard',
      entityId: id,
      orgUnitId: r.site_id,
      orgId: r.org_id,
      details: {
        scored: Object.values(visit.scores).filter((v) => v !== null).length,
        notes: Object.keys(notes).length,
      },
    });
  });
  return detailOf(s, (await repo.reviewById(s.db, id))!);
}
