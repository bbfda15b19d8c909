/**
 * What the field app knows once unlocked: the worker's device secrets, the site's caseload, and every
 * item made on this phone with its sync state. Pure functions over plain data; persistence is the
 * caller's (store.ts), so this is tested in Node.
 */

import {
  byChaseUrgency,
  type ContactItem,
  type ContactSyncItem,
  type EnrolSyncItem,
  type PulledClient,
  type SyncItem,
} from '@harbour/core';

export interface Secrets {
  deviceId: string;
  token: string;
  uicKey: string;
  siteCode: string;
  siteName: string;
  username: string;
  settings: {
    idleLockMinutes: number;
    pinAttemptsBeforeWipe: number;
    followUpDays: number;
    uicScheme: unknown;
    /** The organisation's public key (SPKI, base64) rights cases are sealed to. */
    rightsKey?: string;
    rightsPlaces?: { code: string; name: string }[];
    /** The programme uses aliases: the phone keeps one per client in its sealed vault, never sent. */
    aliasEnabled?: boolean;
  };
  /** Server time minus phone time, learnt at each sync: corrects a phone clock that is wrong. */
  clockOffsetMs: number;
  cursor: string;
  hlc: string | null;
  lastSyncAt: string | null;
}

/** A client as the phone knows them: pulled from the server or enrolled here. */
export interface LocalClient extends Omit<PulledClient, 'referrals'> {
  referrals: PulledClient['referrals'];
  /** True until the server acknowledged the enrolment. */
  local?: boolean;
  /**
   * What the worker calls them, where the programme uses aliases: kept only in this phone's sealed
   * vault (never sent, gone when the phone is wiped), so a list can be recognised at a glance.
   */
  nickname?: string;
}

export type ItemState = 'pending' | 'sent' | 'rejected';

export interface OutboxItem {
  item: SyncItem;
  state: ItemState;
  reason?: string;
  savedAt: string;
  /** Where it happened, on this phone only (never sent: hotspot names can be addresses). */
  hotspot?: string;
  /**
   * A contact the worker took back (undo, or void from the recent list): never sent if it was still
   * waiting; voided on the server by a `contact.void` item if it had gone (or goes in a batch already
   * on its way).
   */
  withdrawn?: boolean;
  /** A sent contact the worker corrected: the correction (this id) stands for it from now on. */
  correctedBy?: string;
}

/** A contact as the worker sees it: recorded, or a correction of one, neither taken back nor corrected since. */
export function liveContact(o: OutboxItem): ContactSyncItem | null {
  if (o.withdrawn || o.correctedBy) return null;
  if (o.item.kind === 'contact.record') return o.item;
  if (o.item.kind === 'contact.correct') {
    const { contactId: _replaced, ...rest } = o.item;
    return { ...rest, kind: 'contact.record' };
  }
  return null;
}

export interface Day {
  date: string;
  /** What the worker took from the site this morning. */
  carried: Record<string, number>;
  hotspots: string[];
}

/** Not seen for this long: lost to follow-up (as in the managers' caseload view). */
export const LOST_AFTER_DAYS = 90;

export const CARRIED = ['syringes', 'condoms', 'naloxone', 'hiv_self_test'] as const;

export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Items to send, enrolments first (a contact names a client the server must know), oldest first. */
export function outboxOrder(items: readonly OutboxItem[]): OutboxItem[] {
  const rank = (o: OutboxItem) =>
    o.item.kind === 'client.enrol' ? 0 : o.item.kind === 'client.update' ? 1 : 2;
  return items
    .filter((o) => o.state === 'pending' && !o.withdrawn)
    .sort((a, b) => rank(a) - rank(b) || a.savedAt.localeCompare(b.savedAt));
}

export function contactsOf(items: readonly OutboxItem[], clientIds: ReadonlySet<string>): ContactSyncItem[] {
  return items
    .map(liveContact)
    .filter((i): i is ContactSyncItem => i !== null && clientIds.has(i.clientId))
    .sort((a, b) => `${b.date}${b.time}`.localeCompare(`${a.date}${a.time}`));
}

export interface DaySummary {
  contacts: number;
  clients: number;
  given: Record<string, number>;
  byHotspot: Record<string, number>;
}

export function summariseDay(items: readonly OutboxItem[], date: string): DaySummary {
  const given: Record<string, number> = {};
  const byHotspot: Record<string, number> = {};
  const clients = new Set<string>();
  let contacts = 0;
  for (const o of items) {
    const c = liveContact(o);
    if (!c || c.date !== date) continue;
    contacts++;
    clients.add(c.clientId);
    for (const i of c.items) if (i.qty) given[i.code] = (given[i.code] ?? 0) + i.qty;
    const h = o.hotspot ?? '';
    if (h) byHotspot[h] = (byHotspot[h] ?? 0) + 1;
  }
  return { contacts, clients: clients.size, given, byHotspot };
}

/** One person on a follow-up list, with what a peer recognises them by (never a name or code). */
export interface FollowUpRow {
  client: LocalClient;
  /** The last contact anyone recorded (this phone's, or the server's last contact date). */
  lastDate: string;
  /** Where this phone last saw them, and what it gave (from this phone's contacts only). */
  lastHotspot: string | null;
  lastGiven: string[];
  daysOverdue: number;
}

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * Follow-up lists, most urgent first: clients not seen for `days` (but not yet lost) — the longest
 * overdue first — and overdue referrals in core's chase order (ART, OST and TB first).
 */
export function followUps(
  clients: readonly LocalClient[],
  items: readonly OutboxItem[],
  today: string,
  days: number,
): {
  due: FollowUpRow[];
  referrals: (FollowUpRow & { referral: PulledClient['referrals'][number] })[];
} {
  // The newest contact this phone made with each client: date, hotspot, what was given.
  const mine = new Map<string, { date: string; time: string; hotspot: string | null; given: string[] }>();
  for (const o of items) {
    const c = liveContact(o);
    if (!c) continue;
    const prev = mine.get(c.clientId);
    const when = `${c.date}${c.time ?? ''}`;
    if (prev && `${prev.date}${prev.time}` >= when) continue;
    mine.set(c.clientId, {
      date: c.date,
      time: c.time ?? '',
      hotspot: o.hotspot ?? null,
      given: c.items.map((i) => i.code),
    });
  }
  const rowOf = (c: LocalClient, overdue: number): FollowUpRow => {
    const m = mine.get(c.id);
    const lastDate = [c.lastContactDate ?? '', m?.date ?? ''].sort().pop()!;
    return {
      client: c,
      lastDate,
      lastHotspot: m?.hotspot ?? null,
      lastGiven: m?.given ?? [],
      daysOverdue: overdue,
    };
  };
  const cutoff = shiftDate(today, -days);
  // Past this they are lost to follow-up: the site manager's list, not today's walk.
  const lostBefore = shiftDate(today, -LOST_AFTER_DAYS);
  const live = clients.filter((c) => !c.mergedInto);
  const due = live
    .map((c) => rowOf(c, 0))
    .filter((r) => r.lastDate !== '' && r.lastDate < cutoff && r.lastDate >= lostBefore)
    .map((r) => ({ ...r, daysOverdue: dayNumber(cutoff) - dayNumber(r.lastDate) }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.client.id.localeCompare(b.client.id));
  const referrals = live
    .flatMap((client) =>
      client.referrals
        .filter((r) => r.status === 'issued' && r.dueDate < today)
        .map((referral) => ({
          ...rowOf(client, dayNumber(today) - dayNumber(referral.dueDate)),
          referral,
          id: referral.id,
          service: referral.service,
          overdueDays: dayNumber(today) - dayNumber(referral.dueDate),
        })),
    )
    .sort(byChaseUrgency)
    .map(({ id: _id, service: _service, overdueDays: _overdue, ...row }) => row);
  return { due, referrals };
}

export function shiftDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Sync counts the worker sees on every screen. */
export function syncCounts(items: readonly OutboxItem[]): Record<ItemState, number> {
  const c = { pending: 0, sent: 0, rejected: 0 };
  // A contact taken back before it was sent will never be: it is not waiting.
  for (const o of items) if (!(o.withdrawn && o.state === 'pending')) c[o.state]++;
  return c;
}

export function newEnrolment(fields: Omit<EnrolSyncItem, 'kind'>): EnrolSyncItem {
  return { kind: 'client.enrol', ...fields };
}

/** The usual pack: what most contacts carry, one tap away. */
export const USUAL_PACK: ContactItem[] = [
  { code: 'syringes', qty: 10 },
  { code: 'condoms', qty: 5 },
];
