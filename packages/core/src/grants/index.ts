export * from './application.js';
export * from './assignment.js';
export * from './call.js';
export * from './contract.js';
export * from './grant.js';
export * from './scoring.js';
export * from './words.js';
