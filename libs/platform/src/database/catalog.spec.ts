import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';
import { NATIONAL_SCHEMA, PLATFORM_TABLES } from './rls';

/** Reads pg_catalog as the superuser: every table must be forced-RLS with a policy, or allow-listed. */
describe('the schema as pg_catalog sees it', () => {
  let c: Client;
  beforeAll(async () => {
    c = new Client({ connectionString: (await workerDatabase()).adminUrl });
    await c.connect();
  });
  afterAll(() => c.end());

  const tables = async () =>
    (
      await c.query(`
        SELECT n.nspname || '.' || t.relname AS name, t.relrowsecurity AS rls, t.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = t.oid AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app.tenant_id%') AS tenant_policies,
               (SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                 WHERE k.conrelid = t.oid AND k.contype = 'p') AS first_key_column
          FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE t.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
         ORDER BY 1`)
    ).rows as { name: string; rls: boolean; forced: boolean; tenant_policies: number; first_key_column: string }[];
  /** The national layer's tables are guarded by grants (tested below), not by tenant RLS. */
  const national = (name: string) => name.startsWith(`${NATIONAL_SCHEMA}.`);

  it('has no table that is neither forced-RLS with a tenant policy nor on the platform allow-list nor national', async () => {
    const offenders = (await tables())
      .filter((t) => !PLATFORM_TABLES.includes(t.name) && !national(t.name))
      .filter((t) => !(t.rls && t.forced && t.tenant_policies > 0))
      .map((t) => t.name);
    expect(offenders).toEqual([]);
  });

  it('finds tenant-owned tables (so the check above is not vacuous) and keys them tenant-first', async () => {
    const tenantTables = (await tables()).filter((t) => !PLATFORM_TABLES.includes(t.name) && !national(t.name));
    expect(tenantTables.map((t) => t.name)).toContain('public.organisations');
    expect(tenantTables.filter((t) => t.first_key_column !== 'tenant_id').map((t) => t.name)).toEqual([]);
  });

  it('gives every foreign key between tenant-owned tables the tenant_id column', async () => {
    const { rows } = await c.query(`
      SELECT k.conname, src.relname AS src, dst.relname AS dst,
             EXISTS (SELECT 1 FROM unnest(k.conkey) col JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = col WHERE a.attname = 'tenant_id') AS has_tenant
        FROM pg_constraint k JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
       WHERE k.contype = 'f' AND src.relforcerowsecurity AND dst.relforcerowsecurity`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.has_tenant).map((r) => r.conname)).toEqual([]);
  });

  it('gives every unique constraint and unique index of a tenant-owned table the tenant_id column (Citus enforces uniqueness per shard)', async () => {
    const { rows } = await c.query(`
      SELECT t.relname AS table_name, i.relname AS index_name,
             EXISTS (SELECT 1 FROM unnest(x.indkey) col JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = col WHERE a.attname = 'tenant_id') AS has_tenant
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE x.indisunique AND t.relforcerowsecurity`);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !r.has_tenant).map((r) => `${r.table_name}.${r.index_name}`)).toEqual([]);
  });

  it('lists only platform tables that exist', async () => {
    const names = (await tables()).map((t) => t.name);
    expect(PLATFORM_TABLES.filter((t) => !names.includes(t))).toEqual([]);
  });

  it('gives the board role nothing in public and usage on the national schema only', async () => {
    const { rows } = await c.query(`
      SELECT has_schema_privilege('rephub_board', 'public', 'USAGE') AS public_usage,
             has_schema_privilege('rephub_board', 'national', 'USAGE') AS national_usage,
             has_table_privilege('rephub_board', 'public.organisations', 'SELECT') AS orgs,
             has_table_privilege('rephub_board', 'public.users', 'SELECT') AS users`);
    expect(rows[0]).toEqual({ public_usage: false, national_usage: true, orgs: false, users: false });
  });

  it('gives the app role no privilege on any national table, and EXECUTE on no national function but those granted to it', async () => {
    const { rows: tables } = await c.query(
      `SELECT c.relname AS name,
              array_remove(ARRAY[
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'SELECT') THEN 'SELECT' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'INSERT') THEN 'INSERT' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'UPDATE') THEN 'UPDATE' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'DELETE') THEN 'DELETE' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'REFERENCES') THEN 'REFERENCES' END,
                CASE WHEN has_table_privilege('rephub_app', c.oid, 'TRIGGER') THEN 'TRIGGER' END], NULL) AS app,
              has_table_privilege('rephub_board', c.oid, 'SELECT') AS board_reads,
              has_table_privilege('rephub_board', c.oid, 'INSERT') OR has_table_privilege('rephub_board', c.oid, 'UPDATE')
                OR has_table_privilege('rephub_board', c.oid, 'DELETE') AS board_writes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
      [NATIONAL_SCHEMA],
    );
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((t) => t.app.length > 0).map((t) => `${t.name}: ${t.app.join(', ')}`)).toEqual([]);
    // the board reads every national table and writes only its own records (board_…), never the releases
    expect(
      tables.filter((t) => !t.board_reads || (t.board_writes && !t.name.startsWith('board_'))).map((t) => t.name),
    ).toEqual([]);
    const { rows: fns } = await c.query(
      `SELECT p.proname AS name, p.prosecdef AS definer, pg_get_userbyid(p.proowner) AS owner,
              has_function_privilege('rephub_app', p.oid, 'EXECUTE') AS app,
              has_function_privilege('rephub_board', p.oid, 'EXECUTE') AS board,
              array_to_string(p.proconfig, ',') AS config
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
      [NATIONAL_SCHEMA],
    );
    // a function the app role may run here writes as its owner: it must pin its search path and be the owner's
    for (const f of fns.filter((f) => f.app)) {
      expect(f).toMatchObject({ definer: true, owner: 'rephub_owner', board: false });
      expect(f.config).toContain('search_path=');
    }
    // the board's functions (its one door into the outbox, its decisions' delivery to partnerships): each
    // the owner's, SECURITY DEFINER with a pinned search path, and none the app role's
    expect(
      fns
        .filter((f) => f.board)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['deliver_decisions', 'enqueue_board_job']);
    for (const f of fns.filter((f) => f.board)) {
      expect(f).toMatchObject({ definer: true, owner: 'rephub_owner', app: false });
      expect(f.config).toContain('search_path=');
    }
    const { rows: schema } = await c.query(
      `SELECT has_schema_privilege('rephub_app', $1, 'CREATE') AS app_creates, has_schema_privilege('rephub_board', $1, 'CREATE') AS board_creates`,
      [NATIONAL_SCHEMA],
    );
    expect(schema[0]).toEqual({ app_creates: false, board_creates: false });
  });

  it('gives the open-data role SELECT on the published releases, their figures and the published indicators only, nothing in public and no function', async () => {
    const { rows: tables } = await c.query(
      `SELECT n.nspname || '.' || c.relname AS name,
              array_remove(ARRAY[
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'SELECT') THEN 'SELECT' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'INSERT') THEN 'INSERT' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'UPDATE') THEN 'UPDATE' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'DELETE') THEN 'DELETE' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'REFERENCES') THEN 'REFERENCES' END,
                CASE WHEN has_table_privilege('rephub_open_data', c.oid, 'TRIGGER') THEN 'TRIGGER' END], NULL) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    expect(tables.length).toBeGreaterThan(50);
    expect(
      tables
        .filter((t) => t.privileges.length > 0)
        .map((t) => `${t.name}: ${t.privileges.join(', ')}`)
        .sort(),
    ).toEqual([
      'national.published_indicators: SELECT',
      'national.release_figures: SELECT',
      'national.release_local_authorities: SELECT',
      'national.releases: SELECT',
    ]);
    const { rows: fns } = await c.query(
      `SELECT n.nspname || '.' || p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND has_schema_privilege('rephub_open_data', n.oid, 'USAGE')
          AND has_function_privilege('rephub_open_data', p.oid, 'EXECUTE')`,
    );
    expect(fns.map((f) => f.name)).toEqual([]);
    const { rows } = await c.query(
      `SELECT has_schema_privilege('rephub_open_data', 'public', 'USAGE') AS public_usage,
              has_schema_privilege('rephub_open_data', 'public', 'CREATE') AS public_creates,
              has_schema_privilege('rephub_open_data', $1, 'USAGE') AS national_usage,
              has_schema_privilege('rephub_open_data', $1, 'CREATE') AS national_creates,
              (SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolcanlogin FROM pg_roles WHERE rolname = 'rephub_open_data') AS powers`,
      [NATIONAL_SCHEMA],
    );
    expect(rows[0]).toEqual({
      public_usage: false,
      public_creates: false,
      national_usage: true,
      national_creates: false,
      powers: false,
    });
  });
});
