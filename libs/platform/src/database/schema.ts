/**
 * What a module's migrations need of the platform, and nothing else (`@rep-hub/platform/schema`):
 * the RLS helpers, the roles and the migration registry. Importing it defines no job and starts
 * nothing, so a module's migrations entry can be loaded anywhere (the migration command, the test
 * setup) without the rest of the platform.
 */
export { laScopedTable, NATIONAL_SCHEMA, PLATFORM_TABLES, tenantTable } from './rls';
export { APP_ROLE, BOARD_ROLE, OPEN_DATA_ROLE, OWNER_ROLE } from './roles';
export { rewriteFunction, setConfigAsSetLocal, setLocalAsSetConfig } from './set-local';
export { allMigrations, migrationModules, registerMigrations } from './migrations/registry';
export type { MigrationClass } from './migrations/registry';
