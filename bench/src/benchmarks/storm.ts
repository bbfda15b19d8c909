/**
 * The end-of-day sync storm: outreach workers come back into coverage and their phones push the
 * day's work at once — each about 30 contacts and 2 enrolments, gzip, some batches sent twice as a
 * lost answer makes a phone do — in bursts over a window, while an M&E officer asks for the
 * quarterly report every 10 s and 20 site staff record contacts in the console. Measured: pushes
 * and contacts per second, push latency, the report's and the console's latency during the storm,
 * errors, the server's peak memory; then every pushed contact and enrolment counted exactly once.
 */

import { gzipSync } from 'node:zlib';
import { uuidv7 } from '@harbour/core';
import type { Harbour as BenchHarbour } from '../../../packages/server/src/context.js';
import { systemActor } from '../../../packages/server/src/identity/actor.js';
import { createUser } from '../../../packages/server/src/identity/users.js';
import { enrolDevice } from '../../../packages/server/src/sync/devices.js';
import { actorFor } from '../../../packages/server/src/test-support/actors.js';
import type { BenchTree } from '../generator/tree.js';
import { type BenchResult, percentile } from '../result.js';
import { BENCH_PASSWORD, type BenchServer, peakRss, signIn } from './serve.js';

export interface StormSize {
  devices: number;
  /** The window the pushes are spread over, in seconds. */
  seconds: number;
}

interface Phone {
  token: string;
  site: string;
  body: Buffer;
  contactIds: string[];
  enrolIds: string[];
}

const CONTACTS_PER_PHONE = 30;
const ENROLMENTS_PER_PHONE = 2;
/** One phone in ten sends its batch again: the answer to the first was lost. */
const REPEAT_EVERY = 10;
const BURSTS = 10;

/** A worker account per site and the phones, enrolled through the service as the console would. */
async function enrolPhones(
  h: BenchHarbour,
  tree: BenchTree,
  devices: number,
): Promise<Omit<Phone, 'body' | 'contactIds' | 'enrolIds'>[]> {
  const cli = systemActor('bench');
  const phones: Omit<Phone, 'body' | 'contactIds' | 'enrolIds'>[] = [];
  const workerOf = new Map<string, Awaited<ReturnType<typeof actorFor>>>();
  for (let d = 0; d < devices; d++) {
    const site = tree.sites[d % tree.sites.length]!;
    let actor = workerOf.get(site);
    if (!actor) {
      const username = `bench-storm-${site.toLowerCase()}`;
      const exists = await h.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (!exists)
        await createUser(h, cli, {
          username,
          displayName: `Storm ${site}`,
          password: BENCH_PASSWORD,
          grants: [{ role: 'outreach_worker', orgUnitCode: site }],
        });
      actor = await actorFor(h.db, username);
      workerOf.set(site, actor);
    }
    const { token } = await enrolDevice(h, actor, {
      name: `storm ${d}`,
      siteCode: site,
      appVersion: 'bench',
    });
    phones.push({ token, site });
  }
  return phones;
}

/** One day of a phone's work: enrolments and contacts with the site's clients, mixed as outreach is. */
function dayOfWork(
  site: string,
  clients: readonly string[],
  run: string,
  d: number,
): Omit<Phone, 'token' | 'site'> {
  const date = new Date().toISOString().slice(0, 10);
  const at = new Date().toISOString();
  const enrolments = Array.from({ length: ENROLMENTS_PER_PHONE }, (_, j) => ({
    kind: 'client.enrol',
    id: uuidv7(),
    siteCode: site,
    uic: `STORM${run}D${d}N${j}`,
    sex: j % 2 ? 'female' : 'male',
    birthYear: 1985 + ((d + j) % 20),
    kp: 'pwid',
    at,
  }));
  const contacts = Array.from({ length: CONTACTS_PER_PHONE }, (_, i) => ({
    kind: 'contact.record',
    id: uuidv7(),
    clientId: clients[(d * CONTACTS_PER_PHONE + i) % clients.length]!,
    siteCode: site,
    date,
    time: `${String(8 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
    placeType: i % 3 ? 'outreach' : 'fixed_site',
    items: [
      { code: 'syringes', qty: 10 },
      { code: 'syringes_returned', qty: 6 },
      ...(i % 4 === 0 ? [{ code: 'condoms', qty: 5 }] : []),
      ...(i % 15 === 0 ? [{ code: 'naloxone', qty: 1 }] : []),
    ],
  }));
  return {
    body: gzipSync(JSON.stringify({ appVersion: 'bench', pending: 0, items: [...enrolments, ...contacts] })),
    contactIds: contacts.map((c) => c.id),
    enrolIds: enrolments.map((e) => e.id),
  };
}

/** Up to 500 clients of a site: whom its phones and desks record contacts with. */
export async function siteClients(h: BenchHarbour, site: string): Promise<string[]> {
  const rows = await h.db
    .selectFrom('client_sites')
    .innerJoin('org_units', 'org_units.id', 'client_sites.site_id')
    .select('client_sites.client_id')
    .where('org_units.code', '=', site)
    .limit(500)
    .execute();
  return rows.map((r) => r.client_id);
}

export async function syncStorm(
  h: BenchHarbour,
  server: BenchServer,
  tree: BenchTree,
  quarter: string,
  size: StormSize,
): Promise<BenchResult[]> {
  const enrolled = await enrolPhones(h, tree, size.devices);
  const clientsOf = new Map<string, string[]>();
  for (const site of tree.sites) clientsOf.set(site, await siteClients(h, site));
  const run = Date.now().toString(36).toUpperCase();
  const phones: Phone[] = enrolled
    .map((p, d) => ({ ...p, ...dayOfWork(p.site, clientsOf.get(p.site) ?? [], run, d) }))
    .filter((p) => p.contactIds.length > 0 && (clientsOf.get(p.site)?.length ?? 0) > 0);

  const [me, staff] = [await signIn(server.url, 'bench-me'), await signIn(server.url, 'bench-worker')];
  const today = new Date().toISOString().slice(0, 10);
  const contactsToday = async () =>
    Number(
      (
        await h.db
          .selectFrom('contacts')
          .select((e) => e.fn.countAll().as('n'))
          .where('contact_date', '=', today)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await contactsToday();
  const staffClients = clientsOf.get(tree.sites[0]!) ?? [];
  peakRss(server.pid, true);
  const pushTimes: number[] = [];
  const reportTimes: number[] = [];
  const consoleTimes: number[] = [];
  let errors = 0;
  let consoleErrors = 0;
  let accepted = 0;
  let repeats = 0;
  let consoleOk = 0;
  let storming = true;

  const push = async (p: Phone) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${server.url}/api/v1/sync/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${p.token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        body: p.body,
      });
      const answer = (await res.json()) as { results?: { status: string }[] };
      pushTimes.push(performance.now() - t0);
      if (!res.ok || !answer.results) errors++;
      else accepted += answer.results.filter((r) => r.status === 'accepted').length;
    } catch {
      errors++;
    }
  };
  // The M&E officer: the quarterly report every 10 s while the storm lasts.
  const reports = (async () => {
    while (storming) {
      const t0 = performance.now();
      const res = await fetch(
        `${server.url}/api/v1/reports?period=${quarter}&orgUnit=${tree.root}&disaggregate=sex,age:gf,kp`,
        { headers: { cookie: me } },
      );
      await res.arrayBuffer();
      reportTimes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10_000));
    }
  })();
  // Twenty site staff, each recording a contact a second in the console.
  const desks = Array.from({ length: 20 }, async (_, desk) => {
    await new Promise((r) => setTimeout(r, desk * 50));
    let n = desk;
    while (storming) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${server.url}/api/v1/contacts`, {
          method: 'POST',
          headers: { cookie: staff, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId: staffClients[n++ % staffClients.length],
            siteCode: tree.sites[0],
            date: today,
            placeType: 'fixed_site',
            items: [{ code: 'syringes', qty: 10 }],
          }),
        });
        await res.arrayBuffer();
        if (res.ok) consoleOk++;
        else consoleErrors++;
      } catch {
        consoleErrors++;
      }
      consoleTimes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t0))));
    }
  });

  // Bursts spread over the window: phones of a burst push together, as a bus reaching coverage would.
  const started = performance.now();
  const bursts: Promise<void>[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const mine = phones.filter((_, i) => i % BURSTS === b);
    bursts.push(
      (async () => {
        await new Promise((r) => setTimeout(r, (b * size.seconds * 1000) / BURSTS));
        await Promise.all(
          mine.map(async (p, i) => {
            await push(p);
            if (i % REPEAT_EVERY === 0) {
              repeats++;
              await push(p);
            }
          }),
        );
      })(),
    );
  }
  await Promise.all(bursts);
  const seconds = (performance.now() - started) / 1000;
  storming = false;
  await Promise.all([reports, ...desks]);
  const rss = peakRss(server.pid);

  // Every contact and enrolment pushed, present exactly once.
  const count = async (table: 'contacts' | 'clients', ids: string[]) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500)
      n += Number(
        (
          await h.db
            .selectFrom(table)
            .select((e) => e.fn.countAll().as('n'))
            .where('id', 'in', ids.slice(i, i + 500))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return n;
  };
  const contactIds = phones.flatMap((p) => p.contactIds);
  const enrolIds = phones.flatMap((p) => p.enrolIds);
  const [contactsFound, clientsFound] = [
    await count('contacts', contactIds),
    await count('clients', enrolIds),
  ];
  const pushes = pushTimes.length;
  // Today's new contacts are the phones' and the console's, none twice (a repeat writing again would show here).
  const doubled = (await contactsToday()) - before - contactIds.length - consoleOk;
  const check = `${contactsFound.toLocaleString('en')} of ${contactIds.length.toLocaleString('en')} contacts and ${clientsFound} of ${enrolIds.length} enrolments found, ${doubled} extra`;
  return [
    {
      name: 'storm.push',
      p50_ms: percentile(pushTimes, 0.5),
      p99_ms: percentile(pushTimes, 0.99),
      pushes_per_second: pushes / seconds,
      contacts_per_second: accepted / seconds,
      errors,
      lost: contactIds.length - contactsFound,
      doubled,
      peak_rss_mb: rss,
      note: `${phones.length} phones × (${CONTACTS_PER_PHONE} contacts + ${ENROLMENTS_PER_PHONE} enrolments), gzip, in ${BURSTS} bursts over ${size.seconds} s, ${repeats} sent twice: ${pushes} pushes in ${seconds.toFixed(1)} s, ${errors} errors; ${check}; server peak RSS ${rss} MB; budget p99 ≤ 2 s, 0 errors, 0 lost or doubled`,
    },
    {
      name: 'storm.console',
      p50_ms: percentile(consoleTimes, 0.5),
      p99_ms: percentile(consoleTimes, 0.99),
      errors: consoleErrors,
      note: `20 site staff recording a contact a second in the console during the storm: ${consoleTimes.length} contacts, ${consoleErrors} failed; budget p99 ≤ 200 ms`,
    },
    {
      name: 'storm.report',
      p50_ms: percentile(reportTimes, 0.5),
      p99_ms: Math.max(...reportTimes),
      note: `the quarterly report (sex × age(gf) × kp, root) every 10 s during the storm: ${reportTimes.length} reports; p99 is the slowest`,
    },
  ];
}
