import { APP_ROLE } from './roles';

/**
 * SQL for the walls, written once and used by every migration that creates a table.
 *
 * Tenant-owned tables get RLS enabled *and forced* (so the owner is bound too) with a policy on
 * the unit of work's tenant. `current_setting('app.tenant_id')` without `missing_ok` fails closed:
 * a query with no tenant set is an error, never another tenant's rows.
 */
export const TENANT_PREDICATE = `tenant_id = current_setting('app.tenant_id')::uuid`;

/** LA-scoped tables (pupil data): rows only of the LAs the unit of work may see. */
export const LA_PREDICATE = `la_id = ANY (string_to_array(current_setting('app.la_ids'), ',')::uuid[])`;

export function tenantTable(table: string, privileges = 'SELECT, INSERT, UPDATE, DELETE'): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`,
    `GRANT ${privileges} ON ${table} TO ${APP_ROLE}`,
  ];
}

/** Adds wall 2 to a tenant table that carries `la_id`: a restrictive policy ANDed with the tenant's. */
export function laScopedTable(table: string): string[] {
  return [`CREATE POLICY la_scope ON ${table} AS RESTRICTIVE USING (${LA_PREDICATE}) WITH CHECK (${LA_PREDICATE})`];
}

/**
 * Platform tables hold no pupil data and no tenant's records; they are guarded by grants. Any
 * table in the database that is neither forced-RLS with a policy nor on this list fails a test.
 */
export const PLATFORM_TABLES: readonly string[] = [
  'public.typeorm_migrations',
  'public.tenants',
  'public.users',
  'public.memberships',
  'public.sessions',
  'public.refresh_tokens',
  'public.user_tokens',
  'public.job_outbox_pending',
  'public.notifications',
  'public.job_probes',
  'public.web_sessions',
  'public.principal_extension_functions',
];

/**
 * The national layer (created by the platform foundation): what leaves the partnerships, already
 * controlled for disclosure, for the board role to read across them. Its tables have no tenant
 * RLS by design and are guarded by grants instead: the board role may read them, the app role has
 * no privilege on them (it may only execute the functions a module grants it).
 */
export const NATIONAL_SCHEMA = 'national';

/** The tenant under which platform work (no tenant) writes its audit events. */
export const NIL_TENANT = '00000000-0000-0000-0000-000000000000';
