/**
 * Each case's narrative is sealed with a key of its own, which is itself sealed with the
 * organisation's data key. Destroying a case key (consent withdrawn) makes the narrative unreadable
 * for good — even to someone holding the master key and an old copy of the row.
 */

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { open, seal } from '../crypto/envelope.js';
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
