import { describe, expect, it } from 'vitest';
import { leaves, leaves3, within } from './nested-maps.js';

describe('maps of maps', () => {
  it('makes an inner map once and gives the same one back after', () => {
    const tree = new Map<string, Map<string, number>>();
    within(tree, 'a').set('x', 1);
    within(tree, 'a').set('y', 2);
    within(tree, 'b').set('x', 3);
    expect(tree.size).toBe(2);
    expect(leaves(tree)).toEqual([1, 2, 3]);
  });

  it('lists every value three levels down, in insertion order, and nothing for an empty tree', () => {
    const tree = new Map<string, Map<string, Map<string, string>>>();
    expect(leaves3(tree)).toEqual([]);
    within(within(tree, 'client 1'), 'site 1').set('2026-01', 'a');
    within(within(tree, 'client 1'), 'site 2').set('2026-01', 'b');
    within(within(tree, 'client 1'), 'site 1').set('2026-02', 'c');
    within(within(tree, 'client 2'), 'site 1').set('2026-01', 'd');
    expect(leaves3(tree)).toEqual(['a', 'c', 'b', 'd']);
  });
});
