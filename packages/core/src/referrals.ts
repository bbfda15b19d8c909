/**
 * Which overdue referral to chase first. Oldest-first put a year-old referral for food above one
 * for ART three days late. A worker's day is short, so: referrals where delay costs health soonest
 * (ART, OST, TB) before testing and care, before social support; within each, the longest overdue
 * first; and referrals overdue so long that the chance has likely passed go last, to be closed
 * with an outcome rather than chased.
 */

import type { ReferralService } from './catalogue.js';

/** 0 chased first. Anything not named (a programme's own service) is social support. */
const TIER: Partial<Record<ReferralService, number>> = {
  art: 0,
  ost: 0,
  tb: 0,
  hiv_test: 1,
  hcv: 1,
  sti: 1,
  srh: 1,
  shelter: 1,
};

/** Past this many days overdue a referral is listed last: most likely lost, to be closed. */
export const STALE_REFERRAL_DAYS = 90;

export function referralTier(service: string): number {
  return TIER[service as ReferralService] ?? 2;
}

/** Sort order for overdue referrals: stale last, then by tier, then longest overdue, then id. */
export function byChaseUrgency(
  a: { service: string; overdueDays: number; id: string },
  b: { service: string; overdueDays: number; id: string },
): number {
  const staleA = a.overdueDays > STALE_REFERRAL_DAYS ? 1 : 0;
  const staleB = b.overdueDays > STALE_REFERRAL_DAYS ? 1 : 0;
  return (
    staleA - staleB ||
    referralTier(a.service) - referralTier(b.service) ||
    b.overdueDays - a.overdueDays ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
