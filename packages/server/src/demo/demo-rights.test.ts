import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/actor.js';
import { followUpsDue, listCases } from '../rights/cases.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { createDemo } from './demo.js';
import { demoRightsCases } from './demo-rights.js';

describe('demo rights cases', () => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 0 });
    h.setNow('2026-11-23T10:00:00Z');
    await demoRightsCases(h, 1, '2026-11-23');
  });
  afterAll(async () => h.dispose());

  it('gives the rights pages a year of cases: open and closed, follow-ups due and overdue, mostly police', async () => {
    const cases = await listCases(h, systemActor(), 'all');
    expect(cases).toHaveLength(36);
    const closed = cases.filter((c) => c.status === 'closed');
    expect(closed.length).toBeGreaterThan(3);
    expect(closed.length).toBeLessThan(36);
    expect(cases.every((c) => c.occurredOn < '2026-11-23' && c.occurredOn >= '2025-12-28')).toBe(true);
    const police = cases.filter((c) => c.perpetrators.includes('police')).length;
    expect(police / cases.length).toBeGreaterThan(0.5);
    const due = await followUpsDue(h, systemActor());
    expect(due.some((f) => f.overdue)).toBe(true);
    expect(due.some((f) => !f.overdue)).toBe(true);
  });
});
