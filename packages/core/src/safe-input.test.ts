import { describe, expect, it } from 'vitest';
import { controlCharacterIssue, jsonDepthExceeds, unsafeValueIssue } from './safe-input.js';

describe('safe input', () => {
  it('refuses NUL and other control characters but keeps tabs and line breaks', () => {
    expect(controlCharacterIssue('two\nparagraphs\tand a tab\r\n', 'note')).toBeNull();
    expect(controlCharacterIssue('Київ — ок', 'name')).toBeNull();
    expect(controlCharacterIssue('a\u0000b', 'name')).toMatchObject({
      field: 'name',
      rule: 'control_character',
      message: expect.stringContaining('U+0000'),
    });
    for (const c of ['\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085'])
      expect(controlCharacterIssue(`x${c}`, 'f')?.rule).toBe('control_character');
  });

  it('names the path of the first unsafe value, keys included', () => {
    expect(unsafeValueIssue({ items: [{ code: 'ok' }, { code: 'bad\u0000' }] })).toMatchObject({
      field: 'items.1.code',
    });
    expect(unsafeValueIssue({ 'k\u0000': 1 })).toMatchObject({ field: 'k?', rule: 'control_character' });
    expect(unsafeValueIssue({ a: { minimum: 2 ** 60 } })).toMatchObject({
      field: 'a.minimum',
      rule: 'range',
    });
    expect(unsafeValueIssue({ a: Number.POSITIVE_INFINITY })).toMatchObject({ rule: 'range' });
    expect(unsafeValueIssue({ a: [1, 2.5, -(2 ** 40)], b: null, c: true, d: 'text' })).toBeNull();
    expect(unsafeValueIssue('\u0000')).toMatchObject({ field: 'body' });
    expect(unsafeValueIssue(new Uint8Array([0, 0, 0]))).toBeNull();
  });

  it('measures nesting without parsing, ignoring brackets inside strings', () => {
    expect(jsonDepthExceeds(`${'['.repeat(33)}${']'.repeat(33)}`, 32)).toBe(true);
    expect(jsonDepthExceeds(`${'['.repeat(32)}${']'.repeat(32)}`, 32)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(100)}","b":"\\"{{{{"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`)).toBe(true);
  });
});
