import { uuidv7 } from '@harbour/core';
import { describe, expect, it } from 'vitest';
import { IdPlaces } from './id-places.js';

describe('places of ids', () => {
  it('gives each id the next place once, and finds it again', () => {
    const p = new IdPlaces();
    const a = '0193a5e2-7c1b-7a3f-9d2e-4b6f8a1c2d3e';
    expect(p.get(a)).toBeUndefined();
    expect(p.place(a)).toBe(0);
    expect(p.place('c1')).toBe(1);
    expect(p.place(a)).toBe(0);
    expect(p.place('c1')).toBe(1);
    expect(p.get(a)).toBe(0);
    expect(p.get('c1')).toBe(1);
    expect(p.size).toBe(2);
  });

  it('tells apart ids that differ in one character anywhere, and ids that only look like UUIDs', () => {
    const p = new IdPlaces();
    const base = '0193a5e2-7c1b-7a3f-9d2e-4b6f8a1c2d3e';
    const ids = [base];
    for (let i = 0; i < base.length; i++) {
      if (base[i] === '-') continue;
      ids.push(base.slice(0, i) + (base[i] === '0' ? '1' : '0') + base.slice(i + 1));
    }
    // Upper case, a letter past f, a character outside ASCII, hyphens elsewhere: kept as they are.
    ids.push(base.toUpperCase(), base.replace('a', 'g'), base.replace('a', 'ä'), base.replace('-', 'x'));
    ids.push(`${base.slice(0, 35)}-`);
    const order = ids.map((_, i) => i);
    expect(ids.map((id) => p.place(id))).toEqual(order);
    expect(ids.map((id) => p.get(id))).toEqual(order);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps every place as the table grows past its first size and across chunks', () => {
    const p = new IdPlaces();
    const ids = Array.from({ length: 40_000 }, (_, i) => (i % 7 === 0 ? `phone-${i}` : uuidv7()));
    expect(ids.map((id) => p.place(id))).toEqual(ids.map((_, i) => i));
    for (const i of [0, 1, 511, 512, 16_383, 16_384, 32_768, 39_999]) expect(p.get(ids[i]!)).toBe(i);
    expect(p.get(uuidv7())).toBeUndefined();
    expect(p.size).toBe(40_000);
  });
});
