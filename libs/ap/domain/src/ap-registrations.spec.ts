import { allMigrations, migrationModules } from '@rep-hub/platform/schema';
import { workerDatabase } from '@rep-hub/platform/testing';
import { Client } from 'pg';

/** Alternative provision plugs into the platform's registries as a module (issue 15). */
describe('alternative provision as a registered module', () => {
  it('has its migrations in the one order, after the platform tables they use', () => {
    expect(migrationModules()).toContain('alternative-provision');
    const names = allMigrations().map((m) => m.name);
    expect(names.indexOf('ApDirectory1764340000000')).toBeGreaterThan(names.indexOf('WebSessions1764330000000'));
    expect(names.indexOf('ApPrincipalExtension1764400000001')).toBeGreaterThan(
      names.indexOf('PrincipalExtensions1764400000000'),
    );
  });

  it('adds its providers to the principal through the composed extensions, not principal_context()', async () => {
    const c = new Client({ connectionString: (await workerDatabase()).adminUrl });
    await c.connect();
    try {
      const registered = (
        await c.query(
          `SELECT module, function_name FROM principal_extension_functions WHERE module = 'alternative-provision'`,
        )
      ).rows;
      expect(registered).toEqual([{ module: 'alternative-provision', function_name: 'ap_principal_extension' }]);
      const context = (
        (await c.query(`SELECT pg_get_functiondef('principal_context'::regproc) AS d`)).rows[0] as { d: string }
      ).d;
      expect(context).not.toMatch(/\bap_/);
      const [{ ext }] = (await c.query(`SELECT principal_extensions(gen_random_uuid(), '[]'::json) AS ext`)).rows as {
        ext: Record<string, unknown>;
      }[];
      expect(ext['alternative-provision']).toEqual({ providers: [] });
    } finally {
      await c.end();
    }
  });
});
