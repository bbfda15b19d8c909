export * from './actions.js';
export * from './checklist.js';
export * from './contract.js';
export * from './experts.js';
export * from './scorecard.js';
export * from './visit.js';
