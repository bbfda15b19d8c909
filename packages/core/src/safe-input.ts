/**
 * What any input must be before a schema looks at it, on every path (API bodies, query strings,
 * register cells): no NUL or other control characters (PostgreSQL refuses NUL in text, so SQLite
 * storing one would make a backup impossible to restore there), numbers finite and within the
 * integers a double holds exactly, and no deeper nesting than any real request needs.
 */

import type { FieldIssue } from './problems.js';

/** Deeper than any request Harbour takes (sync items nest about six levels). */
export const MAX_JSON_DEPTH = 32;

// Tab, line feed and carriage return are ordinary text (narratives have paragraphs); nothing else below
// space is, nor DEL, nor the C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The largest integer a count, quantity or amount may be in any input (int32: both databases' integer column). */
export const MAX_INT = 2_147_483_647;

/** The first control character's rule, or null when the text is clean. */
export function controlCharacterIssue(text: string, field: string): FieldIssue | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
  return {
    field,
    rule: 'control_character',
    message: `contains the control character U+${code}; only printable text, tabs and line breaks are allowed`,
  };
}

/**
 * How deeply a JSON text nests, counted without parsing it (so a hostile body cannot exhaust the
 * parser's stack first); stops counting past `limit`.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * The first value in a parsed body or query that no field of Harbour accepts: a key or string with a
 * control character, or a number that is not finite or not exactly representable. The path names it
 * the way the schemas do (`items.0.note`). Runs on every request body, so the path is built only for
 * the value found, not for every value walked.
 */
export function unsafeValueIssue(value: unknown): FieldIssue | null {
  const path: string[] = [];
  const issue = walk(value, path);
  if (!issue) return null;
  const field = path.length > 0 ? path.reverse().join('.') : 'body';
  return { field, ...issue };
}

type Found = Omit<FieldIssue, 'field'>;

function walk(value: unknown, path: string[]): Found | null {
  if (typeof value === 'string') return controlIn(value);
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return null;
    return {
      value: String(value),
      rule: 'range',
      message: `is out of range; numbers must be finite and at most ${Number.MAX_SAFE_INTEGER} in size`,
    };
  }
  // Raw bytes (an uploaded register) are checked cell by cell by their own reader.
  if (ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], path);
      if (found) {
        path.push(String(i));
        return found;
      }
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const found = controlIn(k) ?? walk((value as Record<string, unknown>)[k], path);
      if (found) {
        path.push(k.replace(CONTROL_ALL, '?'));
        return found;
      }
    }
  }
  return null;
}

function controlIn(text: string): Found | null {
  const issue = controlCharacterIssue(text, '');
  if (!issue) return null;
  const { field: _f, ...rest } = issue;
  return rest;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: masking control characters in a field name
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
