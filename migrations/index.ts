/** Every migration, in order. A test fails when a file in this folder is missing here. */
import type { Migration } from 'kysely/migration';
import * as initial from './20261124T1830_initial.js';

export const migrations: Record<string, Migration> = {
  '20261124T1830_initial': initial,
};
