import { setConfigAsSetLocal, setLocalAsSetConfig } from './set-local';

describe('rewriting set_config() of an app setting as SET LOCAL (migrations of issue 27)', () => {
  const before = `CREATE OR REPLACE FUNCTION public.f(t uuid)
 RETURNS void LANGUAGE plpgsql
AS $function$
      DECLARE saved text := current_setting('app.la_ids', true);
      BEGIN
        PERFORM set_config('app.tenant_id', t::text, true);
        PERFORM set_config('app.la_ids',
          (SELECT coalesce(string_agg(id::text, ','), '') FROM organisations WHERE tenant_id = t AND name <> 'it''s, (odd'), true);
        PERFORM set_config('enable_sort', 'off', true);
        PERFORM set_config('app.la_ids', coalesce(saved, ''), true);
      END $function$`;

  it('makes each set_config of an app setting for the transaction an EXECUTE of SET LOCAL, arguments and all, and back', () => {
    const after = setConfigAsSetLocal(before.replace(`PERFORM set_config('enable_sort', 'off', true);\n`, ''));
    expect(after).toContain(`EXECUTE format('SET LOCAL app.tenant_id = %L', t::text);`);
    expect(after).toContain(
      `EXECUTE format('SET LOCAL app.la_ids = %L', (SELECT coalesce(string_agg(id::text, ','), '') FROM organisations WHERE tenant_id = t AND name <> 'it''s, (odd'));`,
    );
    expect(after).toContain(`EXECUTE format('SET LOCAL app.la_ids = %L', coalesce(saved, ''));`);
    expect(after).not.toContain('set_config(');
    expect(setLocalAsSetConfig(after)).toBe(
      before
        .replace(`PERFORM set_config('enable_sort', 'off', true);\n`, '')
        .replace(/set_config\('app.la_ids',\n {10}/, "set_config('app.la_ids', "),
    );
  });

  it('refuses a set_config it was not written for (another setting, or for the session), so a migration cannot half-rewrite a function', () => {
    expect(() => setConfigAsSetLocal(before)).toThrow(/not a set_config of an app setting for the transaction/);
    expect(() => setConfigAsSetLocal(`BEGIN PERFORM set_config('app.tenant_id', t::text, false); END`)).toThrow(
      /not a set_config/,
    );
  });
});
