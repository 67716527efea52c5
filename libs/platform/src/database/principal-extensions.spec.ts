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

  const definition = async (fn: string) => ((await c.query(`SELECT pg_get_functiondef($1::regproc) AS d`, [fn])).rows[0] as { d: string }).d;

  it('resolves the principal in one function that names no module’s table', async () => {
    const context = await definition('principal_context');
    expect(context).toContain('principal_extensions(p_tenant, mj.memberships)');
    expect(context).not.toMatch(/\bap_/);
  });

  it('composes the registered modules’ functions statically, and again when one registers', async () => {
    const registered = (await c.query(`SELECT module, function_name FROM principal_extension_functions ORDER BY module`)).rows;
    expect(registered).toEqual([{ module: 'alternative-provision', function_name: 'ap_principal_extension' }]);
    const composed = await definition('principal_extensions');
    expect(composed).toContain(`json_build_object('alternative-provision', ap_principal_extension(p_tenant, p_memberships))`);
    expect(composed).not.toMatch(/EXECUTE/i);

    await c.query('BEGIN');
    try {
      await c.query(`CREATE FUNCTION test_garden_extension(p_tenant uuid, p_memberships json) RETURNS json LANGUAGE sql STABLE AS $$ SELECT json_build_object('beds', 3) $$`);
      await c.query(`INSERT INTO principal_extension_functions (module, function_name) VALUES ('gardens', 'test_garden_extension')`);
      await c.query(`SELECT compose_principal_extensions()`);
      const [{ ext }] = (await c.query(`SELECT principal_extensions(gen_random_uuid(), '[]'::json) AS ext`)).rows as { ext: Record<string, unknown> }[];
      expect(ext).toEqual({ 'alternative-provision': { providers: [] }, gardens: { beds: 3 } });
    } finally {
      await c.query('ROLLBACK');
    }
  });
});
