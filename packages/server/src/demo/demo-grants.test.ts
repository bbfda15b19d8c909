/** The demo's small grants as the issue asks: one call decided (with a conflict, awards, tranches and a report), one open, ten experts. */

import { afterEach, describe, expect, it } from 'vitest';
import { callDashboard, listCalls } from '../grants/call-service.js';
import { systemActor } from '../identity/actor.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { createDemo } from './demo.js';
import { demoGrants } from './demo-grants.js';

describe('demo small grants', () => {
  let h: TestHarbour | undefined;
  afterEach(async () => {
    await h?.dispose();
  });

  it('has a decided call and an open one, reviewed by ten community experts', async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 0 });
    await demoGrants(h, '2026-03-15');
    const calls = await listCalls(h, systemActor());
    expect(calls.map((c) => c.phase).sort()).toEqual(['closed', 'open']);
    const experts = await h.db
      .selectFrom('role_grants')
      .select('user_id')
      .where('role', '=', 'community_expert')
      .execute();
    expect(experts).toHaveLength(10);
    const decided = await callDashboard(h, systemActor(), calls.find((c) => c.phase === 'closed')!.id);
    expect(decided.applications).toHaveLength(5);
    expect(decided.applications.filter((a) => a.decision === 'awarded').length).toBeGreaterThanOrEqual(2);
    expect(decided.applications.some((a) => a.screening === 'ineligible')).toBe(true);
    expect(decided.applications.some((a) => a.reviewers.conflicts === 1 && a.reviewers.submitted === 2)).toBe(
      true,
    );
    expect(Number(decided.money.awarded)).toBeLessThanOrEqual(Number(decided.money.envelope));
    expect(Number(decided.money.paid)).toBe(2000);
    const reports = await h.db.selectFrom('grant_reports').select('submitted_at').execute();
    expect(reports.filter((r) => r.submitted_at).length).toBe(1);
  });
});
