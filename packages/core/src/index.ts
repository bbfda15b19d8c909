/** @harbour/core — the pure domain shared by the server, the field app and the importer. */

export * from './access.js';
export * from './advocacy/index.js';
export * from './boundaries.js';
export * from './catalogue.js';
export * from './client.js';
export * from './community/index.js';
export * from './contact-items.js';
export * from './dates.js';
export * from './grants/index.js';
export * from './ids.js';
export * from './indicators/index.js';
export * from './locales.js';
export * from './org-tree.js';
export * from './ost.js';
export * from './overdose.js';
export * from './overdose-schema.js';
export * from './periods.js';
export * from './problems.js';
export * from './projects/index.js';
export * from './referrals.js';
export * from './register.js';
export * from './rights/index.js';
export * from './safe-input.js';
export * from './schemas/index.js';
export * from './sync/index.js';
export * from './uic/index.js';
