/** @harbour/core — the pure domain shared by the server, the field app and the importer. */

export * from './access.js';
export * from './ids.js';
export * from './locales.js';
export * from './org-tree.js';
export * from './problems.js';
export * from './schemas/index.js';
