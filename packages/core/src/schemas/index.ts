/** Validation schemas shared by the API, the forms and the importer. */

export * from './bounds.js';
export * from './identity.js';
export * from './programme.js';
export * from './service-views.js';
