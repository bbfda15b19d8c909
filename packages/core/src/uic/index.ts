/** Unique identifier codes: normalise, build from answers, split into parts for duplicate review. */

export * from './hash-vectors.js';
export * from './normalise.js';
export * from './schemes.js';
