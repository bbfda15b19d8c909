/** Unique identifier codes: normalise, build from answers, split into parts for duplicate review. */

export * from './normalise.js';
export * from './schemes.js';
export * from './hash-vectors.js';
