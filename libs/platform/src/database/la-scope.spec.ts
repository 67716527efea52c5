import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';
import { laScopedTable, tenantTable } from './rls';

/**
 * Wall 2: a table made with tenantTable() + laScopedTable() shows a unit of work only the rows of
 * the LAs it carries (app.la_ids), inside its tenant. Pupil tables are built this way.
 */
describe('LA-scoped policies (wall 2)', () => {
  const table = `la_scope_probe_${randomUUID().slice(0, 8)}`;
  const tenant = randomUUID();
  const [la1, la2] = [randomUUID(), randomUUID()];
  let admin: Client;
  let app: Client;

  beforeAll(async () => {
    const db = await workerDatabase();
    admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query(`SET ROLE rephub_owner`);
    await admin.query(
      `CREATE TABLE ${table} (tenant_id uuid NOT NULL, id uuid NOT NULL, la_id uuid NOT NULL, PRIMARY KEY (tenant_id, id))`,
    );
    for (const sql of [...tenantTable(table), ...laScopedTable(table)]) await admin.query(sql);
    await admin.query(`RESET ROLE`);
    app = new Client({ connectionString: db.appUrl });
    await app.connect();
    await as([la1, la2], async () => {
      await app.query(`INSERT INTO ${table} VALUES ($1, $2, $3), ($1, $4, $5)`, [
        tenant,
        randomUUID(),
        la1,
        randomUUID(),
        la2,
      ]);
    });
  });
  afterAll(async () => {
    await app?.end();
    await admin?.query(`DROP TABLE IF EXISTS ${table}`);
    await admin?.end();
  });

  async function as<T>(laIds: string[], fn: () => Promise<T>): Promise<T> {
    await app.query('BEGIN');
    try {
      await app.query(`SET LOCAL app.tenant_id = '${tenant}'; SET LOCAL app.la_ids = '${laIds.join(',')}'`);
      const out = await fn();
      await app.query('COMMIT');
      return out;
    } catch (e) {
      await app.query('ROLLBACK');
      throw e;
    }
  }

  it('shows only the rows of the LAs in the unit of work', async () => {
    const seen = await as([la1], async () => (await app.query(`SELECT la_id FROM ${table}`)).rows.map((r) => r.la_id));
    expect(seen).toEqual([la1]);
    const both = await as(
      [la1, la2],
      async () => (await app.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n,
    );
    expect(both).toBe(2);
    const none = await as([], async () => (await app.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    expect(none).toBe(0);
  });

  it('refuses writing a row for an LA the unit of work does not carry', async () => {
    await expect(
      as([la1], () => app.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [tenant, randomUUID(), la2])),
    ).rejects.toThrow(/row-level security/);
  });
});
