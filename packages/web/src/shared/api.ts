/** Talks to /api/v1 with the session cookie; problems (RFC 9457) come back as ApiError with field errors. */

import type { FieldIssue } from '@harbour/core';
import type { AnswerAt, BodyAt, Url } from './contract.js';

/** A field error as the server words it: core's one vocabulary (problems.ts). */
export type FieldError = FieldIssue;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** Errors keyed by field, for showing beside the inputs. */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] ??= e.message;
    return out;
  }
}

const offline = () =>
  new ApiError({
    type: 'urn:harbour:problem:offline',
    title: 'Offline',
    status: 0,
    detail: 'The server cannot be reached',
  });

function problemOf(res: Response, text: string): ApiError {
  let p: Partial<Problem> = {};
  try {
    p = (text ? JSON.parse(text) : {}) as Partial<Problem>;
  } catch {
    p = {};
  }
  return new ApiError({
    type: p.type ?? 'about:blank',
    title: p.title ?? res.statusText,
    status: res.status,
    detail: p.detail ?? res.statusText,
    errors: p.errors ?? [],
  });
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw offline();
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) throw problemOf(res, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends a file as the request body (a workbook, a register), answered in JSON like `api`. */
export async function upload<U extends Url<'post'>>(
  path: U,
  file: Blob,
  contentType: string,
): Promise<AnswerAt<'post', U>> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': contentType },
      body: file,
    });
  } catch {
    throw offline();
  }
  const text = await res.text();
  if (!res.ok) throw problemOf(res, text);
  return (text ? JSON.parse(text) : undefined) as AnswerAt<'post', U>;
}

/**
 * Fetches a file and hands it to the browser as a download under the server's file name; a refusal
 * comes back as an ApiError to show (a plain link would save the error as the file, or nothing).
 */
export async function download(path: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw offline();
  }
  if (!res.ok) throw problemOf(res, await res.text());
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has started the download.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// Typed by the contract: the URL, written as a template, picks the route, and with it the body the
// route takes and the answer it gives (contract.ts).
export const get = <U extends Url<'get'>>(url: U) => api<AnswerAt<'get', U>>('GET', url);
export const post = <U extends Url<'post'>>(url: U, body?: BodyAt<'post', U>) =>
  api<AnswerAt<'post', U>>('POST', url, body);
export const patch = <U extends Url<'patch'>>(url: U, body?: BodyAt<'patch', U>) =>
  api<AnswerAt<'patch', U>>('PATCH', url, body);
export const put = <U extends Url<'put'>>(url: U, body?: BodyAt<'put', U>) =>
  api<AnswerAt<'put', U>>('PUT', url, body);
/**
 * For the few routes that answer JSON or a file by `format` and so declare no JSON schema (the
 * api.test list): the caller names the JSON's type, as the contract cannot.
 */
export const getUndeclared = <T>(url: Url<'get'>) => api<T>('GET', url);
export const del = <U extends Url<'delete'>>(url: U) => api<AnswerAt<'delete', U>>('DELETE', url);
