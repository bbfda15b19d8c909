/** Validation schemas shared by the API, the forms and the importer. */

export * from './identity.js';
export * from './programme.js';
