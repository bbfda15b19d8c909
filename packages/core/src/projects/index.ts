/** Projects of a consortium: money in exact cents, budget against spending (pure rules). */

export * from './budget.js';
export * from './contract.js';
export * from './money.js';
export * from './received.js';
export * from './reporting.js';
export * from './results.js';
