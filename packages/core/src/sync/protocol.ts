/**
 * The field sync protocol: what a device pushes (a batch of changes with ids it made itself) and what
 * the server answers for each item. Shared by the field app and the server so both check the same shapes.
 */

import { z } from 'zod';
import { KEY_POPULATIONS, PLACE_TYPES, SEXES } from '../client.js';
import { contactItem } from '../contact-items.js';
import { overdoseFields } from '../overdose-schema.js';
import { yearNumber } from '../schemas/bounds.js';
import { referralBrief } from '../schemas/service-views.js';
import { MAX_PUSH_ITEMS, PHONE_VOID_REASONS } from './limits.js';

const id = z.uuid();
const stamp = z.string().min(1).max(100);

export const enrolItem = z
  .object({
    kind: z.literal('client.enrol'),
    id,
    siteCode: z.string().min(1).max(40),
    /** The normalised code: sent over TLS once, hashed by the server, never stored raw. */
    uic: z.string().min(1).max(40),
    sex: z.enum(SEXES),
    birthYear: yearNumber.nullable(),
    kp: z.enum(KEY_POPULATIONS).nullable(),
    at: stamp,
  })
  .strict();

export const profileItem = z
  .object({
    kind: z.literal('client.update'),
    id,
    clientId: id,
    sex: z.enum(SEXES).optional(),
    birthYear: yearNumber.nullable().optional(),
    kp: z.enum(KEY_POPULATIONS).nullable().optional(),
    at: stamp,
  })
  .strict();

export const contactSyncItem = z
  .object({
    kind: z.literal('contact.record'),
    id,
    clientId: id,
    siteCode: z.string().min(1).max(40),
    date: z.string().max(10),
    time: z.string().max(5).nullable(),
    placeType: z.enum(PLACE_TYPES),
    items: z.array(contactItem).min(1).max(40),
  })
  .strict();

/**
 * A phone takes back a contact it recorded and already sent (an undo after sync, or a void from its
 * recent contacts). One that was never sent is simply removed from the phone.
 */
export const contactVoidSyncItem = z
  .object({
    kind: z.literal('contact.void'),
    id,
    contactId: id,
    reason: z.enum(PHONE_VOID_REASONS),
  })
  .strict();

/**
 * A phone corrects a contact it recorded and already sent (what was given, mostly): the new contact,
 * with this item's id, supersedes the old on the server, which keeps the old for the history. One
 * not yet sent is simply changed on the phone.
 */
export const contactCorrectSyncItem = contactSyncItem
  .omit({ kind: true })
  .extend({ kind: z.literal('contact.correct'), contactId: id })
  .strict();

/** An overdose the worker responded to, with or without a client (see overdose.ts). */
export const overdoseSyncItem = z
  .object({ kind: z.literal('overdose.record'), id, ...overdoseFields })
  .strict();

/** A rights case sealed on the phone to the organisation's public key: the phone cannot read it back. */
export const rightsCaseSyncItem = z
  .object({
    kind: z.literal('rights.case'),
    id,
    sealed: z
      .object({
        key: z.string().max(1024),
        iv: z.string().max(64),
        data: z.string().max(200_000),
      })
      .strict(),
  })
  .strict();

export const syncItem = z.discriminatedUnion('kind', [
  enrolItem,
  profileItem,
  contactSyncItem,
  contactVoidSyncItem,
  contactCorrectSyncItem,
  overdoseSyncItem,
  rightsCaseSyncItem,
]);
export type SyncItem = z.infer<typeof syncItem>;
export type EnrolSyncItem = z.infer<typeof enrolItem>;
export type ProfileSyncItem = z.infer<typeof profileItem>;
export type ContactSyncItem = z.infer<typeof contactSyncItem>;
export type RightsCaseSyncItem = z.infer<typeof rightsCaseSyncItem>;
export type ContactVoidSyncItem = z.infer<typeof contactVoidSyncItem>;
export type ContactCorrectSyncItem = z.infer<typeof contactCorrectSyncItem>;
export type OverdoseSyncItem = z.infer<typeof overdoseSyncItem>;

export const pushBody = z
  .object({
    /** The app's version, shown to site managers. */
    appVersion: z.string().max(40),
    /** Items still waiting on the phone after this batch (for the managers' device list). */
    pending: z.number().int().min(0).max(1_000_000),
    /** Items are checked one by one: a malformed item is rejected alone, never the batch. */
    items: z.array(z.unknown()).max(MAX_PUSH_ITEMS),
  })
  .strict();

export const ITEM_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const itemResultSchema = z.object({
  id: z.string(),
  status: z.enum(ITEM_STATUSES),
  /** For a rejection: what was wrong, in words the worker can act on. */
  reason: z.string().optional(),
  field: z.string().optional(),
  /** For an enrolment: the client it became (another id when someone enrolled the same code first). */
  clientId: z.string().optional(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

/** What a push answers: each item on its own, and the server's clock. */
export const pushResultSchema = z.object({ results: z.array(itemResultSchema), serverTime: z.string() });

export const pulledClientSchema = z.object({
  id: z.string(),
  uicHash: z.string(),
  suffix: z.number(),
  sex: z.string(),
  birthYear: z.number().nullable(),
  kp: z.string().nullable(),
  profileClock: z.record(z.string(), z.string()),
  firstContactDate: z.string().nullable(),
  lastContactDate: z.string().nullable(),
  /** Set when this record was merged into another: the phone follows it. */
  mergedInto: z.string().nullable(),
  referrals: z.array(referralBrief),
});
export type PulledClient = z.infer<typeof pulledClientSchema>;

export const pullResultSchema = z.object({
  cursor: z.string(),
  more: z.boolean(),
  serverTime: z.string(),
  clients: z.array(pulledClientSchema),
});
export type PullResult = z.infer<typeof pullResultSchema>;
