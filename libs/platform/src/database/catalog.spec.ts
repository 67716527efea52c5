import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';
import { NATIONAL_SCHEMA, PLATFORM_TABLES } from './rls';
import { statementWords, tablesWithoutTenantFilter } from './tenant-filter-check';

/**
 * The functions that set one of the walls' settings (`app.tenant_id`, `app.la_ids`,
 * `app.actor_id`) themselves, each reviewed (docs/scaling.md, "Many tenants: Citus"). Each sets
 * them with SET LOCAL (which Citus carries to the workers of the transaction; `set_config()` it
 * does not), filters every tenant table it reads on `tenant_id` (so Citus routes each statement
 * without the setting), and puts back what the caller had before it returns. A new function that
 * sets one must be added here, with why it may.
 */
const SETS_WALL_SETTINGS: Record<string, string> = {
  'public.principal_context':
    "the principal in one statement: sets app.tenant_id to its p_tenant and app.la_ids to none, as its caller (SECURITY INVOKER, under RLS), reads only that tenant's rows and the platform's, and puts the caller's settings back",
  'public.pupil_upn_check':
    "widens app.la_ids to the caller's partnership's LAs for its one insert (SECURITY DEFINER, still under the forced policies), never changes app.tenant_id, answers nothing, and puts the caller's LAs back",
  'national.deliver_decisions':
    "the board's one way into the partnerships: sets app.tenant_id to each partnership its decision concerns in turn, for that partnership's insert, and puts the caller's back",
};

interface FunctionRow {
  name: string;
  src: string;
  config: string | null;
}

/**
 * How each function sets the walls' settings, read from its source: every `set_config()` call
 * not on a named non-app setting, every SET of an app setting that is not SET LOCAL, and an app
 * setting in the function's own SET clause are offences (none is carried by Citus; a plain SET
 * outlives the transaction on a pooled connection); a SET LOCAL of one is allowed in the reviewed
 * functions only. Textual, so a floor: a SET built from pieces at run time is not seen.
 */
function wallSettingOffences(fns: FunctionRow[]): string[] {
  const found: string[] = [];
  for (const f of fns) {
    const src = f.src.replace(/--[^\n]*/g, ' ');
    for (const m of src.matchAll(/\bset_config\s*\(\s*(?:'([^']*)')?/gi))
      if (m[1] === undefined || m[1].toLowerCase().startsWith('app.'))
        found.push(`${f.name}: set_config(${m[1] ?? '…'})`);
    for (const m of src.matchAll(/\bSET\s+(SESSION\s+|LOCAL\s+)?app\./gi))
      if (!/^LOCAL/i.test(m[1] ?? '')) found.push(`${f.name}: ${m[0].replace(/\s+/g, ' ')}`);
      else if (!(f.name in SETS_WALL_SETTINGS)) found.push(`${f.name}: SET LOCAL app. (not a reviewed function)`);
    if (/(^|,)app\./.test(f.config ?? '')) found.push(`${f.name}: SET clause ${f.config}`);
  }
  return found;
}

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

  const functions = async () =>
    (
      await c.query(`
        SELECT n.nspname || '.' || p.proname AS name, p.prosrc AS src, array_to_string(p.proconfig, ',') AS config
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')
           AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'internal')
         ORDER BY 1`)
    ).rows as FunctionRow[];

  it("sets the walls' settings in functions with SET LOCAL only (what Citus carries to its workers), and only in the reviewed ones", async () => {
    const fns = await functions();
    expect(wallSettingOffences(fns)).toEqual([]);
    // every reviewed function exists and sets them (the list is not stale), with SET LOCAL
    const setting = fns.filter((f) => /\bSET\s+LOCAL\s+app\./i.test(f.src)).map((f) => f.name);
    expect(setting.sort()).toEqual(Object.keys(SETS_WALL_SETTINGS).sort());
  });

  it('fails a new function that sets the tenant with set_config(), a plain SET or its own SET clause, or with SET LOCAL unreviewed', async () => {
    await c.query('BEGIN');
    try {
      await c.query(`CREATE FUNCTION catalog_probe_a(t uuid) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN PERFORM set_config('app.tenant_id', t::text, true); END $$`);
      await c.query(`CREATE FUNCTION catalog_probe_b(t uuid) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN EXECUTE format('SET app.la_ids = %L', t); END $$`);
      await c.query(
        `CREATE FUNCTION catalog_probe_c() RETURNS int LANGUAGE sql SET app.tenant_id = '' AS $$ SELECT 1 $$`,
      );
      await c.query(`CREATE FUNCTION catalog_probe_d(t uuid) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN EXECUTE format('SET LOCAL app.tenant_id = %L', t); END $$`);
      await c.query(`CREATE FUNCTION catalog_probe_e(k text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN PERFORM set_config(k, '', true); PERFORM set_config('enable_sort', 'off', true); END $$`);
      const probes = (await functions()).filter((f) => f.name.startsWith('public.catalog_probe_'));
      expect(wallSettingOffences(probes)).toEqual([
        'public.catalog_probe_a: set_config(app.tenant_id)',
        'public.catalog_probe_b: SET app.',
        'public.catalog_probe_c: SET clause app.tenant_id=',
        'public.catalog_probe_d: SET LOCAL app. (not a reviewed function)',
        'public.catalog_probe_e: set_config(…)',
      ]);
    } finally {
      await c.query('ROLLBACK');
    }
  });

  it('filters on tenant_id every tenant table read by the reviewed functions and the functions they call (Citus routes on it)', async () => {
    const tenantTables = new Set(
      (
        await c.query(
          `SELECT CASE WHEN c.table_schema = 'public' THEN c.table_name ELSE c.table_schema || '.' || c.table_name END AS name,
                  c.table_schema || '.' || c.table_name AS qualified
             FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
        )
      ).rows
        .filter((r) => !PLATFORM_TABLES.includes(r.qualified) && !r.qualified.startsWith(`${NATIONAL_SCHEMA}.`))
        .map((r) => r.name as string),
    );
    // the reviewed functions and every function they call, in turn (principal_context calls
    // data_sharing_in_force() and principal_extensions(), which calls each module's extension)
    const all = await functions();
    const byName = new Map(all.map((f) => [f.name.replace(/^public\./, ''), f]));
    const fns: FunctionRow[] = [];
    const queue = Object.keys(SETS_WALL_SETTINGS).map((n) => n.replace(/^public\./, ''));
    while (queue.length) {
      const f = byName.get(queue.shift()!);
      if (!f || fns.includes(f)) continue;
      fns.push(f);
      for (const m of statementWords(f.src).matchAll(/\b((?:national\.)?[a-z_][a-z0-9_]*)\s*\(/g))
        if (byName.has(m[1]!)) queue.push(m[1]!);
    }
    expect(fns.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        ...Object.keys(SETS_WALL_SETTINGS),
        'public.data_sharing_in_force',
        'public.principal_extensions',
      ]),
    );
    // and through principal_extensions() into the modules' own extensions (the core names none of them)
    expect(fns.filter((f) => /_principal_extension$/.test(f.name)).length).toBeGreaterThan(0);
    const read: string[] = [];
    const unfiltered: string[] = [];
    for (const f of fns)
      for (const statement of statementWords(f.src).split(';')) {
        for (const m of statement.matchAll(/\b(?:from|join|update|into)\s+(?:public\.)?([a-z_][a-z0-9_]*)/g))
          if (tenantTables.has(m[1]!)) read.push(m[1]!);
        for (const t of tablesWithoutTenantFilter(statement, tenantTables)) unfiltered.push(`${f.name}: ${t}`);
      }
    // not vacuous: they read tenant tables (the organisations, the agreements, the pupils, a module's own)
    expect(read).toEqual(
      expect.arrayContaining(['organisations', 'data_sharing_agreements', 'pupils', 'board_decisions_received']),
    );
    expect(unfiltered).toEqual([]);
  });

  it("puts back the caller's settings after each reviewed function, and leaves none after the transaction", async () => {
    const [tenant, las] = ['6f1b7a57-4f2e-4c55-9a5e-2d0c5b1d0a11', '0a0b0c0d-1111-4222-8333-944455556666'];
    await c.query('BEGIN');
    try {
      await c.query(`SET LOCAL app.tenant_id = '${tenant}'`);
      await c.query(`SET LOCAL app.la_ids = '${las}'`);
      await c.query(`SELECT principal_context(gen_random_uuid(), gen_random_uuid(), gen_random_uuid())`);
      await c.query(`SELECT pupil_upn_check(gen_random_uuid())`);
      const { rows } = await c.query(
        `SELECT current_setting('app.tenant_id') AS t, current_setting('app.la_ids') AS l`,
      );
      expect(rows[0]).toEqual({ t: tenant, l: las });
    } finally {
      await c.query('COMMIT');
    }
    // SET LOCAL: nothing outlives the transaction on the connection (national.deliver_decisions: decisions-walls.spec.ts)
    await c.query(`SELECT principal_context(gen_random_uuid(), gen_random_uuid(), '${tenant}')`);
    const { rows } = await c.query(
      `SELECT coalesce(current_setting('app.tenant_id', true), '') AS t, coalesce(current_setting('app.la_ids', true), '') AS l`,
    );
    expect(rows[0]).toEqual({ t: '', l: '' });
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
