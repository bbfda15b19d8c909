export * from './contract.js';
export * from './figure-row.js';
export * from './measures.js';
export * from './profile.js';
