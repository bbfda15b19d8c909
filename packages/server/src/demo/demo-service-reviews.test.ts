/** The demo's community-led monitoring as the issue asks: ten expert profiles, two reviewed sites with action items. */

import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/actor.js';
import { scorecardOf, siteSummaries } from '../service-reviews/scorecard-service.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { createDemo } from './demo.js';
import { demoGrants } from './demo-grants.js';
import { demoServiceReviews } from './demo-service-reviews.js';

describe('demo service reviews', () => {
  let h: TestHarbour | undefined;
  afterEach(async () => {
    await h?.dispose();
  });

  it('has ten expert profiles, two sites reviewed twice with action items, and a visit to make', async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 0 });
    await demoGrants(h, '2026-03-15');
    await demoServiceReviews(h, '2026-03-15');
    expect(await h.db.selectFrom('expert_profiles').select('user_id').execute()).toHaveLength(10);
    const sites = await siteSummaries(h, systemActor());
    expect(sites.map((x) => [x.site.code, x.visits, x.pendingReviews])).toEqual([
      ['ALMATY-NSP', 2, 0],
      ['KYIV-DIC', 2, 0],
      ['ODESA-DIC', 0, 1],
    ]);
    const kyiv = await scorecardOf(h, systemActor(), 'KYIV-DIC');
    expect(kyiv.overall.change).toBeGreaterThan(0);
    expect(kyiv.actions.map((a) => [a.status, a.overdue])).toEqual([
      ['open', true],
      ['in_progress', false],
    ]);
    const almaty = await scorecardOf(h, systemActor(), 'ALMATY-NSP');
    expect(almaty.overall.change).toBeLessThan(0);
    expect(almaty.actions.some((a) => a.status === 'done')).toBe(true);
  });
});
