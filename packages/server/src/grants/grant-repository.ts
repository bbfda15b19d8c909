/** All of the grants module's SQL: calls, applications, files, reviews, tranches and reports. */

import { ROLES, roleAllows } from '@harbour/core';
import type { Kysely, Transaction } from 'kysely';
import type {
  Database,
  GrantApplicationTable,
  GrantCallTable,
  GrantFileTable,
  GrantReportTable,
  GrantReviewTable,
  GrantTrancheTable,
} from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type CallRow = GrantCallTable & { path: string; unit_code: string };
export type ApplicationRow = GrantApplicationTable & { path: string; unit_id: string };

export const unitByCode = (db: Db, code: string) =>
  db
    .selectFrom('org_units')
    .select(['id', 'path', 'org_id', 'code'])
    .where('code', '=', code)
    .executeTakeFirst();

const callsWithUnit = (db: Db) =>
  db
    .selectFrom('grant_calls as c')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select(['u.path', 'u.code as unit_code']);

export const callById = (db: Db, id: string): Promise<CallRow | undefined> =>
  callsWithUnit(db).where('c.id', '=', id).executeTakeFirst();

export const allCalls = (db: Db): Promise<CallRow[]> =>
  callsWithUnit(db).orderBy('c.opens_at', 'desc').execute();

export const insertCall = (db: Db, row: GrantCallTable) => db.insertInto('grant_calls').values(row).execute();

export const updateCall = (db: Db, id: string, patch: Partial<GrantCallTable>) =>
  db.updateTable('grant_calls').set(patch).where('id', '=', id).execute();

const applicationsWithUnit = (db: Db) =>
  db
    .selectFrom('grant_applications as a')
    .innerJoin('grant_calls as c', 'c.id', 'a.call_id')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .selectAll('a')
    .select(['u.path', 'c.unit_id']);

export const applicationById = (db: Db, id: string): Promise<ApplicationRow | undefined> =>
  applicationsWithUnit(db).where('a.id', '=', id).executeTakeFirst();

export const applicationByToken = (db: Db, hash: string): Promise<ApplicationRow | undefined> =>
  applicationsWithUnit(db).where('a.token_hash', '=', hash).executeTakeFirst();

export const applicationsOfCall = (db: Db, callId: string): Promise<GrantApplicationTable[]> =>
  db
    .selectFrom('grant_applications')
    .selectAll()
    .where('call_id', '=', callId)
    .orderBy('created_at')
    .execute();

export const applicationCounts = (db: Db) =>
  db.selectFrom('grant_applications').select(['call_id', 'awarded_amount', 'decision']).execute();

export const insertApplication = (db: Db, row: GrantApplicationTable) =>
  db.insertInto('grant_applications').values(row).execute();

export const updateApplication = (db: Db, id: string, patch: Partial<GrantApplicationTable>) =>
  db.updateTable('grant_applications').set(patch).where('id', '=', id).execute();

/** Files without their content (lists). */
export const filesOf = (db: Db, applicationIds: readonly string[]) =>
  applicationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('grant_files')
        .select(['id', 'application_id', 'field_id', 'name', 'file_type', 'size'])
        .where('application_id', 'in', applicationIds)
        .orderBy('created_at')
        .execute();

export const fileById = (db: Db, id: string): Promise<GrantFileTable | undefined> =>
  db.selectFrom('grant_files').selectAll().where('id', '=', id).executeTakeFirst();

/** One file per question: a new one replaces the old. */
export async function putFile(db: Db, row: GrantFileTable) {
  await db
    .deleteFrom('grant_files')
    .where('application_id', '=', row.application_id)
    .where('field_id', '=', row.field_id)
    .execute();
  await db.insertInto('grant_files').values(row).execute();
}

export const reviewsOfCall = (db: Db, callId: string) =>
  db
    .selectFrom('grant_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .selectAll('r')
    .select('u.display_name')
    .where('r.call_id', '=', callId)
    .orderBy('r.assigned_at')
    .execute();

export const reviewOf = (
  db: Db,
  applicationId: string,
  reviewerId: string,
): Promise<GrantReviewTable | undefined> =>
  db
    .selectFrom('grant_reviews')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('reviewer_id', '=', reviewerId)
    .executeTakeFirst();

export const reviewsOfReviewer = (db: Db, reviewerId: string) =>
  db
    .selectFrom('grant_reviews as r')
    .innerJoin('grant_calls as c', 'c.id', 'r.call_id')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .selectAll('r')
    .select(['c.definition', 'u.path'])
    .where('r.reviewer_id', '=', reviewerId)
    .orderBy('r.assigned_at')
    .execute();

export const insertReviews = (db: Db, rows: GrantReviewTable[]) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .insertInto('grant_reviews')
        .values(rows)
        .execute()
        .then(() => undefined);

export const updateReview = (
  db: Db,
  applicationId: string,
  reviewerId: string,
  patch: Partial<GrantReviewTable>,
) =>
  db
    .updateTable('grant_reviews')
    .set(patch)
    .where('application_id', '=', applicationId)
    .where('reviewer_id', '=', reviewerId)
    .execute();

const REVIEWER_ROLES = ROLES.filter((r) => roleAllows(r, 'grants.review'));

/** People who may review a call at `unitPath`: active users holding a reviewing role on it or above it. */
export async function reviewerPool(db: Db, unitPath: string): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
    .innerJoin('users as p', 'p.id', 'g.user_id')
    .select(['p.id', 'p.display_name', 'u.path'])
    .where('g.role', 'in', REVIEWER_ROLES)
    .where('p.disabled_at', 'is', null)
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows) if (unitPath.startsWith(r.path)) seen.set(r.id, r.display_name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
}

export const tranchesOf = (db: Db, applicationIds: readonly string[]): Promise<GrantTrancheTable[]> =>
  applicationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('grant_tranches')
        .selectAll()
        .where('application_id', 'in', applicationIds)
        .orderBy('planned_on')
        .execute();

export const insertTranche = (db: Db, row: GrantTrancheTable) =>
  db.insertInto('grant_tranches').values(row).execute();

export const payTranche = (db: Db, id: string, paidOn: string) =>
  db.updateTable('grant_tranches').set({ paid_on: paidOn }).where('id', '=', id).execute();

export const reportsOf = (db: Db, applicationIds: readonly string[]): Promise<GrantReportTable[]> =>
  applicationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('grant_reports')
        .selectAll()
        .where('application_id', 'in', applicationIds)
        .orderBy('due_on')
        .execute();

export const insertReports = (db: Db, rows: GrantReportTable[]) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .insertInto('grant_reports')
        .values(rows)
        .execute()
        .then(() => undefined);

export const updateReport = (db: Db, id: string, patch: Partial<GrantReportTable>) =>
  db.updateTable('grant_reports').set(patch).where('id', '=', id).execute();
