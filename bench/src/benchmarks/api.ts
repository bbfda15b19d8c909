/**
 * The running server under load on loopback: contact recording latency at 50 concurrent clients
 * (autocannon, bounded in time), and sync push ingest of gzip batches as a phone sends them.
 */

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { uuidv7 } from '../../../packages/core/src/ids.js';
import { type BenchResult, percentile } from '../result.js';
import { type BenchServer, signIn } from './serve.js';

/**
 * Fifty people recording at once, two ways: paced (each of 50 clients sends one contact a second, as
 * busy staff would at most) and saturated (each sends the next the moment the last is answered, which
 * measures throughput: latency there is mostly waiting in line).
 */
export async function contactLatency(
  server: BenchServer,
  site: string,
  clientIds: readonly string[],
  seconds: number,
): Promise<BenchResult[]> {
  const cookie = await signIn(server.url, 'bench-worker');
  const body = contactBody(site, clientIds);
  const run = () =>
    autocannon({
      url: `${server.url}/api/v1/contacts`,
      connections: 50,
      duration: seconds,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: body(),
          }),
        },
      ],
    });
  const paced = await pacedContacts(server, cookie, body, seconds);
  const saturated = await run();
  const summary = (r: autocannon.Result) =>
    `${r['2xx']} recorded, ${r.non2xx} refused, ${r.errors} errors, ${Math.round(r.requests.average)} req/s`;
  return [
    {
      name: 'api.contact',
      p50_ms: paced.p50,
      p99_ms: paced.p99,
      requests_per_second: paced.perSecond,
      p99_after_2s_ms: paced.p99Settled,
      note: `POST /api/v1/contacts, 50 clients each sending one a second (random phase) for ${seconds} s: ${paced.ok} recorded, ${paced.failed} failed; p99 of those sent after the first 2 s ${paced.p99Settled.toFixed(1)} ms; budget p99 ≤ 20 ms`,
    },
    {
      name: 'api.contact.saturated',
      p50_ms: saturated.latency.p50,
      p99_ms: saturated.latency.p99,
      requests_per_second: saturated.requests.average,
      note: `50 clients sending back to back for ${seconds} s: ${summary(saturated)}`,
    },
  ];
}

/** Each request a different client of the site: the write path, not one hot row. */
function contactBody(site: string, clientIds: readonly string[]): () => string {
  const date = new Date().toISOString().slice(0, 10);
  let n = 0;
  return () =>
    JSON.stringify({
      clientId: clientIds[n++ % clientIds.length],
      siteCode: site,
      date,
      placeType: 'outreach',
      items: [
        { code: 'syringes', qty: 10 },
        { code: 'condoms', qty: 5 },
      ],
    });
}

function pacedContacts(server: BenchServer, cookie: string, body: () => string, seconds: number) {
  return pacedClients(50, seconds, async () => {
    const res = await fetch(`${server.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: body(),
    });
    await res.arrayBuffer();
    return res.status === 201;
  });
}

/**
 * Finding clients and recording contacts while another program writes to the same disk and syncs it
 * (a backup, a database dump, another service): every fsync then waits behind that program's writes.
 */
export async function busyDiskLatency(
  server: BenchServer,
  dir: string,
  codes: readonly { uic: string; site: string }[],
  site: string,
  clientIds: readonly string[],
  seconds: number,
): Promise<BenchResult[]> {
  const cookie = await signIn(server.url, 'bench-worker');
  const writer = startDiskWriter(dir);
  try {
    const lookup = await lookupLatency(server, codes);
    const paced = await pacedContacts(server, cookie, contactBody(site, clientIds), seconds);
    return [
      {
        ...lookup,
        name: 'api.lookup.busy_disk',
        note: `as api.lookup, while another process writes 8 MB blocks to the same disk and syncs each (${writer.describe()})`,
      },
      {
        name: 'api.contact.busy_disk',
        p50_ms: paced.p50,
        p99_ms: paced.p99,
        requests_per_second: paced.perSecond,
        p99_after_2s_ms: paced.p99Settled,
        note: `as api.contact (50 clients × 1/s, ${seconds} s: ${paced.ok} recorded, ${paced.failed} failed; p99 after the first 2 s ${paced.p99Settled.toFixed(1)} ms), with the same disk writer`,
      },
    ];
  } finally {
    await writer.stop();
  }
}

/**
 * A child process that writes 8 MB blocks into a file in `dir` and fsyncs after each, starting the
 * file again at 256 MB, until stopped; the file is removed.
 */
function startDiskWriter(dir: string): { stop(): Promise<void>; describe(): string } {
  const file = join(dir, 'disk-writer.tmp');
  const script = `
    const fs = require('node:fs');
    const block = Buffer.alloc(8 << 20, 1);
    const fd = fs.openSync(process.argv[1], 'w');
    let at = 0;
    for (;;) {
      fs.writeSync(fd, block, 0, block.length, at);
      fs.fsyncSync(fd);
      at = (at + block.length) % (256 << 20);
    }`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: 'ignore' });
  return {
    describe: () => 'a 256 MB file rewritten in a loop',
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      rmSync(file, { force: true });
    },
  };
}

/** `clients` loops, each sending once per second from a random start within the first second. */
async function pacedClients(
  clients: number,
  seconds: number,
  send: () => Promise<boolean>,
): Promise<{ p50: number; p99: number; p99Settled: number; ok: number; failed: number; perSecond: number }> {
  const latencies: number[] = [];
  // Requests sent after the first two seconds: the p99 once the 50 clients' first burst has passed.
  const settled: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      let next = start + Math.random() * 1000;
      for (;;) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= end) return;
        const t0 = performance.now();
        if (await send().catch(() => false)) ok++;
        else failed++;
        latencies.push(performance.now() - t0);
        if (t0 - start >= 2000) settled.push(performance.now() - t0);
        next += 1000;
      }
    }),
  );
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    p99Settled: settled.length ? percentile(settled, 0.99) : Number.NaN,
    ok,
    failed,
    perSecond: (ok + failed) / seconds,
  };
}

export async function syncIngest(
  server: BenchServer,
  site: string,
  clientIds: readonly string[],
  batches: number,
): Promise<BenchResult> {
  const cookie = await signIn(server.url, 'bench-worker');
  const enrol = await fetch(`${server.url}/api/v1/devices`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench phone', siteCode: site, appVersion: 'bench' }),
  });
  const { token } = (await enrol.json()) as { token: string };
  const date = new Date().toISOString().slice(0, 10);
  let contacts = 0;
  let seconds = 0;
  for (let b = 0; b < batches; b++) {
    const items = Array.from({ length: 500 }, (_, i) => ({
      kind: 'contact.record',
      id: uuidv7(),
      clientId: clientIds[(b * 500 + i) % clientIds.length],
      siteCode: site,
      date,
      time: '07:30',
      placeType: 'outreach',
      items: [
        { code: 'syringes', qty: 10 },
        { code: 'syringes_returned', qty: 6 },
        { code: 'naloxone', qty: 1 },
      ],
    }));
    const body = gzipSync(JSON.stringify({ appVersion: 'bench', pending: 0, items }));
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body,
    });
    const answer = (await res.json()) as { results: { status: string }[] };
    seconds += (performance.now() - t0) / 1000;
    contacts += answer.results.filter((r) => r.status === 'accepted').length;
  }
  return {
    name: 'sync.ingest',
    seconds,
    contacts_per_second: contacts / seconds,
    note: `${contacts.toLocaleString('en')} contacts pushed in ${batches} gzip batches of 500 by one device; budget ≥ 5,000 contacts/s`,
  };
}

/**
 * Finding a client by code, as site staff do all day: POST /clients/lookup with codes taken from the
 * register (hashed by the server, matched on the organisation's index), one at a time.
 */
export async function lookupLatency(
  server: BenchServer,
  codes: readonly { uic: string; site: string }[],
  warmUp: readonly { uic: string; site: string }[] = [],
): Promise<BenchResult> {
  const cookie = await signIn(server.url, 'bench-me');
  const times: number[] = [];
  let found = 0;
  for (const [i, c] of [...warmUp, ...codes].entries()) {
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/clients/lookup`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ siteCode: c.site, uic: c.uic }),
    });
    const body = (await res.json()) as { matches?: unknown[] };
    if (i < warmUp.length) continue;
    times.push(performance.now() - t0);
    if (body.matches?.length) found++;
  }
  const warm = warmUp.length ? `, after ${warmUp.length} other codes (not counted) warmed the server up` : '';
  return {
    name: 'api.lookup',
    p50_ms: percentile(times, 0.5),
    p99_ms: percentile(times, 0.99),
    note: `${codes.length} lookups by code, one at a time${warm}, ${found} found (each audited); budget ≤ 5 ms`,
  };
}
