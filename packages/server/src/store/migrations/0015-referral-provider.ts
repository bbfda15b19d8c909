/**
 * Where a referral is to, by name (a clinic or an organisation, never a person), beside its service
 * type. `completed_date` now holds the date of any outcome (completed, declined or lost), not only
 * completion: a lost referral has the day it was given up on.
 */

import type { Migration } from '../migration.js';

export const referralProvider: Migration = {
  name: '0015-referral-provider',
  statements: (db) => [db.schema.alterTable('referrals').addColumn('provider', 'text')],
};
