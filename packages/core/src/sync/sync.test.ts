import { describe, expect, it } from 'vitest';
import { clampStamp, compareStamps, formatHlc, parseHlc, receive, tick } from './hlc.js';
import { mergeProfile, registerStamp, serverStamp, stampKnown } from './profile-merge.js';

const DAY = 86_400_000;
const T = Date.parse('2026-11-20T08:00:00Z');

describe('hybrid logical clock', () => {
  it('orders stamps as strings and as clocks the same way', () => {
    const a = formatHlc({ ms: T, counter: 0, node: 'dev1' });
    const b = formatHlc({ ms: T, counter: 1, node: 'dev0' });
    const c = formatHlc({ ms: T + 1, counter: 0, node: 'dev0' });
    expect([c, a, b].sort()).toEqual([a, b, c]);
    expect(compareStamps(a, b)).toBeLessThan(0);
    expect(compareStamps(c, b)).toBeGreaterThan(0);
    expect(parseHlc(a)).toEqual({ ms: T, counter: 0, node: 'dev1' });
  });

  it('never goes backwards when the wall clock does', () => {
    const first = tick(null, T, 'd');
    const second = tick(first, T - DAY, 'd');
    expect(compareStamps(formatHlc(second), formatHlc(first))).toBeGreaterThan(0);
    const after = receive(second, { ms: T + 5000, counter: 3, node: 'x' }, T, 'd');
    expect(after).toEqual({ ms: T + 5000, counter: 4, node: 'd' });
  });

  it('reads the console stamp and orders it among device stamps', () => {
    const server = `${new Date(T).toISOString()}|server`;
    expect(compareStamps(formatHlc({ ms: T + 1, counter: 0, node: 'd' }), server)).toBeGreaterThan(0);
    expect(compareStamps(formatHlc({ ms: T - 1, counter: 0, node: 'd' }), server)).toBeLessThan(0);
  });

  it('pulls a stamp from a fast phone clock back to the server time', () => {
    const fast = formatHlc({ ms: T + DAY, counter: 2, node: 'd' });
    expect(parseHlc(clampStamp(fast, T))).toEqual({ ms: T, counter: 2, node: 'd' });
    const fine = formatHlc({ ms: T + 1000, counter: 0, node: 'd' });
    expect(clampStamp(fine, T)).toBe(fine);
  });
});

describe('profile merge (last writer wins per field)', () => {
  const s = (ms: number) => formatHlc({ ms, counter: 0, node: 'd' });

  it('takes each field from whichever edit is newer', () => {
    const { changes, clock } = mergeProfile(
      { sex: 'male', birthYear: 1990, kp: 'pwid' },
      { sex: s(T), birthYear: s(T + 10), kp: s(T) },
      { sex: 'trans_woman', birthYear: 1991 },
      { sex: s(T + 5), birthYear: s(T + 5) },
    );
    expect(changes).toEqual({ sex: 'trans_woman' });
    expect(clock.sex).toBe(s(T + 5));
    expect(clock.birthYear).toBe(s(T + 10));
  });

  it('never lets "unknown" overwrite something known, but fills in what was unknown', () => {
    const known = mergeProfile(
      { sex: 'female', birthYear: null },
      {},
      { sex: 'unknown', birthYear: 1985 },
      {
        sex: s(T + 9),
        birthYear: s(T - 9),
      },
    );
    expect(known.changes).toEqual({ birthYear: 1985 });
  });

  it('holds a "not stated" set at the console like any statement, and passes it on when newer', () => {
    const atConsole = serverStamp('2026-11-20T09:00:00.000Z');
    // An older phone edit does not fill a field the console deliberately left unstated…
    const older = mergeProfile({ kp: null }, { kp: atConsole }, { kp: 'pwud' }, { kp: s(T) });
    expect(older.changes).toEqual({});
    // …a newer one does…
    const newer = mergeProfile({ kp: null }, { kp: atConsole }, { kp: 'pwud' }, { kp: s(T + 2 * 3_600_000) });
    expect(newer.changes).toEqual({ kp: 'pwud' });
    // …and a phone learns the console's "not stated" over its own older value.
    const pulled = mergeProfile({ kp: 'pwud' }, { kp: s(T) }, { kp: null }, { kp: atConsole });
    expect(pulled).toEqual({ changes: { kp: null }, clock: { kp: atConsole } });
    // A gap a phone or a register left is filled whatever its stamp.
    expect(mergeProfile({ kp: null }, { kp: s(T + 9) }, { kp: 'pwud' }, { kp: s(T) }).changes).toEqual({
      kp: 'pwud',
    });
  });

  it('converges whatever order two devices arrive in', () => {
    const a = { sex: 'male' as const, birthYear: 1980 };
    const aClock = { sex: s(T + 1), birthYear: s(T + 3) };
    const b = { sex: 'trans_man' as const, birthYear: 1981 };
    const bClock = { sex: s(T + 2), birthYear: s(T + 2) };
    const start = { sex: 'unknown', birthYear: null };
    const ab = mergeProfile({ ...start, ...mergeProfile(start, {}, a, aClock).changes }, aClock, b, bClock);
    const ba = mergeProfile({ ...start, ...mergeProfile(start, {}, b, bClock).changes }, bClock, a, aClock);
    const final = (base: object, m: { changes: object }) => ({ ...base, ...m.changes });
    expect(final({ ...start, ...a }, ab)).toEqual(final({ ...start, ...b }, ba));
  });
});

describe('stamps of the console and of a register, on the phones’ clock', () => {
  const phone = (iso: string) => formatHlc({ ms: Date.parse(iso), counter: 0, node: 'phone1' });

  it('orders a register row by its day and a console statement by its moment', () => {
    const row = registerStamp('2026-11-20');
    expect(compareStamps(row, phone('2026-11-19T23:59:59Z'))).toBeGreaterThan(0);
    expect(compareStamps(row, phone('2026-11-20T00:00:01Z'))).toBeLessThan(0);
    const console = serverStamp('2026-11-23T09:00:00.000Z');
    expect(compareStamps(console, phone('2026-11-23T08:59:59Z'))).toBeGreaterThan(0);
    expect(compareStamps(console, phone('2026-11-23T09:00:01Z'))).toBeLessThan(0);
  });

  it('stamps only what a statement knows: "don’t know" says nothing', () => {
    expect(stampKnown({ sex: 'unknown', birthYear: 1990, kp: null }, 'S')).toEqual({ birthYear: 'S' });
    expect(stampKnown({ sex: 'female' }, 'S')).toEqual({ sex: 'S' });
  });
});
