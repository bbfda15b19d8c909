/** The one error vocabulary: what was wrong, where, and what is allowed — shared by API, importer, CLI and forms. */

import type { Rule } from './rules.js';

export interface FieldIssue {
  /** Field or column name, dotted for nested fields (e.g. `items.0.quantity`). */
  field: string;
  /** The offending value as text; omitted or masked when it is sensitive (UICs, narratives). */
  value?: string;
  /** Which rule the value broke, from the one list (rules.ts) the console translates. */
  rule: Rule;
  /** A sentence a person can act on. */
  message: string;
  /** 1-based data row for file imports (the header is row 1, the first data row is row 2). */
  row?: number;
}

/** An error carrying field issues; routes turn it into `application/problem+json`, the CLI into exit code 1. */
export class InputError extends Error {
  readonly issues: FieldIssue[];
  readonly status: number;
  constructor(issues: FieldIssue[] | FieldIssue, status = 400) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'InputError';
    this.issues = list;
    this.status = status;
  }
}

/** A well-formed request for something that does not exist, or is outside the caller's scope (never say which). */
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = 'NotFoundError';
  }
}

/** A request that conflicts with the current state (duplicate code, stale version). */
export class ConflictError extends Error {
  readonly status = 409;
  readonly issues: FieldIssue[];
  constructor(issue: FieldIssue) {
    super(issue.message);
    this.name = 'ConflictError';
    this.issues = [issue];
  }
}

/** The caller is signed in but lacks the permission. */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message = 'You do not have permission to do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Shown instead of a sensitive value in any error. */
export const MASKED = '(hidden)';

/** Quote a value for a message, shortened so a 50 MB cell cannot flood a report. */
export function showValue(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Checks input against a schema; what does not fit is an InputError naming each field. */
export function parseInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  raw: unknown,
): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new InputError(
    r.error.issues.map((i) => ({ field: i.path.join('.') || 'body', rule: 'invalid', message: i.message })),
  );
}
