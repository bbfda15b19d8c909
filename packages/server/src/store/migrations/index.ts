/** Every migration, in order. Append only: never edit or reorder an entry that has shipped. */

import type { Migration } from '../migration.js';
import { foundation } from './0001-foundation.js';
import { serviceDelivery } from './0002-service-delivery.js';
import { monitoring } from './0003-monitoring.js';
import { fieldSync } from './0004-field-sync.js';
import { rights } from './0005-rights.js';
import { personQuarters } from './0006-person-quarters.js';
import { mergedIndex } from './0007-merged-index.js';
import { syncTriggersAtCommit } from './0008-sync-triggers-at-commit.js';
import { secondFactorAttempts } from './0009-second-factor-attempts.js';
import { uicKeyPerOrganisation } from './0010-uic-key-per-organisation.js';
import { advocacy } from './0011-advocacy.js';
import { overdoseReversals } from './0012-overdose-reversals.js';
import { rollupPersonNotNull } from './0013-rollup-person-not-null.js';
import { overdoseEvents } from './0014-overdose-events.js';
import { referralProvider } from './0015-referral-provider.js';
import { ostPrescriptions } from './0016-ost-prescriptions.js';
import { rightsNotes } from './0017-rights-notes.js';
import { projects } from './0018-projects.js';
import { projectResults } from './0019-project-results.js';
import { receivedValues } from './0020-received-values.js';
import { projectReports } from './0021-project-reports.js';
import { communityGroups } from './0022-community-groups.js';
import { uicRekey } from './0023-uic-rekey.js';
import { grants } from './0024-grants.js';
import { serviceReviews } from './0025-service-reviews.js';
import { deferredIndexes } from './0026-deferred-indexes.js';

export const MIGRATIONS: readonly Migration[] = [
  foundation,
  serviceDelivery,
  monitoring,
  fieldSync,
  rights,
  personQuarters,
  mergedIndex,
  syncTriggersAtCommit,
  secondFactorAttempts,
  uicKeyPerOrganisation,
  advocacy,
  overdoseReversals,
  rollupPersonNotNull,
  overdoseEvents,
  referralProvider,
  ostPrescriptions,
  rightsNotes,
  projects,
  projectResults,
  receivedValues,
  projectReports,
  communityGroups,
  uicRekey,
  grants,
  serviceReviews,
  deferredIndexes,
];
