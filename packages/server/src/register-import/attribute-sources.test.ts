import { describe, expect, it } from 'vitest';
import { AttributeSources } from './attribute-sources.js';

describe('attribute sources of the clients an import touches', () => {
  it('gives back each value with the date and row it came from, or nothing when none is known', () => {
    const a = new AttributeSources();
    expect(a.has('c1')).toBe(false);
    a.track('c1');
    expect(a.has('c1')).toBe(true);
    expect(a.get('c1', 'sex')).toBeUndefined();
    a.set('c1', 'sex', { value: 'trans_woman', date: '2019-12-31', row: 7 });
    a.set('c1', 'birthYear', { value: 1987, date: '0000-00-00', row: null });
    expect(a.get('c1', 'sex')).toEqual({ value: 'trans_woman', date: '2019-12-31', row: 7 });
    expect(a.get('c1', 'birthYear')).toEqual({ value: 1987, date: '0000-00-00', row: null });
    expect(a.get('c1', 'kp')).toBeUndefined();
    expect(a.get('c2', 'sex')).toBeUndefined();
    // A later source replaces the earlier one.
    a.set('c1', 'sex', { value: 'female', date: '2019-01-02', row: 3 });
    expect(a.get('c1', 'sex')).toEqual({ value: 'female', date: '2019-01-02', row: 3 });
  });

  it('tells whether a client holds a value without building its source', () => {
    const a = new AttributeSources();
    a.set('c1', 'sex', { value: 'female', date: '2019-01-02', row: 3 });
    a.set('c1', 'birthYear', { value: 1987, date: '0000-00-00', row: null });
    expect(a.holds('c1', 'sex', 'female')).toBe(true);
    expect(a.holds('c1', 'sex', 'male')).toBe(false);
    expect(a.holds('c1', 'birthYear', 1987)).toBe(true);
    expect(a.holds('c1', 'birthYear', 1988)).toBe(false);
    expect(a.holds('c1', 'kp', 'pwid')).toBe(false);
    expect(a.holds('c2', 'sex', 'female')).toBe(false);
  });

  it('keeps every client apart across the chunks they are kept in', () => {
    const a = new AttributeSources();
    const kps = ['pwid', 'pwud', 'partner', 'family', 'other'];
    for (let i = 0; i < 40_000; i++)
      a.set(`c${i}`, 'kp', {
        value: kps[i % 5]!,
        date: `20${String(10 + (i % 17))}-0${1 + (i % 9)}-1${i % 10}`,
        row: i + 2,
      });
    for (const i of [0, 1, 16_383, 16_384, 32_767, 32_768, 39_999])
      expect(a.get(`c${i}`, 'kp')).toEqual({
        value: kps[i % 5],
        date: `20${String(10 + (i % 17))}-0${1 + (i % 9)}-1${i % 10}`,
        row: i + 2,
      });
    expect(a.get('c39999', 'sex')).toBeUndefined();
    expect(a.holds('c16384', 'kp', kps[16_384 % 5]!)).toBe(true);
    expect(a.holds('c16384', 'kp', kps[16_385 % 5]!)).toBe(false);
  });
});
