import { describe, expect, it } from 'vitest';
import {
  contactsOf,
  followUps,
  type LocalClient,
  type OutboxItem,
  outboxOrder,
  summariseDay,
  syncCounts,
} from './model.js';

const client = (id: string, last: string | null, refs: LocalClient['referrals'] = []): LocalClient => ({
  id,
  uicHash: `h${id}`,
  suffix: 0,
  sex: 'male',
  birthYear: 1990,
  kp: 'pwid',
  profileClock: {},
  firstContactDate: last,
  lastContactDate: last,
  mergedInto: null,
  referrals: refs,
});

const contact = (
  id: string,
  clientId: string,
  date: string,
  state: OutboxItem['state'] = 'pending',
  hotspot?: string,
): OutboxItem => ({
  item: {
    kind: 'contact.record',
    id,
    clientId,
    siteCode: 'S',
    date,
    time: '07:00',
    placeType: 'outreach',
    items: [
      { code: 'syringes', qty: 10 },
      { code: 'naloxone', qty: 1 },
    ],
  },
  state,
  savedAt: `${date}T07:00:00Z`,
  ...(hotspot ? { hotspot } : {}),
});

describe('the worker’s day', () => {
  it('sends enrolments before contacts, oldest first, and only what is pending', () => {
    const enrol: OutboxItem = {
      item: {
        kind: 'client.enrol',
        id: 'e',
        siteCode: 'S',
        uic: 'X',
        sex: 'male',
        birthYear: null,
        kp: null,
        at: 'x',
      },
      state: 'pending',
      savedAt: '2026-11-23T09:00:00Z',
    };
    const order = outboxOrder([
      contact('c2', 'e', '2026-11-23'),
      contact('c1', 'e', '2026-11-22'),
      enrol,
      contact('s', 'e', '2026-11-21', 'sent'),
    ]);
    expect(order.map((o) => o.item.id)).toEqual(['e', 'c1', 'c2']);
  });

  it('leaves a contact taken back out of what is sent, counted and shown', () => {
    const kept = contact('a', 'c1', '2026-11-23');
    const undone = { ...contact('b', 'c1', '2026-11-23'), withdrawn: true };
    const undoneAfterSync = { ...contact('d', 'c1', '2026-11-23', 'sent'), withdrawn: true };
    const items = [kept, undone, undoneAfterSync];
    expect(outboxOrder(items).map((o) => o.item.id)).toEqual(['a']);
    expect(syncCounts(items)).toEqual({ pending: 1, sent: 1, rejected: 0 });
    expect(summariseDay(items, '2026-11-23').contacts).toBe(1);
    expect(contactsOf(items, new Set(['c1'])).map((c) => c.id)).toEqual(['a']);
  });

  it('shows a corrected contact as its correction: counted once, with what the correction says', () => {
    const sent = { ...contact('a', 'c1', '2026-11-23', 'sent', 'Bridge'), correctedBy: 'b' };
    const { kind: _k, ...fields } = contact('a', 'c1', '2026-11-23').item as Extract<
      OutboxItem['item'],
      { kind: 'contact.record' }
    >;
    const correction: OutboxItem = {
      item: {
        ...fields,
        kind: 'contact.correct',
        id: 'b',
        contactId: 'a',
        items: [{ code: 'syringes', qty: 5 }],
      },
      state: 'pending',
      savedAt: '2026-11-23T08:00:00Z',
      hotspot: 'Bridge',
    };
    const items = [sent, correction];
    expect(outboxOrder(items).map((o) => o.item.id)).toEqual(['b']);
    expect(contactsOf(items, new Set(['c1']))).toEqual([
      expect.objectContaining({ id: 'b', kind: 'contact.record', items: [{ code: 'syringes', qty: 5 }] }),
    ]);
    const day = summariseDay(items, '2026-11-23');
    expect([day.contacts, day.given]).toEqual([1, { syringes: 5 }]);
    // Taken back in turn, nothing of it is shown or counted.
    const both = [sent, { ...correction, withdrawn: true }];
    expect(contactsOf(both, new Set(['c1']))).toEqual([]);
    expect(summariseDay(both, '2026-11-23').contacts).toBe(0);
  });

  it('adds up what was handed out today, by hotspot', () => {
    const s = summariseDay(
      [
        contact('a', 'x', '2026-11-23', 'pending', 'Bridge'),
        contact('b', 'y', '2026-11-23', 'sent', 'Bridge'),
        contact('c', 'x', '2026-11-22'),
      ],
      '2026-11-23',
    );
    expect(s).toEqual({
      contacts: 2,
      clients: 2,
      given: { syringes: 20, naloxone: 2 },
      byHotspot: { Bridge: 2 },
    });
  });

  it('lists clients not seen for 30 days (counting contacts made on the phone) and overdue referrals', () => {
    const clients = [
      client('old', '2026-10-01', [
        { id: 'r', service: 'art', issuedDate: '2026-10-01', dueDate: '2026-10-15', status: 'issued' },
      ]),
      client('recent', '2026-11-20'),
      client('lost', '2026-01-10'),
      client('seenToday', '2026-09-01'),
    ];
    const f = followUps(clients, [contact('c', 'seenToday', '2026-11-23')], '2026-11-23', 30);
    expect(f.due.map((r) => r.client.id)).toEqual(['old']);
    expect(f.referrals.map((r) => r.referral.id)).toEqual(['r']);
    expect(
      syncCounts([
        contact('a', 'x', 'd'),
        contact('b', 'x', 'd', 'sent'),
        contact('c', 'x', 'd', 'rejected'),
      ]),
    ).toEqual({ pending: 1, sent: 1, rejected: 1 });
  });

  it('shows each follow-up as a peer recognises it, most urgent first: nickname, last place and what was given, days overdue', () => {
    const ref = (id: string, service: string, dueDate: string) => ({
      id,
      service,
      issuedDate: '2026-10-01',
      dueDate,
      status: 'issued',
    });
    const clients = [
      { ...client('a', '2026-10-20'), nickname: 'Sasha' },
      client('b', '2026-09-01', [ref('food', 'food', '2026-10-01')]),
      client('c', '2026-10-10', [ref('art', 'art', '2026-11-19')]),
    ];
    const f = followUps(clients, [contact('k', 'a', '2026-10-20', 'sent', 'Bridge')], '2026-11-23', 30);
    // Not seen: b (83 days ago, 53 overdue) before c (44, 14 overdue) before a (34, 4 overdue).
    expect(f.due.map((r) => [r.client.id, r.daysOverdue])).toEqual([
      ['b', 53],
      ['c', 14],
      ['a', 4],
    ]);
    expect(f.due[2]).toMatchObject({
      lastDate: '2026-10-20',
      lastHotspot: 'Bridge',
      lastGiven: ['syringes', 'naloxone'],
      client: { nickname: 'Sasha' },
    });
    // ART four days late before food 53 days late.
    expect(f.referrals.map((r) => [r.referral.service, r.daysOverdue])).toEqual([
      ['art', 4],
      ['food', 53],
    ]);
  });
});
