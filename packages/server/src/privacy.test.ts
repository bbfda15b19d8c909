/**
 * No raw client code at rest: after importing a register, looking clients up through the API and
 * backing up, no UIC from the file appears in the database files (including the WAL), the logs,
 * the CLI's output or the backup. The same for a marker written into a rights-case narrative, also
 * through an export and an error answer. SQLite only: its files are what a seized laptop holds.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseUic } from '@harbour/core';
import { describe, expect, it } from 'vitest';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from './demo/programme-generator.js';

const NARRATIVE_MARKER = 'PRIVACY-NARRATIVE-MARKER-93';

const BIN = fileURLToPath(new URL('../bin/harbour.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('no raw UIC at rest', () => {
  it('leaves no code from an imported register in the database files, logs, output or backup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-privacy-'));
    const env = {
      PATH: process.env.PATH ?? '',
      HARBOUR_DATA_DIR: join(dir, 'data'),
      HARBOUR_BACKUP_PASSPHRASE: 'a long backup passphrase',
      HARBOUR_LOG_LEVEL: 'debug',
    };
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    run(['init']);
    run(['demo', '--clients', '0']);
    const records = [
      ...generateRegister({
        seed: 11,
        clients: 150,
        contacts: 1200,
        sites: ['KYIV-DIC', 'KYIV-OST', 'ODESA-PORT'],
        start: '2025-06-01',
        months: 6,
      }),
    ];
    // Spaced and lower-case forms too: what a person types, not only the normalised code.
    const codes = [...new Set(records.map((r) => r.uic))];
    const register = join(dir, 'register.csv');
    writeFileSync(
      register,
      `${[REGISTER_HEADER.join(','), ...records.map((r, i) => registerCsvLine(i % 3 === 0 ? { ...r, uic: `${r.uic.slice(0, 3).toLowerCase()} ${r.uic.slice(3)}` } : r))].join('\n')}\n`,
    );
    const imported = run(['import', register, '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rejected: 0 });

    // The API: sign in, find clients by code, read their timelines, with request logging on.
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    let exported = '';
    let errors = '';
    server.stdout.on('data', (d) => {
      logs += d;
    });
    server.stderr.on('data', (d) => {
      logs += d;
    });
    try {
      for (;;) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      const signIn = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'staff', password: 'harbour-demo' }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const post = (path: string, body: unknown) =>
        fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        });
      for (const code of codes.slice(0, 30)) {
        const found = (await (await post('/clients/lookup', { siteCode: 'KYIV-DIC', uic: code })).json()) as {
          matches: { id: string }[];
        };
        for (const m of found.matches)
          await fetch(`http://127.0.0.1:${port}/api/v1/clients/${m.id}/timeline`, { headers: { cookie } });
      }
      // A lookup that fails validation, and an enrolment that conflicts: error paths must not echo codes either.
      const bad = await post('/clients/lookup', { siteCode: 'KYIV-DIC', uic: `${codes[0]}!!` });
      expect(await bad.text()).not.toContain(codes[0]!);
      const dup = await post('/clients', { siteCode: 'KYIV-DIC', uic: codes[0], sex: 'male' });
      expect(dup.status).toBe(409);
      expect(await dup.text()).not.toContain(codes[0]!);

      // A rights case whose narrative carries a marker: recorded, read back, counted in an export,
      // and sent once more with a mistake (the error must not echo it).
      const rightsIn = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'rights', password: 'harbour-demo' }),
      });
      const rightsCookie = rightsIn.headers.get('set-cookie')!.split(';')[0]!;
      const asRights = (path: string, body?: unknown) =>
        fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', cookie: rightsCookie },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const rightsCase = {
        siteCode: 'ODESA-PORT',
        placeCode: 'UA-ODESA',
        occurredOn: '2025-10-02',
        channel: 'hotline',
        person: { sex: 'male', ageBand: '25-34', kp: 'pwid' },
        consent: { record: true, advocacy: true, contact: false },
        acts: [{ violation: 'extortion', perpetrator: 'police' }],
        narrative: `They took money at the checkpoint. ${NARRATIVE_MARKER}`,
      };
      const recorded = (await (await asRights('/rights/cases', rightsCase)).json()) as { id: string };
      expect(await (await asRights(`/rights/cases/${recorded.id}`)).text()).toContain(NARRATIVE_MARKER);
      exported = await (
        await asRights('/rights/trends?orgUnit=SLN&from=2025-01&to=2025-12&format=csv')
      ).text();
      const wrong = await asRights('/rights/cases', {
        ...rightsCase,
        placeCode: 'ODESA-PORT',
        occurredOn: 'soon',
      });
      expect(wrong.status).toBe(400);
      errors += await wrong.text();
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    const backup = run(['backup', join(dir, 'harbour.backup')]);
    expect(backup.status).toBe(0);

    const files = readdirSync(join(dir, 'data')).map((f) => join(dir, 'data', f));
    expect(
      files.some((f) => f.endsWith('harbour.db-wal')) || existsSync(join(dir, 'data', 'harbour.db')),
    ).toBe(true);
    const haystacks: [string, Buffer][] = [
      ...files.map((f) => [f, readFileSync(f)] as [string, Buffer]),
      [join(dir, 'harbour.backup'), readFileSync(join(dir, 'harbour.backup'))],
      ['server logs', Buffer.from(logs)],
      ['import output', Buffer.from(imported.stdout + imported.stderr)],
      ['rights export', Buffer.from(exported)],
      ['error answers', Buffer.from(errors)],
    ];
    expect(exported).toContain('extortion');
    for (const [name, data] of haystacks)
      expect(data.includes(Buffer.from(NARRATIVE_MARKER)), name).toBe(false);
    expect(logs).toContain('/api/v1/clients/lookup');
    // The scan can see plain text: a site code, stored in clear, is found in the database files.
    expect(
      haystacks
        .filter(([n]) => n.includes('harbour.db'))
        .some(([, d]) => d.includes(Buffer.from('ODESA-PORT'))),
    ).toBe(true);
    const leaks: string[] = [];
    for (const code of codes) {
      const forms = new Set([code, normaliseUic(code), code.toLowerCase()]);
      for (const [name, data] of haystacks)
        for (const f of forms) if (data.includes(Buffer.from(f, 'utf8'))) leaks.push(`${name}`);
    }
    expect(codes.length).toBeGreaterThan(100);
    expect([...new Set(leaks)]).toEqual([]);
  }, 120_000);
});
