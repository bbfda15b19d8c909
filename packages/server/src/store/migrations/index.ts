/** Every migration, in order. Append only: never edit or reorder an entry that has shipped. */

import type { Migration } from '../migration.js';
import { foundation } from './0001-foundation.js';

export const MIGRATIONS: readonly Migration[] = [foundation];
