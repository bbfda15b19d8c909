/** Human rights documentation: taxonomies, case shapes, and trend counts. */

export * from './contract.js';
export * from './schemas.js';
export * from './taxonomy.js';
export * from './trends.js';
