import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';

/**
 * The principal stays one statement (issue 15): `principal_context()` names no module's table and
 * calls `principal_extensions()`, which the registered modules' functions compose as one static
 * SELECT (no dynamic SQL on a request), rewritten when a module registers.
 */
describe('principal extensions in the database', () => {
  let c: Client;
  beforeAll(async () => {
    c = new Client({ connectionString: (await workerDatabase()).adminUrl });
    await c.connect();
  });
  afterAll(() => c.end());

  const definition = async (fn: string) =>
    ((await c.query(`SELECT pg_get_functiondef($1::regproc) AS d`, [fn])).rows[0] as { d: string }).d;

  it('resolves the principal in one function that names no module’s table', async () => {
    const context = await definition('principal_context');
    expect(context).toContain('principal_extensions(p_tenant, mj.memberships)');
    // it reads only the platform's identity tables and the agreements in force (and its own CTEs)
    const read = new Set([...context.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/gi)].map((m) => m[1]));
    expect([...read].sort()).toEqual([
      'data_sharing_in_force',
      'memberships',
      'mj',
      'ms',
      'organisations',
      'sessions',
      'users',
    ]);
  });

  it('counts as in force only agreements confirmed by every party, within their dates, for the grant asked', async () => {
    const sharing = await definition('data_sharing_in_force');
    expect(sharing).toContain(`a.status = 'confirmed'`);
    expect(sharing).toContain('u.confirmed_at IS NULL');
    expect(sharing).toContain(`WHEN 'named_pupils' THEN a.grants_named_pupils`);
    expect(await definition('principal_context')).toContain(`data_sharing_in_force(p_tenant, 'named_pupils')`);
  });

  it('composes the registered modules’ functions statically, and again when one registers', async () => {
    // the test setup registers every module's migrations, so their functions are in the template
    const registered = (
      await c.query(`SELECT module, function_name FROM principal_extension_functions ORDER BY module`)
    ).rows as { module: string; function_name: string }[];
    const composed = await definition('principal_extensions');
    for (const r of registered)
      expect(composed).toContain(`'${r.module}', ${r.function_name}(p_tenant, p_memberships)`);
    expect(composed).not.toMatch(/EXECUTE/i);
    const before = (
      (await c.query(`SELECT principal_extensions(gen_random_uuid(), '[]'::json) AS ext`)).rows[0] as {
        ext: Record<string, unknown>;
      }
    ).ext;

    await c.query('BEGIN');
    try {
      await c.query(
        `CREATE FUNCTION test_garden_extension(p_tenant uuid, p_memberships json) RETURNS json LANGUAGE sql STABLE AS $$ SELECT json_build_object('beds', 3) $$`,
      );
      await c.query(
        `INSERT INTO principal_extension_functions (module, function_name) VALUES ('gardens', 'test_garden_extension')`,
      );
      await c.query(`SELECT compose_principal_extensions()`);
      const [{ ext }] = (await c.query(`SELECT principal_extensions(gen_random_uuid(), '[]'::json) AS ext`)).rows as {
        ext: Record<string, unknown>;
      }[];
      expect(ext).toEqual({ ...before, gardens: { beds: 3 } });
    } finally {
      await c.query('ROLLBACK');
    }
  });
});
