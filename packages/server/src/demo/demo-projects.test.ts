import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/actor.js';
import { reportCalendar } from '../projects/project-reports.js';
import { projectResults } from '../projects/project-results.js';
import { listProjects, projectDashboard } from '../projects/project-service.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { createDemo } from './demo.js';
import { demoProjects } from './demo-projects.js';

describe('demo projects', () => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 0 });
    h.setNow('2026-11-23T10:00:00Z');
    await demoProjects(h, 1, '2026-11-23');
  });
  afterAll(async () => h.dispose());

  it('sets up the consortium grant and a member’s own, with spending for each quarter already over', async () => {
    const projects = await listProjects(h, systemActor());
    expect(projects.map((p) => p.code).sort()).toEqual(['HRC-RCF', 'SLN-GF']);
    const d = await projectDashboard(h, systemActor(), 'HRC-RCF', '2026-11-23');
    // 2025Q1 … 2026Q3: seven quarters.
    expect(new Set(d.spending.map((e) => e.period)).size).toBe(7);
    expect(d.spending.some((e) => e.currency === 'UAH')).toBe(true);
    expect(Number(d.total.spent)).toBeGreaterThan(0);
    expect(Number(d.total.spent)).toBeLessThan(Number(d.total.budget));
    const r = await projectResults(h, systemActor(), 'HRC-RCF');
    expect(r.indicators.map((i) => i.code)).toEqual(['reach', 'naloxone', 'events']);
    expect(r.indicators[2]!.periods[0]).toMatchObject({ period: '2025', target: 8, achieved: 9 });
    // Bridges sends reach and naloxone from its "own server"; Street Light's are computed here.
    for (const ind of r.indicators.slice(0, 2))
      for (const p of ind.periods) {
        expect(p.byMember.map((b) => b.source)).toEqual(['computed', 'received']);
        expect(typeof p.byMember[1]!.value).toBe('number');
      }
    // The report calendar shows every stage.
    const calendar = await reportCalendar(h, systemActor(), 'HRC-RCF');
    const stages = new Set(calendar.entries.map((e) => e.stage));
    for (const stage of ['accepted', 'submitted', 'returned', 'upcoming']) expect(stages).toContain(stage);
    expect(calendar.entries.find((e) => e.member === 'BRC' && e.period === '2026Q3')?.stage).toMatch(
      /^(due|overdue)$/,
    );
    const sent = await h.db.selectFrom('received_values').selectAll().execute();
    expect(new Set(sent.map((v) => v.period)).size).toBe(2 + 8);
  });
});
