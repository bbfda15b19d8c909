/**
 * The unlocked session: everything decrypted into memory, every change written sealed to IndexedDB
 * before the screen says "saved". Cleared from memory on lock and quick exit.
 */

import {
  type ContactItem,
  type ContactSyncItem,
  type ContactVoidSyncItem,
  formatHlc,
  type ItemResult,
  type KeyPopulation,
  type OverdoseSyncItem,
  type PlaceType,
  type PulledClient,
  parseHlc,
  parseUic,
  type Sex,
  type SyncItem,
  tick,
  uuidv7,
} from '@harbour/core';
import {
  type Day,
  type LocalClient,
  liveContact,
  localDate,
  localTime,
  type OutboxItem,
  type Secrets,
  shiftDate,
} from './model.js';
import { sealCase } from './rights-seal.js';
import { hashUic, uicHashKey } from './uic-hash.js';
import type { Vault } from './vault/vault.js';

/** Sent items older than this leave the phone: the less it holds, the less a lost phone can tell. */
const KEEP_SENT_DAYS = 14;

export class FieldSession {
  clients = new Map<string, LocalClient>();
  items = new Map<string, OutboxItem>();
  day: Day | null = null;
  private hashKey: CryptoKey | null = null;
  private listeners = new Set<() => void>();
  version = 0;

  constructor(
    readonly vault: Vault,
    public secrets: Secrets,
  ) {}

  static async open(vault: Vault): Promise<FieldSession> {
    const secrets = await vault.get<Secrets>('secrets');
    if (!secrets) throw new Error('This phone is not enrolled');
    const s = new FieldSession(vault, secrets);
    for (const c of await vault.all<LocalClient>('client')) s.clients.set(c.id, c.value);
    const stale: string[] = [];
    const keepFrom = shiftDate(localDate(s.now()), -KEEP_SENT_DAYS);
    for (const o of await vault.all<OutboxItem>('item')) {
      if (o.value.state === 'sent' && o.value.savedAt.slice(0, 10) < keepFrom) stale.push(o.id);
      else s.items.set(o.id, o.value);
    }
    if (stale.length) await vault.remove(stale);
    s.day = await vault.get<Day>('day');
    s.hashKey = await uicHashKey(secrets.uicKey);
    return s;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** The phone's clock corrected by what the server said at the last sync. */
  now(): number {
    return Date.now() + this.secrets.clockOffsetMs;
  }

  today(): string {
    return localDate(this.now());
  }

  async saveSecrets(patch: Partial<Secrets>): Promise<void> {
    this.secrets = { ...this.secrets, ...patch };
    await this.vault.put('secrets', 'secrets', this.secrets);
  }

  private async nextStamp(): Promise<string> {
    const last = this.secrets.hlc ? parseHlc(this.secrets.hlc) : null;
    const next = formatHlc(tick(last, this.now(), this.secrets.deviceId.replace(/-/g, '').slice(-12)));
    await this.saveSecrets({ hlc: next });
    return next;
  }

  /** Clients with this code (typed with or without a suffix, e.g. ABC0191/2). */
  async find(code: string): Promise<{ matches: LocalClient[]; base: string | null }> {
    const p = parseUic(code);
    if (!p.ok) return { matches: [], base: null };
    const hash = await hashUic(this.hashKey!, p.uic.base);
    const matches = [...this.clients.values()].filter(
      (c) => c.uicHash === hash && !c.mergedInto && (!p.uic.suffix || c.suffix === p.uic.suffix),
    );
    return { matches, base: p.uic.base };
  }

  async enrol(input: {
    uic: string;
    sex: Sex;
    birthYear: number | null;
    kp: KeyPopulation | null;
  }): Promise<LocalClient> {
    const p = parseUic(input.uic);
    if (!p.ok) throw new Error(p.issue.message);
    const id = uuidv7(this.now());
    const at = await this.nextStamp();
    const client: LocalClient = {
      id,
      uicHash: await hashUic(this.hashKey!, p.uic.base),
      suffix: 0,
      sex: input.sex,
      birthYear: input.birthYear,
      kp: input.kp,
      profileClock: { sex: at, birthYear: at, kp: at },
      firstContactDate: null,
      lastContactDate: null,
      mergedInto: null,
      referrals: [],
      local: true,
    };
    const item: OutboxItem = {
      item: {
        kind: 'client.enrol',
        id,
        siteCode: this.secrets.siteCode,
        uic: p.uic.base,
        sex: input.sex,
        birthYear: input.birthYear,
        kp: input.kp,
        at,
      },
      state: 'pending',
      savedAt: new Date(this.now()).toISOString(),
    };
    await this.vault.put('client', id, client);
    await this.vault.put('item', id, item);
    this.clients.set(id, client);
    this.items.set(id, item);
    this.changed();
    return client;
  }

  /** Saves a contact on the phone (sealed, in the outbox). Returns how long the save took, in ms. */
  async record(
    clientId: string,
    items: ContactItem[],
    placeType: PlaceType = 'outreach',
  ): Promise<ContactSyncItem> {
    const now = this.now();
    const contact: ContactSyncItem = {
      kind: 'contact.record',
      id: uuidv7(now),
      clientId,
      siteCode: this.secrets.siteCode,
      date: localDate(now),
      time: localTime(now),
      placeType,
      items,
    };
    const hotspot = this.day?.date === localDate(now) ? this.day.hotspots[0] : undefined;
    const entry: OutboxItem = {
      item: contact,
      state: 'pending',
      savedAt: new Date(now).toISOString(),
      ...(hotspot ? { hotspot } : {}),
    };
    await this.vault.put('item', contact.id, entry);
    this.items.set(contact.id, entry);
    this.changed();
    return contact;
  }

  /**
   * Takes back a contact this phone recorded: one still waiting is simply never sent; one already
   * sent (or in a batch on its way, see applyResults) is voided on the server by a `contact.void`.
   */
  async takeBack(
    contactId: string,
    reason: ContactVoidSyncItem['reason'] = 'entered_in_error',
  ): Promise<void> {
    const o = this.items.get(contactId);
    if (!o || !liveContact(o)) return;
    const next: OutboxItem = { ...o, withdrawn: true };
    this.items.set(contactId, next);
    await this.vault.put('item', contactId, next);
    if (o.state === 'sent') await this.queueVoid(contactId, reason);
    // A correction not yet sent stands for a sent contact: that one is voided (the server follows
    // this phone's own corrections, should the correction have gone in a batch on its way).
    else if (o.item.kind === 'contact.correct') await this.queueVoid(o.item.contactId, reason);
    this.changed();
  }

  /**
   * Corrects what a contact this phone recorded says was given (date, time and place stay). One that
   * never reached the server is replaced by a new contact (if it was on its way, it is voided when
   * its batch is answered); one sent is corrected on the server by a `contact.correct`, which
   * supersedes it and keeps it in the history. Returns the contact as it now stands.
   */
  async correct(contactId: string, items: ContactItem[]): Promise<ContactSyncItem | null> {
    const o = this.items.get(contactId);
    const current = o ? liveContact(o) : null;
    if (!o || !current) return null;
    const { kind: _kind, id: _id, ...where } = current;
    const id = uuidv7(this.now());
    const sent = o.state === 'sent';
    const item: SyncItem =
      o.item.kind === 'contact.record' && !sent
        ? { ...where, kind: 'contact.record', id, items }
        : {
            ...where,
            kind: 'contact.correct',
            id,
            items,
            // A correction not yet sent is itself replaced: the new one corrects what it corrected.
            contactId: o.item.kind === 'contact.correct' && !sent ? o.item.contactId : o.item.id,
          };
    const old: OutboxItem = sent ? { ...o, correctedBy: id } : { ...o, withdrawn: true };
    const entry: OutboxItem = {
      item,
      state: 'pending',
      savedAt: new Date(this.now()).toISOString(),
      ...(o.hotspot ? { hotspot: o.hotspot } : {}),
    };
    this.items.set(contactId, old);
    this.items.set(id, entry);
    await this.vault.putMany('item', [
      { id: contactId, value: old },
      { id, value: entry },
    ]);
    this.changed();
    return { ...where, kind: 'contact.record', id, items };
  }

  private async queueVoid(contactId: string, reason: ContactVoidSyncItem['reason']): Promise<void> {
    const id = uuidv7(this.now());
    const entry: OutboxItem = {
      item: { kind: 'contact.void', id, contactId, reason },
      state: 'pending',
      savedAt: new Date(this.now()).toISOString(),
    };
    this.items.set(id, entry);
    await this.vault.put('item', id, entry);
  }

  /** Saves an overdose response on the phone (in the outbox), with or without a client. */
  async recordOverdose(
    fields: Omit<OverdoseSyncItem, 'kind' | 'id' | 'siteCode'>,
  ): Promise<OverdoseSyncItem> {
    const now = this.now();
    const item: OverdoseSyncItem = {
      kind: 'overdose.record',
      id: uuidv7(now),
      siteCode: this.secrets.siteCode,
      ...fields,
    };
    const entry: OutboxItem = { item, state: 'pending', savedAt: new Date(now).toISOString() };
    await this.vault.put('item', item.id, entry);
    this.items.set(item.id, entry);
    this.changed();
    return item;
  }

  /** Seals a rights case to the organisation's key and queues it; the phone cannot read it afterwards. */
  async captureRightsCase(rightsCase: Record<string, unknown>): Promise<string> {
    const key = this.secrets.settings.rightsKey;
    if (!key)
      throw new Error('Sync once before recording a rights case (the phone needs the organisation key)');
    const id = uuidv7(this.now());
    const sealed = await sealCase(key, id, { ...rightsCase, siteCode: this.secrets.siteCode });
    const entry: OutboxItem = {
      item: { kind: 'rights.case', id, sealed },
      state: 'pending',
      savedAt: new Date(this.now()).toISOString(),
    };
    await this.vault.put('item', id, entry);
    this.items.set(id, entry);
    this.changed();
    return id;
  }

  async setDay(day: Day): Promise<void> {
    this.day = day;
    await this.vault.put('day', 'day', day);
    this.changed();
  }

  /** After a push: mark each item sent or rejected; an enrolment that converged follows the server's client. */
  async applyResults(results: readonly ItemResult[]): Promise<void> {
    const rows: { id: string; value: OutboxItem }[] = [];
    const clientRows: { id: string; value: LocalClient }[] = [];
    for (const r of results) {
      const o = this.items.get(r.id);
      if (!o) continue;
      const next: OutboxItem =
        r.status === 'rejected'
          ? { ...o, state: 'rejected', reason: r.reason ?? 'Rejected' }
          : { ...o, state: 'sent', reason: undefined };
      this.items.set(r.id, next);
      rows.push({ id: r.id, value: next });
      // Taken back while its batch was on the way: the server has it now, so void it there.
      if (o.withdrawn && o.item.kind === 'contact.record' && r.status !== 'rejected')
        await this.queueVoid(o.item.id, 'entered_in_error');
      if (o.item.kind === 'client.enrol' && r.status !== 'rejected') {
        const c = this.clients.get(r.id);
        if (c) {
          const updated = {
            ...c,
            local: false,
            mergedInto: r.clientId && r.clientId !== c.id ? r.clientId : c.mergedInto,
          };
          this.clients.set(c.id, updated);
          clientRows.push({ id: c.id, value: updated });
        }
      }
    }
    await this.vault.putMany('item', rows);
    await this.vault.putMany('client', clientRows);
    this.changed();
  }

  /** The server's view of the site's caseload replaces the phone's (pull runs after push, so nothing local is pending for these). */
  async applyPull(pulled: readonly PulledClient[], cursor: string): Promise<void> {
    // The nickname lives only on this phone: the server's record never carries it.
    const rows = pulled.map((p) => {
      const nickname = this.clients.get(p.id)?.nickname;
      return { id: p.id, value: { ...p, local: false, ...(nickname ? { nickname } : {}) } as LocalClient };
    });
    for (const r of rows) this.clients.set(r.id, r.value);
    await this.vault.putMany('client', rows);
    await this.saveSecrets({ cursor });
    this.changed();
  }

  /** A rejected item the worker fixed on the server side (e.g. access restored): send it again. */
  async retry(id: string): Promise<void> {
    const o = this.items.get(id);
    if (!o) return;
    const next: OutboxItem = { ...o, state: 'pending', reason: undefined };
    this.items.set(id, next);
    await this.vault.put('item', id, next);
    this.changed();
  }

  /** Keeps (or clears) what the worker calls a client, in this phone's sealed vault only. */
  async setNickname(clientId: string, nickname: string): Promise<void> {
    const c = this.clients.get(clientId);
    if (!c) return;
    const clean = nickname.trim().slice(0, 40);
    const { nickname: _old, ...rest } = c;
    const next: LocalClient = clean ? { ...rest, nickname: clean } : rest;
    this.clients.set(clientId, next);
    await this.vault.put('client', clientId, next);
    this.changed();
  }

  /** The client a phone id now stands for (after a converged enrolment or a merge). */
  resolve(id: string): LocalClient | undefined {
    let c = this.clients.get(id);
    for (let i = 0; c?.mergedInto && i < 3; i++) c = this.clients.get(c.mergedInto) ?? c;
    return c;
  }
}
