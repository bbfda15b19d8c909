/** All SQL of projects, their members, lines, budgets and spending. The service (project-service.ts) is the only caller. */

import type { Kysely, Transaction } from 'kysely';
import type {
  Database,
  ProjectBudgetTable,
  ProjectLineTable,
  ProjectSpendingTable,
  ProjectTable,
} from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  path: string;
  org_id: string | null;
}

export function unitsByCode(db: Db, codes: readonly string[]): Promise<UnitRef[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_units')
    .select(['id', 'code', 'name', 'path', 'org_id'])
    .where('code', 'in', [...codes])
    .execute();
}

export function unitsById(db: Db, ids: readonly string[]): Promise<UnitRef[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_units')
    .select(['id', 'code', 'name', 'path', 'org_id'])
    .where('id', 'in', [...ids])
    .execute();
}

export function projectByCode(db: Db, code: string): Promise<ProjectTable | undefined> {
  return db.selectFrom('projects').selectAll().where('code', '=', code).executeTakeFirst();
}

export function allProjects(db: Db): Promise<ProjectTable[]> {
  return db.selectFrom('projects').selectAll().orderBy('start_date', 'desc').orderBy('code').execute();
}

export async function membersOf(db: Db, projectIds: readonly string[]) {
  if (projectIds.length === 0) return [];
  return db
    .selectFrom('project_members')
    .select(['project_id', 'member_id'])
    .where('project_id', 'in', [...projectIds])
    .execute();
}

export function linesOf(db: Db, projectId: string): Promise<ProjectLineTable[]> {
  return db
    .selectFrom('project_lines')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('position')
    .execute();
}

export function budgetsOf(db: Db, projectId: string): Promise<ProjectBudgetTable[]> {
  return db.selectFrom('project_budgets').selectAll().where('project_id', '=', projectId).execute();
}

export function spendingOf(db: Db, projectId: string): Promise<ProjectSpendingTable[]> {
  return db
    .selectFrom('project_spending')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('period')
    .orderBy('member_id')
    .orderBy('line_code')
    .execute();
}

/** Replaces a project's set-up (members, lines, budgets); spending stays. */
export async function writeSetup(
  trx: Transaction<Database>,
  project: ProjectTable,
  members: readonly { id: string; org_id: string }[],
  lines: readonly { code: string; name: string }[],
  budgets: readonly Omit<ProjectBudgetTable, 'project_id'>[],
  exists: boolean,
): Promise<void> {
  if (exists) {
    const { id: _id, created_at: _c, created_by: _b, ...rest } = project;
    await trx.updateTable('projects').set(rest).where('id', '=', project.id).execute();
    for (const table of ['project_budgets', 'project_lines', 'project_members'] as const)
      await trx.deleteFrom(table).where('project_id', '=', project.id).execute();
  } else await trx.insertInto('projects').values(project).execute();
  await trx
    .insertInto('project_members')
    .values(members.map((m) => ({ project_id: project.id, member_id: m.id, org_id: m.org_id })))
    .execute();
  await trx
    .insertInto('project_lines')
    .values(lines.map((l, position) => ({ project_id: project.id, code: l.code, name: l.name, position })))
    .execute();
  if (budgets.length)
    await trx
      .insertInto('project_budgets')
      .values(budgets.map((b) => ({ ...b, project_id: project.id })))
      .execute();
}

/** The entry for a member, line and period, if one was recorded. */
export function spendingCell(
  db: Db,
  projectId: string,
  memberId: string,
  line: string,
  period: string,
): Promise<ProjectSpendingTable | undefined> {
  return db
    .selectFrom('project_spending')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('member_id', '=', memberId)
    .where('line_code', '=', line)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function putSpending(trx: Transaction<Database>, row: ProjectSpendingTable, replaces?: string) {
  if (replaces) await trx.deleteFrom('project_spending').where('id', '=', replaces).execute();
  await trx.insertInto('project_spending').values(row).execute();
}
