/** UIC normalisation (docs/uic.md): NFKC, upper case, spaces/hyphens/dots removed, scripts kept as they are. */

import type { FieldIssue } from '../problems.js';

/** A suffix told apart two different people who share a code: `PUM3181/2`. */
export const SUFFIX_SEPARATOR = '/';

export interface ParsedUic {
  /** The normalised code without suffix: what is hashed. */
  base: string;
  /** 0 when there is no suffix. */
  suffix: number;
}

export function normaliseUic(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-.\u00AD\u2010-\u2015]+/gu, '');
}

const ALLOWED = /^[\p{L}\p{N}]+$/u;

/**
 * Normalises and checks a typed code. Never echoes the code in the message: a UIC must not reach
 * logs or error reports.
 */
export function parseUic(
  raw: string,
  field = 'uic',
): { ok: true; uic: ParsedUic } | { ok: false; issue: FieldIssue } {
  const n = normaliseUic(raw ?? '');
  if (!n) return { ok: false, issue: { field, rule: 'required', message: 'The UIC is missing' } };
  let base = n;
  let suffix = 0;
  const at = n.lastIndexOf(SUFFIX_SEPARATOR);
  if (at >= 0) {
    const tail = n.slice(at + 1);
    if (!/^[0-9]{1,3}$/.test(tail) || Number(tail) < 2) {
      return {
        ok: false,
        issue: {
          field,
          rule: 'format',
          message: `A UIC suffix is "${SUFFIX_SEPARATOR}" and a number from 2 to 999 at the end`,
        },
      };
    }
    base = n.slice(0, at);
    suffix = Number(tail);
  }
  if (!ALLOWED.test(base)) {
    return {
      ok: false,
      issue: {
        field,
        rule: 'format',
        message: 'A UIC may hold only letters and digits (spaces, "-" and "." are ignored)',
      },
    };
  }
  if (base.length < 3 || base.length > 64) {
    return {
      ok: false,
      issue: {
        field,
        rule: 'length',
        message: `A UIC has 3 to 64 letters and digits; this one has ${base.length}`,
      },
    };
  }
  return { ok: true, uic: { base, suffix } };
}

export function formatUic(uic: ParsedUic): string {
  return uic.suffix ? `${uic.base}${SUFFIX_SEPARATOR}${uic.suffix}` : uic.base;
}
