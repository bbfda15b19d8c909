/** @harbour/server — for tests, the benchmark and embedding: open a Harbour, build its HTTP app. */

export { type Config, loadConfig } from './config.js';
export { type Harbour, openHarbour, type Services } from './context.js';
export { buildApp } from './http/app.js';
export { type Actor, systemActor, userActor } from './identity/actor.js';
export { openStore, type Store } from './store/database.js';
