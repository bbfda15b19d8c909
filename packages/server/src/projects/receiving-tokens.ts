/**
 * Receiving tokens: how a member's own server (its own Harbour, or its own DHIS2) is let in to send
 * its figures to the consortium's Harbour. The lead issues one per member organisation; only the
 * token's hash is kept and the token is shown once. Access to a project's tokens is the lead's
 * (project-access.ts decides); a token itself lets its holder send values for its member and nothing else.
 */

import { randomBytes } from 'node:crypto';
import {
  type FieldIssue,
  ForbiddenError,
  INDICATOR_IDS,
  InputError,
  NotFoundError,
  parseInput,
  type ReceivingToken,
  receivingTokenInput,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { tokenHash } from '../sync/devices.js';
import { loadProject } from './project-service.js';

const TOKEN_PREFIX = 'hrt_';

async function leadOf(s: Services, actor: Actor, code: string) {
  const loaded = await loadProject(s, actor, code);
  if (loaded.access.level !== 'lead')
    throw new ForbiddenError("Only the project's lead manages its members' receiving tokens");
  return loaded;
}

/** The project's tokens, newest first, with how many values each member's server has sent. */
export async function listReceivingTokens(
  s: Services,
  actor: Actor,
  code: string,
): Promise<ReceivingToken[]> {
  const { project, members } = await leadOf(s, actor, code);
  const rows = await s.db
    .selectFrom('receiving_tokens')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('created_at', 'desc')
    .execute();
  const counts = rows.length
    ? await s.db
        .selectFrom('received_values')
        .select(['token_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where(
          'token_id',
          'in',
          rows.map((r) => r.id),
        )
        .groupBy('token_id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    member: members.find((m) => m.id === r.member_id)?.code ?? '',
    label: r.label,
    dataElements: JSON.parse(r.data_elements) as Record<string, string>,
    orgUnits: JSON.parse(r.org_units) as Record<string, string>,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    values: Number(counts.find((c) => c.token_id === r.id)?.n ?? 0),
  }));
}

/** Issues a token for one member of the project; the answer carries the token, which is never shown again. */
export async function issueReceivingToken(
  s: Services,
  actor: Actor,
  code: string,
  raw: unknown,
): Promise<ReceivingToken & { token: string }> {
  const { project, members, keeper } = await leadOf(s, actor, code);
  const input = parseInput(receivingTokenInput, raw);
  const issues: FieldIssue[] = [];
  const member = members.find((m) => m.code === input.member);
  if (!member)
    issues.push({
      field: 'member',
      value: input.member,
      rule: 'member',
      message: 'Not a member organisation of this project',
    });
  for (const [element, indicator] of Object.entries(input.dataElements ?? {}))
    if (!(INDICATOR_IDS as readonly string[]).includes(indicator))
      issues.push({
        field: `dataElements.${element}`,
        value: indicator,
        rule: 'enum',
        message: 'Not one of Harbour’s indicators (docs/indicators.md)',
      });
  const unitCodes = Object.values(input.orgUnits ?? {});
  if (member && unitCodes.length) {
    const units = await s.db
      .selectFrom('org_units')
      .select(['code', 'path'])
      .where('code', 'in', unitCodes)
      .execute();
    for (const [ref, unitCode] of Object.entries(input.orgUnits ?? {})) {
      const unit = units.find((u) => u.code === unitCode);
      if (!unit?.path.startsWith(member.path))
        issues.push({
          field: `orgUnits.${ref}`,
          value: unitCode,
          rule: 'member_unit',
          message: `Not an org unit of ${member.code}`,
        });
    }
  }
  if (issues.length || !member) throw new InputError(issues);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = uuidv7();
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('receiving_tokens')
      .values({
        id,
        token_hash: tokenHash(token),
        project_id: project.id,
        member_id: member.id,
        org_id: member.org_id ?? member.id,
        label: input.label,
        data_elements: JSON.stringify(input.dataElements ?? {}),
        org_units: JSON.stringify(input.orgUnits ?? {}),
        created_at: at,
        created_by: actor.userId,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'project.token_issued',
      entityType: 'project',
      entityId: project.id,
      orgUnitId: keeper.id,
      orgId: keeper.org_id,
      details: { project: project.code, member: member.code, token: id, label: input.label },
    });
  });
  return {
    id,
    member: member.code,
    label: input.label,
    dataElements: input.dataElements ?? {},
    orgUnits: input.orgUnits ?? {},
    createdAt: at,
    lastUsedAt: null,
    revokedAt: null,
    values: 0,
    token,
  };
}

/** Revokes a token: its server is refused from now on; what it sent stays. */
export async function revokeReceivingToken(
  s: Services,
  actor: Actor,
  code: string,
  id: string,
): Promise<void> {
  const { project, keeper } = await leadOf(s, actor, code);
  const row = await s.db
    .selectFrom('receiving_tokens')
    .select(['id', 'revoked_at', 'label'])
    .where('id', '=', id)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Token "${id}"`);
  if (row.revoked_at) return;
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('receiving_tokens')
      .set({ revoked_at: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'project.token_revoked',
      entityType: 'project',
      entityId: project.id,
      orgUnitId: keeper.id,
      orgId: keeper.org_id,
      details: { project: project.code, token: id, label: row.label },
    });
  });
}

export interface ReceivingSender {
  tokenId: string;
  label: string;
  projectId: string;
  member: { id: string; path: string; orgId: string };
  dataElements: Record<string, string>;
  orgUnits: Record<string, string>;
}

/** The sender a token stands for, or null for an unknown or revoked one (answered alike). */
export async function senderOf(s: Services, token: string | undefined): Promise<ReceivingSender | null> {
  if (!token?.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await s.db
    .selectFrom('receiving_tokens as t')
    .innerJoin('org_units as u', 'u.id', 't.member_id')
    .select([
      't.id',
      't.label',
      't.project_id',
      't.member_id',
      't.org_id',
      't.data_elements',
      't.org_units',
      't.revoked_at',
      'u.path',
    ])
    .where('t.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  return {
    tokenId: row.id,
    label: row.label,
    projectId: row.project_id,
    member: { id: row.member_id, path: row.path, orgId: row.org_id },
    dataElements: JSON.parse(row.data_elements) as Record<string, string>,
    orgUnits: JSON.parse(row.org_units) as Record<string, string>,
  };
}
