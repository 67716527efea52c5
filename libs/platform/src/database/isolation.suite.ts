import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { preparedQuery, statementName } from './prepared';

/**
 * The tenant-isolation properties, as the app role, run against a real PostgreSQL server and
 * against embedded PGlite by the same code (isolation.spec.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows of ad-hoc SQL
type Query = (sql: string, params?: unknown[]) => Promise<any>;

export function isolationSuite(open: () => Promise<{ ds: DataSource; close: () => Promise<void> }>): void {
  let ds: DataSource;
  let close: () => Promise<void>;
  const a = randomUUID();
  const b = randomUUID();
  const laA = randomUUID();
  const laB = randomUUID();

  const asTenant = <T>(tenantId: string, fn: (q: Query) => Promise<T>) =>
    ds.transaction(async (m) => {
      await m.query(`SET LOCAL app.tenant_id = '${tenantId}'`);
      return fn((sql, p) => m.query(sql, p));
    });

  beforeAll(async () => {
    ({ ds, close } = await open());
    for (const [id, slug] of [
      [a, `iso-a-${a.slice(0, 8)}`],
      [b, `iso-b-${b.slice(0, 8)}`],
    ]) {
      await ds.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)`, [id, slug, slug]);
    }
    await asTenant(a, (q) =>
      q(
        `INSERT INTO organisations (tenant_id, id, kind, name, la_number, gss_code) VALUES ($1, $2, 'local_authority', 'LA of A', '352', 'E08000003')`,
        [a, laA],
      ),
    );
    await asTenant(b, (q) =>
      q(
        `INSERT INTO organisations (tenant_id, id, kind, name, la_number, gss_code) VALUES ($1, $2, 'local_authority', 'LA of B', '851', 'E06000044')`,
        [b, laB],
      ),
    );
  });

  afterAll(async () => close());

  it('runs as the app role: not superuser, no BYPASSRLS', async () => {
    const [row] = await ds.query(
      `SELECT current_user AS u, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(row).toEqual({ u: 'rephub_app', rolsuper: false, rolbypassrls: false });
  });

  it('gives an error, not rows, when no tenant is set', async () => {
    await expect(ds.query(`SELECT id FROM organisations`)).rejects.toThrow(
      /app\.tenant_id|invalid input syntax for type uuid/,
    );
  });

  it("shows each tenant only its own rows, even when filtering for another's", async () => {
    const seenByA = await asTenant(a, (q) => q(`SELECT id FROM organisations`));
    expect(seenByA.map((r: { id: string }) => r.id)).toEqual([laA]);
    const aLooksForB = await asTenant(a, (q) => q(`SELECT id FROM organisations WHERE tenant_id = $1`, [b]));
    expect(aLooksForB).toEqual([]);
  });

  it('refuses an insert into another tenant', async () => {
    await expect(
      asTenant(a, (q) =>
        q(`INSERT INTO organisations (tenant_id, id, kind, name) VALUES ($1, $2, 'icb', 'Smuggled')`, [
          b,
          randomUUID(),
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await asTenant(b, (q) => q(`SELECT name FROM organisations WHERE name = 'Smuggled'`))).toEqual([]);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const updated = await asTenant(a, (q) => q(`UPDATE organisations SET name = 'Hijacked' WHERE id = $1`, [laB]));
    const deleted = await asTenant(a, (q) => q(`DELETE FROM organisations WHERE id = $1`, [laB]));
    expect([updated[1], deleted[1]]).toEqual([0, 0]);
    const [row] = await asTenant(b, (q) => q(`SELECT name FROM organisations WHERE id = $1`, [laB]));
    expect(row.name).toBe('LA of B');
  });

  it('cannot move a row into another tenant by updating tenant_id', async () => {
    await expect(
      asTenant(a, (q) => q(`UPDATE organisations SET tenant_id = $1 WHERE id = $2`, [b, laA])),
    ).rejects.toThrow(/row-level security/);
  });

  it('carries no tenant from one pooled transaction into the next', async () => {
    await asTenant(a, (q) => q(`SELECT 1`));
    const [row] = await ds.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS t`);
    expect(row.t).toBe('');
    await expect(ds.query(`SELECT id FROM organisations`)).rejects.toThrow();
  });

  it('keeps a prepared statement to the tenant of each transaction it runs in, past the point PostgreSQL plans it once for all', async () => {
    // preparedQuery: one named statement on the one pooled connection, run under A and B in turn;
    // from the sixth run PostgreSQL may keep a generic plan, and RLS must still read the tenant then
    const sql = `SELECT o.id FROM organisations o WHERE o.kind = $1 ORDER BY o.id LIMIT 5`;
    const seen: string[][] = [];
    for (let i = 0; i < 12; i++) {
      const tenant = i % 2 === 0 ? a : b;
      const rows = await ds.transaction(async (m) => {
        await m.query(`SET LOCAL app.tenant_id = '${tenant}'`);
        return preparedQuery<{ id: string }>(m, sql, ['local_authority']);
      });
      seen.push(rows.map((r) => r.id));
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? [laA] : [laB])));
    if (!(ds.options as { driver?: unknown }).driver) {
      // on a PostgreSQL server (not PGlite's driver) it ran as one prepared statement
      const [held] = await ds.transaction((m) =>
        m.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1`, [statementName(sql)]),
      );
      expect(held.n).toBe(1);
    }
  });

  it('reports a prepared statement that fails as a query error, and the transaction rolls back', async () => {
    await expect(
      ds.transaction((m) => preparedQuery(m, `SELECT id FROM organisations WHERE id = $1`, ['not-a-uuid'])),
    ).rejects.toThrow(QueryFailedError);
  });

  it('resets the tenant after a rolled-back transaction too', async () => {
    await expect(
      asTenant(a, async (q) => {
        await q(`SELECT 1`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [row] = await ds.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS t`);
    expect(row.t).toBe('');
  });

  it('cannot point a foreign key into another tenant', async () => {
    // A school in B whose local authority is A's LA: (B, laA) does not exist, whatever RLS says.
    await expect(
      asTenant(b, (q) =>
        q(
          `INSERT INTO organisations (tenant_id, id, kind, name, urn, local_authority_id) VALUES ($1, $2, 'school', 'Cross school', '990999', $3)`,
          [b, randomUUID(), laA],
        ),
      ),
    ).rejects.toThrow(/foreign key/);
    const [{ count }] = await asTenant(b, (q) =>
      q(`SELECT count(*)::int AS count FROM organisations WHERE kind = 'school' AND name = 'Cross school'`),
    );
    expect(count).toBe(0);
  });

  it('cannot create tables, alter policies or read the migrations table', async () => {
    await expect(ds.query(`CREATE TABLE sneaky (id int)`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`ALTER TABLE organisations DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(ds.query(`SELECT * FROM typeorm_migrations`)).rejects.toThrow(/permission denied/);
  });
}
