/** Every error becomes `application/problem+json` (RFC 9457) naming the field and the rule — never a stack trace. */

import { type FieldIssue, MASKED, showValue, validatorRule } from '@harbour/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldIssue[];
  /** A stable code a program can act on (e.g. the field app wiping itself on `device_wipe`). */
  code?: string;
}

/** Field names whose values are never echoed back, whatever went wrong. */
const SENSITIVE =
  /^(password|currentPassword|newPassword|uic|uics|alias|narrative|otp|pin|token|secret|answers|passphrase)$/i;

function valueAt(data: unknown, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
}

function validationIssues(
  err: FastifyError & { validation: ValidationItem[]; validationContext?: string },
  req: FastifyRequest,
): FieldIssue[] {
  const context = err.validationContext ?? 'body';
  const data =
    context === 'body'
      ? req.body
      : context === 'querystring'
        ? req.query
        : context === 'params'
          ? req.params
          : req.headers;
  const out: FieldIssue[] = [];
  for (const v of err.validation) {
    const path = String(v.instancePath ?? '')
      .split('/')
      .filter(Boolean);
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      for (const k of keys) {
        out.push({
          field: [...path, k].join('.'),
          rule: 'unknown',
          message: `"${k}" is not a known field here; remove it`,
        });
      }
      continue;
    }
    const field = path.join('.') || context;
    const raw = valueAt(data, path);
    const sensitive = path.some((p) => SENSITIVE.test(p));
    const issue: FieldIssue = {
      field,
      rule: validatorRule(v.keyword),
      message: String(v.message ?? 'is not valid'),
    };
    if (raw !== undefined && path.length > 0) issue.value = sensitive ? MASKED : showValue(raw);
    out.push(issue);
  }
  return out;
}

export function problem(status: number, title: string, detail: string, errors?: FieldIssue[]): Problem {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
  return { type: `urn:harbour:problem:${slug}`, title, status, detail, ...(errors ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** Maps any thrown error to a problem; unknown errors are logged (without request data) and told apart by an id. */
export function errorToProblem(err: unknown, req: FastifyRequest): Problem {
  const e = err as FastifyError & { issues?: FieldIssue[]; status?: number };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const errors = validationIssues(e as never, req);
    return problem(400, 'Invalid request', errors.map((i) => `${i.field}: ${i.message}`).join('; '), errors);
  }
  switch (e.name) {
    case 'InputError':
      return problem(e.status ?? 400, 'Invalid request', e.message, e.issues);
    case 'ConflictError':
      return problem(409, 'Conflict', e.message, e.issues);
    case 'NotFoundError':
      return problem(404, 'Not found', e.message);
    case 'ForbiddenError':
      return problem(403, 'Forbidden', e.message);
    case 'SignInError':
      return problem(e.status ?? 401, 'Sign-in failed', e.message);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'Body too large', 'The request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'Unsupported media type', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'Invalid request', 'The body is empty but should be a JSON object', [
        { field: 'body', rule: 'required', message: 'send a JSON object' },
      ]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'Invalid request', 'Content-Length does not match the body');
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return problem(400, 'Invalid request', 'The body is not valid JSON', [
      { field: 'body', rule: 'json', message: 'The body is not valid JSON' },
    ]);
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 429)
    return problem(429, 'Too many requests', 'Too many requests; wait a minute and try again');
  if (status >= 400 && status < 500)
    return problem(status, 'Invalid request', e.message.replace(/^body\/?/, ''));
  return problem(
    500,
    'Internal error',
    `Something went wrong on the server (reference ${req.id}). Tell your administrator this reference.`,
  );
}
