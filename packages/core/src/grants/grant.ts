/**
 * An awarded grant's life: the reports it owes (due so many days after the award), which are due soon
 * or late, its tranches (planned, then paid; never more than the award), and its status.
 */

import { addDays } from '../dates.js';
import type { FieldIssue } from '../problems.js';
import { fromCents } from '../projects/money.js';
import type { GrantReportKind } from './call.js';

export const GRANT_STATUSES = ['active', 'reported', 'closed', 'suspended'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** Reports due on these days, counted from the day of the award. */
export function reportSchedule(
  awardedOn: string,
  reports: readonly { kind: GrantReportKind; dueDays: number }[],
): { kind: GrantReportKind; dueOn: string }[] {
  return reports
    .map((r) => ({ kind: r.kind, dueOn: addDays(awardedOn, r.dueDays) }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** How many days before a report's due day it is shown as due (to the group and to the officer). */
export const REMIND_DAYS = 14;

export type ReportState = 'submitted' | 'upcoming' | 'due' | 'late';
export function reportState(dueOn: string, submittedAt: string | null, today: string): ReportState {
  if (submittedAt) return 'submitted';
  if (today > dueOn) return 'late';
  return addDays(today, REMIND_DAYS) >= dueOn ? 'due' : 'upcoming';
}

/** A tranche is refused when the tranches together would pay more than the award. */
export function trancheIssues(award: bigint, otherTranches: bigint, amount: bigint): FieldIssue[] {
  if (amount <= 0n) return [{ field: 'amount', rule: 'min', message: 'A tranche is a positive amount' }];
  if (otherTranches + amount > award)
    return [
      {
        field: 'amount',
        value: fromCents(amount),
        rule: 'max',
        message: `The tranches would come to ${fromCents(otherTranches + amount)}, more than the award of ${fromCents(award)}`,
      },
    ];
  return [];
}
