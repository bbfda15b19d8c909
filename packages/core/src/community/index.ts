/** Community work: the map of drug-user groups and networks. */

export * from './groups.js';
