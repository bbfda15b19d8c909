/** Field sync: clocks, profile merge and the push/pull protocol shared by the phone and the server. */

export * from './devices-contract.js';
export * from './hlc.js';
export * from './limits.js';
export * from './profile-merge.js';
export * from './protocol.js';
