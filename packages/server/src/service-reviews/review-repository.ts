/** All of community monitoring's SQL: checklists, visits and action items, each with its site. */

import { pathIds, ROLES, roleAllows } from '@harbour/core';
import type { Kysely, Transaction } from 'kysely';
import type {
  Database,
  ReviewActionTable,
  ReviewChecklistTable,
  ServiceReviewTable,
} from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Site {
  id: string;
  code: string;
  name: string;
  path: string;
  org_id: string | null;
}

export const unitByCode = (db: Db, code: string): Promise<Site | undefined> =>
  db
    .selectFrom('org_units')
    .select(['id', 'code', 'name', 'path', 'org_id'])
    .where('code', '=', code)
    .executeTakeFirst();

export const unitsByIds = (db: Db, ids: readonly string[]): Promise<Site[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('org_units')
        .select(['id', 'code', 'name', 'path', 'org_id'])
        .where('id', 'in', ids)
        .execute();

/** The checklist that applies at a unit: its own, or the nearest above it. */
export async function checklistFor(
  db: Db,
  path: string,
): Promise<(ReviewChecklistTable & { unit_code: string }) | undefined> {
  const ids = pathIds(path);
  const rows = await db
    .selectFrom('review_checklists as c')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select(['u.code as unit_code', 'u.level'])
    .where('c.unit_id', 'in', ids)
    .execute();
  return rows.sort((a, b) => b.level - a.level)[0];
}

export const checklistById = (db: Db, id: string) =>
  db.selectFrom('review_checklists').selectAll().where('id', '=', id).executeTakeFirst();

export const checklistsByIds = (db: Db, ids: readonly string[]): Promise<ReviewChecklistTable[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('review_checklists').selectAll().where('id', 'in', ids).execute();

export async function saveChecklist(db: Db, row: ReviewChecklistTable): Promise<void> {
  await db
    .insertInto('review_checklists')
    .values(row)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({ name: row.name, items: row.items, updated_at: row.updated_at }),
    )
    .execute();
}

export type ReviewRow = ServiceReviewTable & {
  path: string;
  site_code: string;
  site_name: string;
  expert_name: string;
};

const reviewsWithSite = (db: Db) =>
  db
    .selectFrom('service_reviews as r')
    .innerJoin('org_units as u', 'u.id', 'r.site_id')
    .innerJoin('users as p', 'p.id', 'r.expert_id')
    .selectAll('r')
    .select(['u.path', 'u.code as site_code', 'u.name as site_name', 'p.display_name as expert_name']);

export const reviewById = (db: Db, id: string): Promise<ReviewRow | undefined> =>
  reviewsWithSite(db).where('r.id', '=', id).executeTakeFirst();

export const reviewsOfExpert = (db: Db, expertId: string): Promise<ReviewRow[]> =>
  reviewsWithSite(db).where('r.expert_id', '=', expertId).orderBy('r.due_on').execute();

export const reviewsOfSite = (db: Db, siteId: string): Promise<ReviewRow[]> =>
  reviewsWithSite(db).where('r.site_id', '=', siteId).orderBy('r.assigned_on').execute();

/** Every visit; the caller keeps what its scope allows. */
export const allReviews = (db: Db): Promise<ReviewRow[]> =>
  reviewsWithSite(db).orderBy('r.assigned_on', 'desc').execute();

export const insertReview = (db: Db, row: ServiceReviewTable) =>
  db.insertInto('service_reviews').values(row).execute();

export const updateReview = (db: Db, id: string, patch: Partial<ServiceReviewTable>) =>
  db.updateTable('service_reviews').set(patch).where('id', '=', id).execute();

export const deleteReview = (db: Db, id: string) =>
  db.deleteFrom('service_reviews').where('id', '=', id).execute();

export type ActionRow = ReviewActionTable & { path: string; site_code: string; site_name: string };

const actionsWithSite = (db: Db) =>
  db
    .selectFrom('review_actions as a')
    .innerJoin('org_units as u', 'u.id', 'a.site_id')
    .selectAll('a')
    .select(['u.path', 'u.code as site_code', 'u.name as site_name']);

export const actionById = (db: Db, id: string): Promise<ActionRow | undefined> =>
  actionsWithSite(db).where('a.id', '=', id).executeTakeFirst();

export const actionsOfSite = (db: Db, siteId: string): Promise<ActionRow[]> =>
  actionsWithSite(db).where('a.site_id', '=', siteId).orderBy('a.due_on').orderBy('a.id').execute();

export const allActions = (db: Db): Promise<ActionRow[]> => actionsWithSite(db).orderBy('a.due_on').execute();

export const insertAction = (db: Db, row: ReviewActionTable) =>
  db.insertInto('review_actions').values(row).execute();

export const updateAction = (db: Db, id: string, patch: Partial<ReviewActionTable>) =>
  db.updateTable('review_actions').set(patch).where('id', '=', id).execute();

const VISITING_ROLES = ROLES.filter((r) => roleAllows(r, 'scorecard.visit'));

/** People who may visit a site at `sitePath`: active users holding a visiting role on it or above it. */
export async function visitorPool(db: Db, sitePath: string): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
    .innerJoin('users as p', 'p.id', 'g.user_id')
    .select(['p.id', 'p.display_name', 'u.path'])
    .where('g.role', 'in', VISITING_ROLES)
    .where('p.disabled_at', 'is', null)
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows) if (sitePath.startsWith(r.path)) seen.set(r.id, r.display_name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
