/**
 * Rights cases: recorded with consent by responders (or captured by outreach workers, who cannot
 * read them back), responded to, followed up and closed. Only rights responders of the case's part
 * of the organisation read a case; every reading of a narrative is audited.
 */

import {
  type AuditAction,
  type CaseDetail,
  type CaseSummary,
  ConflictError,
  type FollowUpDue,
  ForbiddenError,
  futureDayIssue,
  InputError,
  NotFoundError,
  parseInput,
  parseUic,
  type RightsCaseInput,
  rightsCaseInput,
  rightsCloseInput,
  rightsFollowUpInput,
  rightsResponseInput,
  shortRef,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { siteFor, siteIdsInScope } from '../clients/client-access.js';
import type { Services } from '../context.js';
import { rekeyBeforeLookup } from '../crypto/uic-rekey.js';
import type { Actor } from '../identity/actor.js';
import type { Database, RightsCaseTable } from '../store/schema.js';
import { eraseLeavingNoTrace } from '../store/secure-erase.js';
import { openCaseNotes, openNarrative, sealCaseNote, sealNarrative } from './case-keys.js';

export const caseRef = (id: string) => `RC-${shortRef(id)}`;

function audit(
  s: Services,
  db: Kysely<Database>,
  actor: Actor,
  action: AuditAction,
  c: Pick<RightsCaseTable, 'id' | 'org_id' | 'site_id'>,
  details: Record<string, string | number | boolean | null> = {},
) {
  return s.audit.record(db, actor, {
    action,
    entityType: 'rights_case',
    entityId: c.id,
    orgId: c.org_id,
    orgUnitId: c.site_id,
    details,
  });
}

export async function createCase(
  s: Services,
  actor: Actor,
  raw: RightsCaseInput,
  options: {
    id?: string;
    source?: 'console' | 'field';
    /** Written in the case's own transaction (sync remembers the item there: both commit, or neither). */
    alsoInTransaction?: (trx: Kysely<Database>) => Promise<void>;
  } = {},
): Promise<{ id: string; ref: string }> {
  const input = parseInput(rightsCaseInput, raw);
  const site = await siteFor(s, actor, input.siteCode, 'rights.capture');
  const place = await s.db
    .selectFrom('org_units')
    .selectAll()
    .where('code', '=', input.placeCode)
    .executeTakeFirst();
  const children = place
    ? await s.db.selectFrom('org_units').select('id').where('parent_id', '=', place.id).limit(1).execute()
    : [];
  // Another organisation's unit is answered like an unknown one: the case's place is in its own tree.
  if (!place || children.length === 0 || place.org_id !== site.org_id)
    throw new InputError({
      field: 'placeCode',
      value: input.placeCode,
      rule: 'coarse',
      message: "Give a city, district or region of your organisation's tree — never a site or an address",
    });
  const today = toIsoDate(s.now());
  const ahead = futureDayIssue('occurredOn', input.occurredOn, today);
  if (ahead) throw new InputError(ahead);
  let clientId: string | null = null;
  if (input.uic) {
    const p = parseUic(input.uic);
    if (!p.ok) throw new InputError({ field: 'uic', rule: 'format', message: p.issue.message });
    await rekeyBeforeLookup(s, actor, site.org_id, [p.uic]);
    const client = await s.db
      .selectFrom('clients')
      .select(['id', 'merged_into'])
      .where('org_id', '=', site.org_id)
      .where('uic_hash', '=', (await s.uic.forOrg(site.org_id)).hash(p.uic))
      .where('uic_suffix', '=', p.uic.suffix)
      .executeTakeFirst();
    if (!client)
      throw new InputError({
        field: 'uic',
        rule: 'exists',
        message: 'No client of this organisation has this code; leave it empty to record without a link',
      });
    clientId = client.merged_into ?? client.id;
  }
  const id = options.id ?? uuidv7();
  const at = s.now().toISOString();
  const sealed = input.narrative ? await sealNarrative(s, site.org_id, id, input.narrative) : null;
  const row: RightsCaseTable = {
    id,
    org_id: site.org_id,
    site_id: site.id,
    place_id: place.id,
    occurred_on: input.occurredOn,
    channel: input.channel,
    sex: input.person.sex,
    age_band: input.person.ageBand,
    kp: input.person.kp,
    hiv: input.person.hiv,
    tb: input.person.tb,
    client_id: clientId,
    consent_advocacy: input.consent.advocacy ? 1 : 0,
    consent_contact: input.consent.contact ? 1 : 0,
    narrative: sealed?.narrative ?? null,
    status: 'open',
    outcome: null,
    closed_on: null,
    withdrawn_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    await trx.insertInto('rights_cases').values(row).execute();
    if (sealed)
      await trx
        .insertInto('rights_case_keys')
        .values({ case_id: id, org_id: site.org_id, wrapped: sealed.wrapped })
        .execute();
    await trx
      .insertInto('rights_acts')
      .values(input.acts.map((a) => ({ id: uuidv7(), case_id: id, org_id: site.org_id, ...a })))
      .execute();
    await recordConsent(trx, row, actor, at, {
      record: true,
      advocacy: input.consent.advocacy,
      contact: input.consent.contact,
    });
    await audit(s, trx, actor, 'rights.case_recorded', row, {
      acts: input.acts.length,
      narrative: Boolean(sealed),
      linked: Boolean(clientId),
      source: options.source ?? 'console',
    });
    await options.alsoInTransaction?.(trx);
  });
  return { id, ref: caseRef(id) };
}

/** Every change of consent is kept: the history shows what the person agreed to, and when. */
function recordConsent(
  trx: Kysely<Database>,
  c: Pick<RightsCaseTable, 'id' | 'org_id'>,
  actor: Actor,
  at: string,
  consent: { record: boolean; advocacy: boolean; contact: boolean },
) {
  return trx
    .insertInto('rights_consents')
    .values({
      id: uuidv7(),
      case_id: c.id,
      org_id: c.org_id,
      record: consent.record ? 1 : 0,
      advocacy: consent.advocacy ? 1 : 0,
      contact: consent.contact ? 1 : 0,
      at,
      by: actor.userId,
    })
    .execute();
}

/** A case the actor may work on (rights.case on its site), or "not found" either way. */
async function caseFor(s: Services, actor: Actor, id: string): Promise<RightsCaseTable> {
  const c = await s.db.selectFrom('rights_cases').selectAll().where('id', '=', id).executeTakeFirst();
  const sites = await siteIdsInScope(s.db, actor, 'rights.case');
  if (!c || (sites !== 'all' && !sites.includes(c.site_id))) throw new NotFoundError('Case');
  return c;
}

export async function listCases(
  s: Services,
  actor: Actor,
  status: 'open' | 'closed' | 'all',
): Promise<CaseSummary[]> {
  const sites = await siteIdsInScope(s.db, actor, 'rights.case');
  let q = s.db
    .selectFrom('rights_cases as c')
    .innerJoin('org_units as p', 'p.id', 'c.place_id')
    .innerJoin('org_units as st', 'st.id', 'c.site_id')
    .select([
      'c.id',
      'c.occurred_on',
      'p.name as place',
      'st.name as site',
      'c.channel',
      'c.status',
      'c.outcome',
      'c.withdrawn_at',
    ])
    .orderBy('c.occurred_on', 'desc')
    .limit(500);
  if (sites !== 'all') q = q.where('c.site_id', 'in', sites.length ? sites : ['-']);
  if (status !== 'all') q = q.where('c.status', '=', status);
  const cases = await q.execute();
  const ids = cases.map((c) => c.id);
  const acts = ids.length
    ? await s.db.selectFrom('rights_acts').selectAll().where('case_id', 'in', ids).execute()
    : [];
  const due = ids.length
    ? await s.db
        .selectFrom('rights_followups')
        .select(['case_id', 'due_date'])
        .where('case_id', 'in', ids)
        .where('done_on', 'is', null)
        .where('cancelled_on', 'is', null)
        .orderBy('due_date')
        .execute()
    : [];
  return cases.map((c) => ({
    id: c.id,
    ref: caseRef(c.id),
    occurredOn: c.occurred_on,
    place: c.place,
    site: c.site,
    channel: c.channel,
    violations: [...new Set(acts.filter((a) => a.case_id === c.id).map((a) => a.violation))],
    perpetrators: [...new Set(acts.filter((a) => a.case_id === c.id).map((a) => a.perpetrator))],
    status: c.status,
    outcome: c.outcome,
    nextFollowUp: due.find((d) => d.case_id === c.id)?.due_date ?? null,
    withdrawn: Boolean(c.withdrawn_at),
  }));
}

export async function getCase(s: Services, actor: Actor, id: string): Promise<CaseDetail> {
  const c = await caseFor(s, actor, id);
  const key = await s.db
    .selectFrom('rights_case_keys')
    .select('wrapped')
    .where('case_id', '=', id)
    .executeTakeFirst();
  const narrative = await openNarrative(s, id, key?.wrapped, c.narrative);
  await s.db
    .transaction()
    .execute((trx) => audit(s, trx, actor, 'rights.case_read', c, { narrative: narrative !== null }));
  // Notes are read with the case (the same audited reading).
  const [place, site, acts, responses, followUps, consents] = await Promise.all([
    s.db
      .selectFrom('org_units')
      .select(['code', 'name'])
      .where('id', '=', c.place_id)
      .executeTakeFirstOrThrow(),
    s.db
      .selectFrom('org_units')
      .select(['code', 'name'])
      .where('id', '=', c.site_id)
      .executeTakeFirstOrThrow(),
    s.db.selectFrom('rights_acts').select(['violation', 'perpetrator']).where('case_id', '=', id).execute(),
    s.db
      .selectFrom('rights_responses')
      .selectAll()
      .where('case_id', '=', id)
      .orderBy('response_date')
      .execute(),
    s.db.selectFrom('rights_followups').selectAll().where('case_id', '=', id).orderBy('due_date').execute(),
    s.db.selectFrom('rights_consents').selectAll().where('case_id', '=', id).orderBy('at').execute(),
  ]);
  const notes = await openCaseNotes(s, id, key?.wrapped, [...responses, ...followUps]);
  return {
    id: c.id,
    ref: caseRef(c.id),
    occurredOn: c.occurred_on,
    place,
    site,
    channel: c.channel,
    person: { sex: c.sex, ageBand: c.age_band, kp: c.kp, hiv: c.hiv, tb: c.tb },
    linkedToClient: Boolean(c.client_id),
    consent: {
      advocacy: c.consent_advocacy === 1,
      contact: c.consent_contact === 1,
      withdrawnAt: c.withdrawn_at,
    },
    consentHistory: consents.map((h) => ({
      at: h.at,
      record: h.record === 1,
      advocacy: h.advocacy === 1,
      contact: h.contact === 1,
    })),
    acts,
    narrative,
    responses: responses.map((r) => ({
      id: r.id,
      action: r.action,
      byReferral: r.by_referral === 1,
      date: r.response_date,
      note: notes.get(r.id) ?? null,
    })),
    followUps: followUps.map((f) => ({
      id: f.id,
      dueDate: f.due_date,
      doneOn: f.done_on,
      cancelledOn: f.cancelled_on,
      note: notes.get(f.id) ?? null,
    })),
    status: c.status,
    outcome: c.outcome,
    closedOn: c.closed_on,
  };
}

async function change<P = undefined>(
  s: Services,
  actor: Actor,
  id: string,
  action: AuditAction,
  write: (
    trx: Kysely<Database>,
    c: RightsCaseTable,
    at: string,
    prepared: P,
  ) => Promise<Record<string, string | number | boolean | null>>,
  /** Work before the transaction (sealing a note needs the data key, and SQLite has one connection). */
  prepare?: (c: RightsCaseTable) => Promise<P>,
): Promise<void> {
  const c = await caseFor(s, actor, id);
  if (c.withdrawn_at && action !== 'rights.consent_withdrawn')
    throw new ForbiddenError('Consent to this case was withdrawn: it can no longer be changed');
  const prepared = (prepare ? await prepare(c) : undefined) as P;
  const at = s.now().toISOString();
  await s.db.transaction().execute(async (trx) => {
    const details = await write(trx, c, at, prepared);
    await trx.updateTable('rights_cases').set({ updated_at: at }).where('id', '=', id).execute();
    await audit(s, trx, actor, action, c, details);
  });
}

/** A note sealed for a new row, ready to write; a case's first sealed text brings its key. */
type SealedNote = { rowId: string; note: string | null; newKey: string | null };

const sealNote =
  (s: Services, text: string) =>
  async (c: RightsCaseTable): Promise<SealedNote> => {
    const rowId = uuidv7();
    if (!text) return { rowId, note: null, newKey: null };
    return { rowId, ...(await sealCaseNote(s, c, rowId, text)) };
  };

/** Stores a case key made for a note; if another note made one at the same moment, this one must retry. */
async function storeNewKey(trx: Kysely<Database>, c: RightsCaseTable, sealed: SealedNote) {
  if (!sealed.newKey) return;
  const r = await trx
    .insertInto('rights_case_keys')
    .values({ case_id: c.id, org_id: c.org_id, wrapped: sealed.newKey })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0)
    throw new ConflictError({
      field: 'note',
      rule: 'retry',
      message: 'The case changed while the note was being sealed; save it again',
    });
}

export function addResponse(s: Services, actor: Actor, id: string, raw: unknown) {
  const r = parseInput(rightsResponseInput, raw);
  return change(
    s,
    actor,
    id,
    'rights.response_added',
    async (trx, c, at, sealed) => {
      await storeNewKey(trx, c, sealed);
      await trx
        .insertInto('rights_responses')
        .values({
          id: sealed.rowId,
          case_id: id,
          org_id: c.org_id,
          action: r.action,
          by_referral: r.byReferral ? 1 : 0,
          response_date: r.date,
          note: sealed.note,
          created_at: at,
          created_by: actor.userId,
        })
        .execute();
      return { action: r.action, byReferral: r.byReferral, note: sealed.note !== null };
    },
    sealNote(s, r.note),
  );
}

export function addFollowUp(s: Services, actor: Actor, id: string, raw: unknown) {
  const f = parseInput(rightsFollowUpInput, raw);
  return change(
    s,
    actor,
    id,
    'rights.follow_up_planned',
    async (trx, c, at, sealed) => {
      if (c.status !== 'open')
        throw new InputError({
          field: 'dueDate',
          rule: 'closed',
          message: 'The case is closed: follow-ups are planned on open cases',
        });
      await storeNewKey(trx, c, sealed);
      await trx
        .insertInto('rights_followups')
        .values({
          id: sealed.rowId,
          case_id: id,
          org_id: c.org_id,
          due_date: f.dueDate,
          done_on: null,
          cancelled_on: null,
          note: sealed.note,
          created_at: at,
          created_by: actor.userId,
        })
        .execute();
      return { due: f.dueDate, note: sealed.note !== null };
    },
    sealNote(s, f.note),
  );
}

export function completeFollowUp(s: Services, actor: Actor, id: string, followUpId: string) {
  return change(s, actor, id, 'rights.follow_up_done', async (trx, _c, at) => {
    const r = await trx
      .updateTable('rights_followups')
      .set({ done_on: at.slice(0, 10) })
      .where('id', '=', followUpId)
      .where('case_id', '=', id)
      .where('cancelled_on', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('Follow-up');
    return { followUp: followUpId };
  });
}

/**
 * Closes a case with its outcome. Follow-ups still to do are not left behind silently: closing is
 * refused, naming how many, unless the responder says to cancel them (`cancelOpenFollowUps`).
 */
export function closeCase(s: Services, actor: Actor, id: string, raw: unknown) {
  const { outcome, cancelOpenFollowUps } = parseInput(rightsCloseInput, raw);
  return change(s, actor, id, 'rights.case_closed', async (trx, _c, at) => {
    const open = await trx
      .selectFrom('rights_followups')
      .select('id')
      .where('case_id', '=', id)
      .where('done_on', 'is', null)
      .where('cancelled_on', 'is', null)
      .execute();
    if (open.length > 0 && !cancelOpenFollowUps)
      throw new InputError({
        field: 'cancelOpenFollowUps',
        value: String(open.length),
        rule: 'open_follow_ups',
        message: `${open.length} follow-up(s) of this case are still to do: mark them done, or close saying they are cancelled`,
      });
    if (open.length > 0)
      await trx
        .updateTable('rights_followups')
        .set({ cancelled_on: at.slice(0, 10) })
        .where(
          'id',
          'in',
          open.map((f) => f.id),
        )
        .execute();
    await trx
      .updateTable('rights_cases')
      .set({ status: 'closed', outcome, closed_on: at.slice(0, 10) })
      .where('id', '=', id)
      .execute();
    return { outcome, followUpsCancelled: open.length };
  });
}

export function setConsent(
  s: Services,
  actor: Actor,
  id: string,
  consent: { advocacy: boolean; contact: boolean },
) {
  return change(s, actor, id, 'rights.consent_changed', async (trx, c, at) => {
    await trx
      .updateTable('rights_cases')
      .set({ consent_advocacy: consent.advocacy ? 1 : 0, consent_contact: consent.contact ? 1 : 0 })
      .where('id', '=', id)
      .execute();
    await recordConsent(trx, c, actor, at, { record: true, ...consent });
    return { advocacy: consent.advocacy, contact: consent.contact };
  });
}

/**
 * The person withdrew consent: the case key is destroyed (so the narrative can never be read again),
 * the sealed narrative is cleared, and the case leaves every trend and export from now on. The audit
 * entry says since when the case had been counted, so figures published before stay explained.
 */
export async function withdrawConsent(s: Services, actor: Actor, id: string): Promise<void> {
  await eraseLeavingNoTrace(
    s,
    ['rights_cases', 'rights_case_keys', 'rights_responses', 'rights_followups'],
    () =>
      change(
        s,
        actor,
        id,
        'rights.consent_withdrawn',
        async (trx, c, at): Promise<Record<string, string | boolean | null>> => {
          if (c.withdrawn_at) return { already: true };
          await trx.deleteFrom('rights_case_keys').where('case_id', '=', id).execute();
          await trx.updateTable('rights_responses').set({ note: null }).where('case_id', '=', id).execute();
          await trx.updateTable('rights_followups').set({ note: null }).where('case_id', '=', id).execute();
          await trx
            .updateTable('rights_cases')
            .set({ narrative: null, withdrawn_at: at, consent_advocacy: 0, consent_contact: 0 })
            .where('id', '=', id)
            .execute();
          await recordConsent(trx, c, actor, at, { record: false, advocacy: false, contact: false });
          return {
            countedSince: c.consent_advocacy ? c.created_at : null,
            narrativeDestroyed: c.narrative !== null,
          };
        },
      ),
  );
}

export async function followUpsDue(s: Services, actor: Actor): Promise<FollowUpDue[]> {
  const sites = await siteIdsInScope(s.db, actor, 'rights.case');
  let q = s.db
    .selectFrom('rights_followups as f')
    .innerJoin('rights_cases as c', 'c.id', 'f.case_id')
    .select(['f.id', 'f.case_id', 'f.due_date'])
    .where('f.done_on', 'is', null)
    .where('f.cancelled_on', 'is', null)
    .where('c.withdrawn_at', 'is', null)
    .orderBy('f.due_date');
  if (sites !== 'all') q = q.where('c.site_id', 'in', sites.length ? sites : ['-']);
  const today = toIsoDate(s.now());
  return (await q.execute()).map((f) => ({
    id: f.id,
    caseId: f.case_id,
    ref: caseRef(f.case_id),
    dueDate: f.due_date,
    overdue: f.due_date < today,
  }));
}
