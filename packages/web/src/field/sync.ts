/**
 * Sync with the server when there is a network: push the outbox in small batches (each answered item
 * by item), then pull the caseload by cursor. Stops cleanly when the network drops; the next run
 * resumes where it stopped, and the server applies each item once however often it arrives.
 */

import { type ItemResult, MAX_PUSH_ITEMS, type PullResult } from '@harbour/core';
import { outboxOrder } from './model.js';
import type { FieldSession } from './store.js';
import { setWipeAfter } from './vault/vault.js';

/** Two round trips for a week of work; small enough (about 10 KB gzipped) to get through a weak link. */
export const BATCH = 250;

export type SyncOutcome =
  | { ok: true; pushed: number; rejected: number; pulled: number }
  | { ok: false; reason: 'offline' | 'revoked' | 'wipe' | 'server'; message: string };

export class DeviceRefused extends Error {
  constructor(
    readonly reason: 'revoked' | 'wipe',
    message: string,
  ) {
    super(message);
  }
}

/** A batch of contacts is repetitive JSON: gzip makes it about a tenth as many bytes over 3G. */
async function encode(body: unknown): Promise<{ data: BodyInit; gzip: boolean }> {
  const json = JSON.stringify(body);
  if (typeof CompressionStream === 'undefined' || json.length < 2048) return { data: json, gzip: false };
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return { data: await new Response(stream).arrayBuffer(), gzip: true };
}

async function call<T>(session: FieldSession, method: string, path: string, body?: unknown): Promise<T> {
  const sent = Date.now();
  const encoded = body === undefined ? null : await encode(body);
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'omit',
    cache: 'no-store',
    headers: {
      authorization: `Bearer ${session.secrets.token}`,
      ...(encoded ? { 'content-type': 'application/json' } : {}),
      ...(encoded?.gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: encoded?.data,
  });
  const data = (await res.json().catch(() => ({}))) as T & {
    code?: string;
    detail?: string;
    serverTime?: string;
  };
  if (res.status === 410 || data.code === 'device_wipe')
    throw new DeviceRefused('wipe', data.detail ?? 'wiped');
  if (res.status === 401) throw new DeviceRefused('revoked', data.detail ?? 'revoked');
  if (!res.ok) throw new Error(data.detail ?? `HTTP ${res.status}`);
  if (data.serverTime) {
    // Half the round trip is the best guess of when the server read its clock.
    const offset = Date.parse(data.serverTime) - (sent + (Date.now() - sent) / 2);
    if (Math.abs(offset - session.secrets.clockOffsetMs) > 30_000)
      await session.saveSecrets({ clockOffsetMs: offset });
  }
  return data;
}

export async function syncNow(
  session: FieldSession,
  onProgress: (done: number, total: number) => void = () => {},
  appVersion = 'field-1',
): Promise<SyncOutcome> {
  let pushed = 0;
  let rejected = 0;
  let pulled = 0;
  try {
    const status = await call<{ settings: FieldSession['secrets']['settings'] }>(
      session,
      'GET',
      '/sync/status',
    );
    await session.saveSecrets({ settings: status.settings });
    await setWipeAfter(status.settings.pinAttemptsBeforeWipe);
    const queue = outboxOrder([...session.items.values()]);
    const batch = Math.min(BATCH, MAX_PUSH_ITEMS);
    for (let i = 0; i < queue.length; i += batch) {
      const slice = queue.slice(i, i + batch);
      const { results } = await call<{ results: ItemResult[] }>(session, 'POST', '/sync/push', {
        appVersion,
        pending: queue.length - i - slice.length,
        items: slice.map((o) => o.item),
      });
      await session.applyResults(results);
      pushed += results.filter((r) => r.status !== 'rejected').length;
      rejected += results.filter((r) => r.status === 'rejected').length;
      onProgress(i + slice.length, queue.length);
    }
    for (let more = true; more; ) {
      const page = await call<PullResult>(
        session,
        'GET',
        `/sync/pull?cursor=${encodeURIComponent(session.secrets.cursor)}`,
      );
      await session.applyPull(page.clients, page.cursor);
      pulled += page.clients.length;
      more = page.more;
    }
    await session.saveSecrets({ lastSyncAt: new Date(session.now()).toISOString() });
    session.changed();
    return { ok: true, pushed, rejected, pulled };
  } catch (e) {
    if (e instanceof DeviceRefused) return { ok: false, reason: e.reason, message: e.message };
    if (e instanceof TypeError) return { ok: false, reason: 'offline', message: e.message };
    return { ok: false, reason: 'server', message: (e as Error).message };
  }
}
