/** Indicators: definitions, disaggregations, the engine, suppression and the report format. */

export * from './cross-tab.js';
export * from './dashboard-contract.js';
export * from './definitions.js';
export * from './disaggregation.js';
export * from './engine.js';
export * from './event-suppression.js';
export * from './labels.js';
export * from './linear-attacker.js';
export * from './report.js';
export * from './suppression.js';
export * from './suppression-lattice.js';
