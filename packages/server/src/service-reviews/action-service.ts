/** Action items: what a finding becomes — added by those who run the reviews, moved along by the site. */

import {
  type ActionItem,
  actionItemInput,
  actionUpdateInput,
  actionUpdateIssues,
  type ChecklistItem,
  InputError,
  isOverdue,
  NotFoundError,
  parseInput,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { mayAct, siteAccess } from './review-access.js';
import * as repo from './review-repository.js';
import { seal, unseal, unsealOrNull } from './seal.js';

const today = (s: Services) => s.now().toISOString().slice(0, 10);

export async function actionView(s: Services, a: repo.ActionRow): Promise<ActionItem> {
  return {
    id: a.id,
    site: { code: a.site_code, name: a.site_name },
    reviewId: a.review_id,
    item: a.item,
    action: await unseal(s, a.action, 'actions', a.id, 'action'),
    owner: await unseal(s, a.owner, 'actions', a.id, 'owner'),
    dueOn: a.due_on,
    status: a.status,
    note: await unsealOrNull(s, a.note, 'actions', a.id, 'note'),
    overdue: isOverdue({ status: a.status, dueOn: a.due_on }, today(s)),
    updatedAt: a.updated_at,
  };
}

export async function addAction(s: Services, actor: Actor, raw: unknown): Promise<ActionItem> {
  const input = parseInput(actionItemInput, raw);
  const site = await repo.unitByCode(s.db, input.site);
  if (!site || siteAccess(actor, site.path) !== 'manage') throw new NotFoundError(`Site "${input.site}"`);
  if (input.reviewId) {
    const review = await repo.reviewById(s.db, input.reviewId);
    if (!review || review.site_id !== site.id)
      throw new InputError({
        field: 'reviewId',
        value: input.reviewId,
        rule: 'enum',
        message: `Not a visit to ${site.code}`,
      });
    const items = JSON.parse((await repo.checklistById(s.db, review.checklist_id))!.items) as ChecklistItem[];
    if (input.item && !items.some((i) => i.id === input.item))
      throw new InputError({
        field: 'item',
        value: input.item,
        rule: 'enum',
        message: `"${input.item}" is not on that visit's checklist`,
      });
  }
  const id = uuidv7();
  const owner = site.org_id ?? site.id;
  const at = s.now().toISOString();
  // Sealed before the transaction: the organisation's key may be loaded through the database.
  const sealed = {
    action: await seal(s, owner, input.action, 'actions', id, 'action'),
    owner: await seal(s, owner, input.owner, 'actions', id, 'owner'),
  };
  await s.db.transaction().execute(async (trx) => {
    await repo.insertAction(trx, {
      id,
      site_id: site.id,
      org_id: owner,
      review_id: input.reviewId ?? null,
      item: input.item ?? null,
      ...sealed,
      due_on: input.dueOn,
      status: 'open',
      note: null,
      created_at: at,
      updated_at: at,
    });
    await s.audit.record(trx, actor, {
      action: 'scorecard.action_added',
      entityType: 'scorecard',
      entityId: id,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { site: site.code, item: input.item ?? null, dueOn: input.dueOn },
    });
  });
  return actionView(s, (await repo.actionById(s.db, id))!);
}

export async function updateAction(s: Services, actor: Actor, id: string, raw: unknown): Promise<ActionItem> {
  const a = await repo.actionById(s.db, id);
  if (!a || !mayAct(actor, a.path)) throw new NotFoundError(`Action "${id}"`);
  const input = parseInput(actionUpdateInput, raw);
  const issues = actionUpdateIssues(input);
  if (issues.length > 0) throw new InputError(issues);
  const at = s.now().toISOString();
  // Sealed before the transaction: the organisation's key may be loaded through the database.
  const patch = {
    status: input.status,
    ...(input.note !== undefined && {
      note: input.note ? await seal(s, a.org_id, input.note, 'actions', id, 'note') : null,
    }),
    ...(input.owner !== undefined && { owner: await seal(s, a.org_id, input.owner, 'actions', id, 'owner') }),
    ...(input.dueOn !== undefined && { due_on: input.dueOn }),
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    await repo.updateAction(trx, id, patch);
    await s.audit.record(trx, actor, {
      action: 'scorecard.action_updated',
      entityType: 'scorecard',
      entityId: id,
      orgUnitId: a.site_id,
      orgId: a.org_id,
      details: { from: a.status, to: input.status, fields: Object.keys(input) },
    });
  });
  return actionView(s, (await repo.actionById(s.db, id))!);
}
