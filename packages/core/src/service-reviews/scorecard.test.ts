import { describe, expect, it } from 'vitest';
import { actionUpdateInput, actionUpdateIssues, isOverdue } from './actions.js';
import { checklistInput, DEFAULT_CHECKLIST_ITEMS } from './checklist.js';
import { band, overallScore, siteScorecard } from './scorecard.js';
import { visitInput, visitIssues } from './visit.js';

const items = [{ id: 'naloxone' }, { id: 'respect' }, { id: 'hours' }];
const fb = (asked: number, good: number, fair: number, poor: number) => ({ asked, good, fair, poor });

describe('a visit’s overall score', () => {
  it('is the mean of the items it scored; unscored items are not zeros', () => {
    expect(overallScore({ naloxone: 5, respect: 2, hours: null })).toBe(3.5);
    expect(overallScore({ naloxone: 4 })).toBe(4);
    expect(overallScore({ naloxone: null })).toBeNull();
  });
  it('falls in a band: good from 4, fair from 2.5, poor below', () => {
    expect([band(4), band(3.99), band(2.5), band(2.49), band(null)]).toEqual([
      'good',
      'fair',
      'fair',
      'poor',
      null,
    ]);
  });
});

describe('a site’s scorecard', () => {
  // Hand-computed: visits ordered by day (v1 Mar, v2 Jun, v3 Sep), whatever order they arrive in.
  const card = siteScorecard(items, [
    {
      id: 'v3',
      visitedOn: '2026-09-10',
      scores: { naloxone: 5, respect: 4, hours: null },
      feedback: fb(10, 6, 3, 1),
    },
    {
      id: 'v1',
      visitedOn: '2026-03-02',
      scores: { naloxone: 1, respect: 3, hours: 2 },
      feedback: fb(8, 2, 3, 3),
    },
    {
      id: 'v2',
      visitedOn: '2026-06-15',
      scores: { naloxone: 3, respect: null, hours: 4 },
      feedback: fb(0, 0, 0, 0),
    },
  ]);
  it('orders the visits by day and scores each overall', () => {
    expect(card.visits).toEqual([
      { id: 'v1', visitedOn: '2026-03-02', overall: 2 },
      { id: 'v2', visitedOn: '2026-06-15', overall: 3.5 },
      { id: 'v3', visitedOn: '2026-09-10', overall: 4.5 },
    ]);
  });
  it('takes each item’s latest score from the last visit that scored it, and its change from the one before', () => {
    const [naloxone, respect, hours] = card.items;
    expect(naloxone).toEqual({ id: 'naloxone', scores: [1, 3, 5], latest: 5, change: 2, band: 'good' });
    // Not scored in June: the change runs from March (3) to September (4).
    expect(respect).toEqual({ id: 'respect', scores: [3, null, 4], latest: 4, change: 1, band: 'good' });
    // Not scored in September: the latest is June's.
    expect(hours).toEqual({ id: 'hours', scores: [2, 4, null], latest: 4, change: 2, band: 'good' });
    expect(card.overall).toEqual({
      id: 'overall',
      scores: [2, 3.5, 4.5],
      latest: 4.5,
      change: 1,
      band: 'good',
    });
  });
  it('adds clients’ feedback up', () => {
    expect(card.feedback).toEqual({ asked: 18, good: 8, fair: 6, poor: 4 });
  });
  it('has no latest score or change for a site never visited, and no change after one visit', () => {
    const none = siteScorecard(items, []);
    expect(none.overall).toEqual({ id: 'overall', scores: [], latest: null, change: null, band: null });
    const one = siteScorecard(items, [
      { id: 'a', visitedOn: '2026-01-01', scores: { naloxone: 2 }, feedback: fb(0, 0, 0, 0) },
    ]);
    expect(one.items[0]).toEqual({ id: 'naloxone', scores: [2], latest: 2, change: null, band: 'poor' });
  });
});

describe('a visit', () => {
  const list = DEFAULT_CHECKLIST_ITEMS;
  const ok = visitInput.parse({ visitedOn: '2026-12-01', scores: { naloxone: 4, respect: null } });
  it('passes when it scores checklist items on the scale', () => {
    expect(visitIssues(list, ok, '2026-12-05', '2026-11-20')).toEqual([]);
  });
  it('names each item that is off the checklist or off the scale', () => {
    const bad = visitInput.parse({
      visitedOn: '2026-12-01',
      scores: { naloxone: 6, respect: 0, pizza: 3 },
      notes: { pizza: 'x' },
    });
    expect(visitIssues(list, bad, '2026-12-05', '2026-11-20').map((i) => `${i.field}:${i.rule}`)).toEqual([
      'scores.naloxone:range',
      'scores.respect:range',
      'scores.pizza:enum',
      'notes.pizza:enum',
    ]);
  });
  it('needs one scored item, a day not after today nor before the assignment, and no more answers than clients asked', () => {
    const none = visitInput.parse({ visitedOn: '2026-12-06', scores: { naloxone: null } });
    expect(visitIssues(list, none, '2026-12-05', '2026-11-20').map((i) => i.rule)).toEqual([
      'required',
      'future',
    ]);
    const early = visitInput.parse({
      visitedOn: '2026-11-19',
      scores: { naloxone: 3 },
      feedback: { asked: 4, good: 3, fair: 1, poor: 1 },
    });
    expect(visitIssues(list, early, '2026-12-05', '2026-11-20').map((i) => `${i.field}:${i.rule}`)).toEqual([
      'visitedOn:before_assignment',
      'feedback.asked:sum',
    ]);
  });
});

describe('the default checklist', () => {
  it('is a valid checklist, with words in en, ru and ar for every item', () => {
    expect(checklistInput.safeParse({ unit: 'HRC', name: 'x', items: DEFAULT_CHECKLIST_ITEMS }).success).toBe(
      true,
    );
    for (const i of DEFAULT_CHECKLIST_ITEMS) expect(Object.keys(i.label).sort()).toEqual(['ar', 'en', 'ru']);
  });
  it('refuses two items with one id, and an item without English words', () => {
    const twice = { unit: 'HRC', name: 'x', items: [DEFAULT_CHECKLIST_ITEMS[0], DEFAULT_CHECKLIST_ITEMS[0]] };
    expect(checklistInput.safeParse(twice).success).toBe(false);
    const noEn = { unit: 'HRC', name: 'x', items: [{ id: 'abc', label: { ru: 'x' } }] };
    expect(checklistInput.safeParse(noEn).success).toBe(false);
  });
});

describe('action items', () => {
  it('are overdue only while still to do and past their day', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-12-04' }, '2026-12-05')).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueOn: '2026-12-04' }, '2026-12-05')).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-12-05' }, '2026-12-05')).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2026-01-01' }, '2026-12-05')).toBe(false);
    expect(isOverdue({ status: 'dropped', dueOn: '2026-01-01' }, '2026-12-05')).toBe(false);
  });
  it('cannot be dropped without a reason', () => {
    expect(actionUpdateIssues(actionUpdateInput.parse({ status: 'dropped' }))[0]?.field).toBe('note');
    expect(actionUpdateIssues(actionUpdateInput.parse({ status: 'dropped', note: 'site closed' }))).toEqual(
      [],
    );
    expect(actionUpdateIssues(actionUpdateInput.parse({ status: 'done' }))).toEqual([]);
  });
});
