/**
 * Pushing data value sets to a DHIS2 server's Web API (POST /api/dataValueSets), with a dry run, and
 * reading back its import summary — in the older flat shape or the newer one wrapped in `response`.
 */

import type { DataValueSet } from './exports/dhis2-export.js';
import { getJson, OutboundRefused, postJson } from './outbound.js';

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

const baseOf = (server: Dhis2Server) => server.url.replace(/\/+$/, '').replace(/\/api$/, '');

export async function pushDataValueSet(
  server: Dhis2Server,
  payload: DataValueSet,
  options: { dryRun: boolean; timeoutMs?: number; allowPrivate?: boolean },
): Promise<Dhis2ImportSummary> {
  const base = baseOf(server);
  const url = `${base}/api/dataValueSets?dryRun=${options.dryRun}&importStrategy=CREATE_AND_UPDATE`;
  const empty = { dryRun: options.dryRun, imported: 0, updated: 0, ignored: 0, deleted: 0, conflicts: [] };
  let res: { status: number; text: string };
  try {
    res = await postJson(
      new URL(url),
      {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: authorization(server.auth),
      },
      JSON.stringify(payload),
      { timeoutMs: options.timeoutMs ?? 60_000, allowPrivate: options.allowPrivate ?? false },
    );
  } catch (e) {
    return {
      ...empty,
      status: e instanceof OutboundRefused ? 'REFUSED' : 'UNREACHABLE',
      httpStatus: null,
      message:
        e instanceof OutboundRefused
          ? e.message
          : `DHIS2 at ${base} could not be reached: ${(e as Error).message}`,
    };
  }
  let body: RawSummary | null = null;
  try {
    body = JSON.parse(res.text) as RawSummary;
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
  const s = body?.response ?? body;
  // Only an import summary is read back: whatever else a server answers is not relayed to the user.
  if (!body || !s || typeof s !== 'object' || (s.importCount === undefined && s.status === undefined))
    return {
      ...empty,
      status: 'ERROR',
      httpStatus: res.status,
      message: `DHIS2 answered ${res.status} without an import summary`,
    };
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  return {
    status: text(s.status ?? body.status, 20) || (res.status < 300 ? 'SUCCESS' : 'ERROR'),
    dryRun: options.dryRun,
    imported: Number(s.importCount?.imported ?? 0) || 0,
    updated: Number(s.importCount?.updated ?? 0) || 0,
    ignored: Number(s.importCount?.ignored ?? 0) || 0,
    deleted: Number(s.importCount?.deleted ?? 0) || 0,
    conflicts: (Array.isArray(s.conflicts) ? s.conflicts : []).slice(0, 1000).map((c) => ({
      object: text(c.object ?? Object.values(c.objects ?? {}).join(', '), 200),
      value: text(c.value, 500),
    })),
    httpStatus: res.status,
    message: text(body.message ?? s.message, 500) || null,
  };
}

/** What a mapping form needs from one DHIS2 data set: its data elements with their category option combos, and its org units. */
export interface Dhis2DataSet {
  id: string;
  name: string;
  dataElements: { id: string; name: string; categoryOptionCombos: { id: string; name: string }[] }[];
  orgUnits: { id: string; name: string; code: string | null }[];
}

export type Dhis2MetadataAnswer =
  | { ok: true; dataSet: Dhis2DataSet }
  | { ok: false; reason: 'unreachable' | 'refused' | 'not_found' | 'not_a_data_set'; message: string };

/** Fields asked of /api/dataSets/{id}: one request gives elements, their combos and the data set's org units. */
export const DATA_SET_FIELDS =
  'id,name,dataSetElements[dataElement[id,name,categoryCombo[categoryOptionCombos[id,name]]]],organisationUnits[id,name,code]';

/**
 * Reads one data set's metadata (GET /api/dataSets/{id}?fields=…). Only ids and names are kept,
 * each cut to a sane length, so nothing else a server answers reaches the console.
 */
export async function fetchDataSet(
  server: Dhis2Server,
  dataSetId: string,
  options: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<Dhis2MetadataAnswer> {
  const base = baseOf(server);
  const url = new URL(`${base}/api/dataSets/${encodeURIComponent(dataSetId)}`);
  url.searchParams.set('fields', DATA_SET_FIELDS);
  let res: { status: number; text: string };
  try {
    res = await getJson(
      url,
      { accept: 'application/json', authorization: authorization(server.auth) },
      { timeoutMs: options.timeoutMs ?? 30_000, allowPrivate: options.allowPrivate ?? false },
    );
  } catch (e) {
    return {
      ok: false,
      reason: e instanceof OutboundRefused ? 'refused' : 'unreachable',
      message:
        e instanceof OutboundRefused
          ? e.message
          : `DHIS2 at ${base} could not be reached: ${(e as Error).message}`,
    };
  }
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      reason: 'refused',
      message:
        'DHIS2 refused the credentials (check the username and password, or the token, and its rights)',
    };
  if (res.status === 404)
    return {
      ok: false,
      reason: 'not_found',
      message: `DHIS2 has no data set "${dataSetId}" (use its id, e.g. from the data set's page in Maintenance)`,
    };
  type Raw = {
    id?: unknown;
    name?: unknown;
    dataSetElements?: {
      dataElement?: {
        id?: unknown;
        name?: unknown;
        categoryCombo?: { categoryOptionCombos?: { id?: unknown; name?: unknown }[] };
      };
    }[];
    organisationUnits?: { id?: unknown; name?: unknown; code?: unknown }[];
  };
  let raw: Raw | null = null;
  try {
    raw = JSON.parse(res.text) as Raw;
  } catch {
    raw = null;
  }
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  if (
    res.status >= 300 ||
    !raw ||
    typeof raw !== 'object' ||
    !text(raw.id, 100) ||
    !Array.isArray(raw.dataSetElements)
  )
    return {
      ok: false,
      reason: 'not_a_data_set',
      message: `DHIS2 answered ${res.status} without a data set`,
    };
  const list = <T>(v: T[] | undefined, max: number) => (Array.isArray(v) ? v.slice(0, max) : []);
  return {
    ok: true,
    dataSet: {
      id: text(raw.id, 100),
      name: text(raw.name, 300),
      dataElements: list(raw.dataSetElements, 2000)
        .map((e) => e.dataElement)
        .filter((d) => d && text(d.id, 100))
        .map((d) => ({
          id: text(d!.id, 100),
          name: text(d!.name, 300),
          categoryOptionCombos: list(d!.categoryCombo?.categoryOptionCombos, 500)
            .filter((c) => text(c.id, 100))
            .map((c) => ({ id: text(c.id, 100), name: text(c.name, 300) })),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      orgUnits: list(raw.organisationUnits, 20_000)
        .filter((o) => text(o.id, 100))
        .map((o) => ({ id: text(o.id, 100), name: text(o.name, 300), code: text(o.code, 100) || null }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
}
