import { describe, expect, it } from 'vitest';
import { byChaseUrgency, STALE_REFERRAL_DAYS } from './referrals.js';

describe('which overdue referral to chase first', () => {
  it('puts ART three days late before food a month late, the longest overdue first within a tier, and stale ones last', () => {
    const rows = [
      { id: 'a', service: 'food', overdueDays: 30 },
      { id: 'b', service: 'art', overdueDays: 3 },
      { id: 'c', service: 'hcv', overdueDays: 10 },
      { id: 'd', service: 'art', overdueDays: STALE_REFERRAL_DAYS + 442 },
      { id: 'e', service: 'ost', overdueDays: 12 },
      { id: 'f', service: 'food', overdueDays: 2 },
    ];
    expect([...rows].sort(byChaseUrgency).map((r) => r.id)).toEqual(['e', 'b', 'c', 'a', 'f', 'd']);
  });
});
