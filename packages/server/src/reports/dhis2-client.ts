/**
 * Pushing data value sets to a DHIS2 server's Web API (POST /api/dataValueSets), with a dry run, and
 * reading back its import summary — in the older flat shape or the newer one wrapped in `response`.
 */

import type { DataValueSet } from './exports/dhis2-export.js';

export type Dhis2Auth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'token'; token: string };

export interface Dhis2Server {
  /** Base URL, e.g. https://dhis2.example.org (no trailing /api). */
  url: string;
  auth: Dhis2Auth;
}

export interface Dhis2ImportSummary {
  /** SUCCESS, WARNING or ERROR as DHIS2 says; UNREACHABLE or REFUSED when no summary came back. */
  status: string;
  dryRun: boolean;
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
  conflicts: { object: string; value: string }[];
  /** What DHIS2 said, for the record (no credentials). */
  httpStatus: number | null;
  message: string | null;
}

interface RawSummary {
  status?: string;
  message?: string;
  importCount?: { imported?: number; updated?: number; ignored?: number; deleted?: number };
  conflicts?: { object?: string; objects?: Record<string, string>; value?: string }[];
  response?: RawSummary;
}

function authorization(auth: Dhis2Auth): string {
  return auth.kind === 'basic'
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    : `ApiToken ${auth.token}`;
}

export async function pushDataValueSet(
  server: Dhis2Server,
  payload: DataValueSet,
  options: { dryRun: boolean; timeoutMs?: number },
): Promise<Dhis2ImportSummary> {
  const base = server.url.replace(/\/+$/, '').replace(/\/api$/, '');
  const url = `${base}/api/dataValueSets?dryRun=${options.dryRun}&importStrategy=CREATE_AND_UPDATE`;
  const empty = { dryRun: options.dryRun, imported: 0, updated: 0, ignored: 0, deleted: 0, conflicts: [] };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: authorization(server.auth),
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (e) {
    return {
      ...empty,
      status: 'UNREACHABLE',
      httpStatus: null,
      message: `DHIS2 at ${base} could not be reached: ${(e as Error).message}`,
    };
  }
  const text = await res.text();
  let body: RawSummary | null = null;
  try {
    body = JSON.parse(text) as RawSummary;
  } catch {
    body = null;
  }
  if (res.status === 401 || res.status === 403)
    return {
      ...empty,
      status: 'REFUSED',
      httpStatus: res.status,
      message:
        'DHIS2 refused the credentials (check the username and password, or the token, and its rights)',
    };
  if (!body)
    return {
      ...empty,
      status: 'ERROR',
      httpStatus: res.status,
      message: `DHIS2 answered ${res.status} without an import summary`,
    };
  const s = body.response ?? body;
  return {
    status: s.status ?? body.status ?? (res.ok ? 'SUCCESS' : 'ERROR'),
    dryRun: options.dryRun,
    imported: s.importCount?.imported ?? 0,
    updated: s.importCount?.updated ?? 0,
    ignored: s.importCount?.ignored ?? 0,
    deleted: s.importCount?.deleted ?? 0,
    conflicts: (s.conflicts ?? []).map((c) => ({
      object: c.object ?? Object.values(c.objects ?? {}).join(', '),
      value: c.value ?? '',
    })),
    httpStatus: res.status,
    message: body.message ?? s.message ?? null,
  };
}
