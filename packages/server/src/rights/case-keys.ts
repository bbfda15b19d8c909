/**
 * Each case's narrative is sealed with a key of its own, which is itself sealed with the
 * organisation's data key. Destroying a case key (consent withdrawn) makes the narrative unreadable
 * for good — even to someone holding the master key and an old copy of the row.
 */

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { open, seal } from '../crypto/envelope.js';
import { type Actor, requireAtRoot } from '../identity/actor.js';
import type { Database } from '../store/schema.js';

const keyAad = (caseId: string) => `rights-case-key:${caseId}`;
const narrativeAad = (caseId: string) => `rights-narrative:${caseId}`;

export async function sealNarrative(
  s: Services,
  orgId: string,
  caseId: string,
  text: string,
): Promise<{ wrapped: string; narrative: string }> {
  const key = randomBytes(32);
  const wrapped = await s.dataKeys.encrypt(orgId, key.toString('base64'), keyAad(caseId));
  const narrative = seal(key, Buffer.from(text, 'utf8'), narrativeAad(caseId)).toString('base64');
  key.fill(0);
  return { wrapped, narrative };
}

export async function openNarrative(
  s: Services,
  caseId: string,
  wrapped: string | undefined,
  narrative: string | null,
): Promise<string | null> {
  if (!wrapped || !narrative) return null;
  const key = Buffer.from(await s.dataKeys.decrypt(wrapped, keyAad(caseId)), 'base64');
  try {
    return open(key, Buffer.from(narrative, 'base64'), narrativeAad(caseId)).toString('utf8');
  } finally {
    key.fill(0);
  }
}

/** After the organisation's data key is rotated, seal every case key with the new version (in batches, online). */
export async function rewrapCaseKeys(s: Services, orgId: string): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await s.db
      .selectFrom('rights_case_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('case_id', '>', after)
      .orderBy('case_id')
      .limit(500)
      .execute();
    if (rows.length === 0) return done;
    const updated = await Promise.all(
      rows.map(async (r) => ({
        case_id: r.case_id,
        wrapped: await s.dataKeys.encrypt(
          orgId,
          await s.dataKeys.decrypt(r.wrapped, keyAad(r.case_id)),
          keyAad(r.case_id),
        ),
      })),
    );
    await s.db.transaction().execute(async (trx: Kysely<Database>) => {
      for (const u of updated)
        await trx
          .updateTable('rights_case_keys')
          .set({ wrapped: u.wrapped })
          .where('case_id', '=', u.case_id)
          .execute();
    });
    done += rows.length;
    after = rows[rows.length - 1]!.case_id;
  }
}

const noteAad = (caseId: string, rowId: string) => `rights-note:${caseId}:${rowId}`;

/**
 * Seals a note on one of the case's responses or follow-ups with the case's key. A case recorded
 * without a narrative has no key yet: one is made, and `wrapped` says to store it (in the same
 * transaction as the note). Called before the transaction: unsealing needs the data key.
 */
export async function sealCaseNote(
  s: Services,
  c: { id: string; org_id: string },
  rowId: string,
  text: string,
): Promise<{ note: string; newKey: string | null }> {
  const stored = await s.db
    .selectFrom('rights_case_keys')
    .select('wrapped')
    .where('case_id', '=', c.id)
    .executeTakeFirst();
  const key = stored
    ? Buffer.from(await s.dataKeys.decrypt(stored.wrapped, keyAad(c.id)), 'base64')
    : randomBytes(32);
  try {
    const newKey = stored ? null : await s.dataKeys.encrypt(c.org_id, key.toString('base64'), keyAad(c.id));
    return { note: seal(key, Buffer.from(text, 'utf8'), noteAad(c.id, rowId)).toString('base64'), newKey };
  } finally {
    key.fill(0);
  }
}

/** The notes of a case's rows, opened with its key; none when the key is gone (consent withdrawn). */
export async function openCaseNotes(
  s: Services,
  caseId: string,
  wrapped: string | undefined,
  rows: readonly { id: string; note: string | null }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!wrapped || rows.every((r) => !r.note)) return out;
  const key = Buffer.from(await s.dataKeys.decrypt(wrapped, keyAad(caseId)), 'base64');
  try {
    for (const r of rows)
      if (r.note)
        out.set(r.id, open(key, Buffer.from(r.note, 'base64'), noteAad(caseId, r.id)).toString('utf8'));
  } finally {
    key.fill(0);
  }
  return out;
}

/**
 * Starts a new version of an organisation's data key (named by any of its units' codes) and re-seals
 * every case key with it, online; at the root only. An unknown code rotates nothing.
 */
export async function rotateDataKey(
  s: Services,
  actor: Actor,
  orgUnitCode: string,
): Promise<{ rotated: boolean; version?: number; caseKeys: number }> {
  requireAtRoot(actor, 'keys.manage');
  const unit = await s.db
    .selectFrom('org_units')
    .select(['org_id'])
    .where('code', '=', orgUnitCode)
    .executeTakeFirst();
  if (!unit?.org_id) return { rotated: false, caseKeys: 0 };
  const orgId = unit.org_id;
  const key = await s.dataKeys.rotate(orgId);
  const caseKeys = await rewrapCaseKeys(s, orgId);
  await s.db.transaction().execute((trx) =>
    s.audit.record(trx, actor, {
      action: 'keys.rotated',
      entityType: 'data_key',
      entityId: key.id,
      orgId,
      details: { version: key.version, caseKeys },
    }),
  );
  return { rotated: true, version: key.version, caseKeys };
}
