/** `harbour demo`: a realistic demo consortium to click through. Safe to run again: existing parts are kept. */

import {
  addDays,
  daysBetween,
  parsePeriod,
  reportValue,
  STOCKED_COMMODITIES,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import { sql } from 'kysely';
import { importFigures } from '../advocacy/advocacy-service.js';
import type { Services } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { createUser, findUserIdByUsername, type GrantingServices } from '../identity/users.js';
import { importBoundaries } from '../org/boundaries.js';
import { importOrgUnits } from '../org/org-units.js';
import { importRegister } from '../register-import/importer.js';
import { recordSource } from '../register-import/read-rows.js';
import { importEstimates, importTargets } from '../reports/estimates.js';
import { buildReport } from '../reports/report-service.js';
import { DEMO_COUNTRY_UNITS, demoAdvocacyCsv } from './demo-advocacy.js';
import { demoBoundaries } from './demo-boundaries.js';
import { demoCommunity } from './demo-community.js';
import { demoGrants } from './demo-grants.js';
import { demoOstClinic } from './demo-ost.js';
import { demoProjects } from './demo-projects.js';
import { demoRightsCases } from './demo-rights.js';
import { demoServiceReviews } from './demo-service-reviews.js';
import { DEMO_ESTIMATES, DEMO_PASSWORD, DEMO_ROOT, DEMO_UNITS, DEMO_USERS } from './demo-tree.js';
import { generateRegister, REGISTER_HEADER, random } from './programme-generator.js';

export interface DemoResult {
  unitsCreated: number;
  usersCreated: number;
  contactsImported: number;
  clientsCreated: number;
  users: { username: string; role: string; unit: string }[];
  password: string;
}

export interface DemoOptions {
  seed?: number;
  /** Clients and contacts of the generated programme (defaults: 2,000 and 30,000 over 24 months). */
  clients?: number;
  contacts?: number;
  months?: number;
  onProgress?: (rows: number) => void;
}

const SITES = DEMO_UNITS.filter(([code]) => /-(DIC|OST|VAN|PORT|NSP|OUT)$/.test(code)).map(([code]) => code);

export async function createDemo(s: GrantingServices, options: DemoOptions = {}): Promise<DemoResult> {
  const actor = systemActor('demo');
  const csv = [
    'code,name,parent,country',
    ...DEMO_UNITS.map((u) => [...u, DEMO_COUNTRY_UNITS[u[0]] ?? ''].join(',')),
  ].join('\n');
  const tree = await importOrgUnits(s, actor, csv);
  if (tree.errors.length) throw new Error(`demo tree: ${tree.errors.map((e) => e.message).join('; ')}`);
  if (!(await s.db.selectFrom('org_unit_boundaries').select('org_unit_id').executeTakeFirst()))
    await importBoundaries(s, actor, demoBoundaries());
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    if (await findUserIdByUsername(s.db, u.username)) continue;
    await createUser(s, actor, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      locale: u.locale ?? 'en',
      staffCode: u.staffCode ?? null,
      grants: [{ role: u.role, orgUnitCode: u.unit }],
    });
    usersCreated++;
  }
  // Country evidence for the advocates' profiles, map and briefs (demo-advocacy.ts says where it comes from).
  if (!(await s.db.selectFrom('country_figures').select('id').executeTakeFirst())) {
    const evidence = await importFigures(s, actor, demoAdvocacyCsv(), { keeper: DEMO_ROOT });
    if (evidence.rejected)
      throw new Error(
        `demo evidence: ${evidence.errors.map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ')}`,
      );
  }
  const users = DEMO_USERS.map((u) => ({ username: u.username, role: u.role, unit: u.unit }));
  if (options.clients === 0)
    return {
      unitsCreated: tree.created,
      usersCreated,
      contactsImported: 0,
      clientsCreated: 0,
      users,
      password: DEMO_PASSWORD,
    };

  const estimates = await s.db.selectFrom('size_estimates').select('year').executeTakeFirst();
  if (!estimates) {
    const csv = [
      'org_unit,year,pwid,pwid_opioid,pwid_lower,pwid_upper,source',
      ...DEMO_ESTIMATES.map(
        (e) =>
          `${e.unit},${e.year},${e.pwid},${e.opioid ?? ''},${e.lower},${e.upper},demo figures (not real estimates)`,
      ),
    ].join('\n');
    await importEstimates(s, actor, csv);
  }
  // Two years of contacts ending today, so dashboards and lists look current.
  const today = toIsoDate(s.now());
  const months = options.months ?? 24;
  const startMonth = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  startMonth.setUTCMonth(startMonth.getUTCMonth() - (months - 1));
  const workers: Record<string, string[]> = {};
  for (const u of DEMO_USERS) if (u.staffCode && SITES.includes(u.unit)) workers[u.unit] = [u.staffCode];
  const generated = generateRegister({
    seed: options.seed ?? 1,
    clients: options.clients ?? 2000,
    contacts: options.contacts ?? 30000,
    sites: SITES,
    // A client may also turn up at another site of the same organisation, not across the world.
    siteGroups: [SITES.filter((c) => !/^(JKT|BALI)-/.test(c)), SITES.filter((c) => /^(JKT|BALI)-/.test(c))],
    workers,
    start: toIsoDate(startMonth),
    months,
  });
  const notFuture = (function* () {
    for (const rec of generated)
      if (rec.contact_date <= today) yield rec as unknown as Record<string, string>;
  })();
  const summary = await importRegister(s, actor, recordSource(REGISTER_HEADER, notFuture), {
    onProgress: (_b, rows) => options.onProgress?.(rows),
  });
  if (summary.imported > 0) {
    await demoFollowUp(s, options.seed ?? 1, today);
    await demoOstClinic(s, options.seed ?? 1, today);
    await demoRightsCases(s, options.seed ?? 1, today);
    await demoProjects(s, options.seed ?? 1, today);
    await demoCommunity(s);
    await demoGrants(s, today);
    await demoServiceReviews(s, today);
    await demoTargets(s, options.seed ?? 1, today);
  }
  return {
    unitsCreated: tree.created,
    usersCreated,
    contactsImported: summary.imported,
    clientsCreated: summary.clientsCreated,
    users,
    password: DEMO_PASSWORD,
  };
}

/**
 * Targets a programme might have set for its countries this year and each of its quarters: near what
 * was achieved (from 80% to 125% of it), so achievement reads like a real programme's.
 */
async function demoTargets(s: Services, seed: number, today: string): Promise<void> {
  const r = random(seed + 11);
  const actor = systemActor('demo');
  const year = today.slice(0, 4);
  const periods = [year, `${year}Q1`, `${year}Q2`, `${year}Q3`, `${year}Q4`];
  const rows = ['org_unit,indicator,period,value'];
  for (const unit of ['UA', 'KZ', 'ID'])
    for (const period of periods) {
      const { report } = await buildReport(s, actor, { period, orgUnit: unit });
      for (const indicator of ['reached', 'nsp.syringes', 'hts.tested']) {
        const done = reportValue(report, indicator);
        if (typeof done !== 'number' || done === 0) continue;
        // A target for a period still running is for the whole period, so scale by its share elapsed.
        const p = parsePeriod(period)!;
        const elapsed = Math.min(1, (daysBetween(p.start, today) + 1) / (daysBetween(p.start, p.end) + 1));
        if (elapsed <= 0) continue;
        rows.push(`${unit},${indicator},${period},${Math.round((done / elapsed) * (0.8 + r() * 0.45))}`);
      }
    }
  await importTargets(s, actor, rows.join('\n'));
}

/** What staff would have done since: referrals followed up, stock received and counted, thresholds set. */
async function demoFollowUp(s: Services, seed: number, today: string): Promise<void> {
  const r = random(seed + 7);
  await s.db.transaction().execute(async (trx) => {
    const refs = await trx
      .selectFrom('referrals')
      .select(['id', 'issued_date'])
      .where('status', '=', 'issued')
      .where('due_date', '<', today)
      .execute();
    for (const ref of refs) {
      const roll = r();
      if (roll < 0.6) {
        const done = addDays(ref.issued_date, 1 + Math.floor(r() * 20));
        await trx
          .updateTable('referrals')
          .set({
            status: 'completed',
            completed_date: done > today ? today : done,
            updated_at: s.now().toISOString(),
          })
          .where('id', '=', ref.id)
          .execute();
      } else if (roll < 0.7)
        await trx
          .updateTable('referrals')
          .set({ status: 'lost', updated_at: s.now().toISOString() })
          .where('id', '=', ref.id)
          .execute();
    }
    const sites = await trx
      .selectFrom('org_units')
      .select(['id', 'org_id', 'code'])
      .where('code', 'in', SITES)
      .execute();
    for (const site of sites) {
      for (const commodity of STOCKED_COMMODITIES) {
        const given = await trx
          .selectFrom('stock_distributed')
          .select(sql<number>`coalesce(sum(quantity), 0)`.as('q'))
          .where('site_id', '=', site.id)
          .where('commodity', '=', commodity)
          .executeTakeFirstOrThrow();
        const total = Number(given.q);
        if (total === 0) continue;
        // Deliveries covered what went out, plus a margin that some sites have run down.
        const margin = Math.round(total * (r() < 0.3 ? 0.01 : 0.08 + r() * 0.1));
        await trx
          .insertInto('stock_movements')
          .values({
            id: uuidv7(),
            org_id: site.org_id!,
            site_id: site.id,
            commodity,
            movement_date: addDays(today, -730),
            kind: 'receipt',
            quantity: total + margin,
            reason: 'demo opening stock',
            created_at: s.now().toISOString(),
            created_by: null,
          })
          .execute();
        await trx
          .insertInto('stock_thresholds')
          .values({
            site_id: site.id,
            commodity,
            org_id: site.org_id!,
            minimum: Math.max(10, Math.round(total / 24)),
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    await s.audit.append(trx, {
      actorId: null,
      actor: 'demo',
      action: 'demo.follow_up_created',
      entityType: 'demo',
      details: { referrals: refs.length, sites: sites.length },
    });
  });
}
