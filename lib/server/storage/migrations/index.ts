import { managementMigration } from '../../management/sql-management-store';
import { coreMigration } from './001-core';
import type { Migration } from './migration';

export type { Migration } from './migration';

/**
 * Every migration of the flag server's database, in the order they run. A module that needs
 * tables adds its migration file here (at the end, with a new id); see `server-store.ts`.
 */
export const MIGRATIONS: readonly Migration[] = [coreMigration, managementMigration];
