import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';
import { createDataSource } from './data-source';
import { assertSafeAppRole, UnsafeDatabaseRoleError } from './roles';

describe('assertSafeAppRole', () => {
  it('accepts the app role', async () => {
    const ds = await createDataSource({
      kind: 'postgres',
      url: (await workerDatabase()).appUrl,
      poolSize: 1,
    }).initialize();
    await expect(assertSafeAppRole(ds)).resolves.toBeUndefined();
    await ds.destroy();
  });

  it('refuses a superuser', async () => {
    const ds = await createDataSource({
      kind: 'postgres',
      url: (await workerDatabase()).adminUrl,
      poolSize: 1,
    }).initialize();
    await expect(assertSafeAppRole(ds)).rejects.toThrow(/is a superuser/);
    await ds.destroy();
  });

  it('refuses a role with BYPASSRLS and a role that owns a table', async () => {
    const db = await workerDatabase();
    const admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    const bypass = `rephub_t_bypass_${randomUUID().slice(0, 8)}`;
    const owner = `rephub_t_owner_${randomUUID().slice(0, 8)}`;
    try {
      await admin.query(`CREATE ROLE ${bypass} LOGIN BYPASSRLS`);
      await admin.query(`CREATE ROLE ${owner} LOGIN`);
      await admin.query(`CREATE TABLE ${owner}_t (id int)`);
      await admin.query(`ALTER TABLE ${owner}_t OWNER TO ${owner}`);
      for (const [role, reason] of [
        [bypass, /has BYPASSRLS/],
        [owner, /owns 1 table/],
      ] as const) {
        const url = new URL(db.adminUrl);
        url.username = role;
        const ds = await createDataSource({ kind: 'postgres', url: url.toString(), poolSize: 1 }).initialize();
        const error = await assertSafeAppRole(ds).catch((e) => e);
        await ds.destroy();
        expect(error).toBeInstanceOf(UnsafeDatabaseRoleError);
        expect(error.message).toMatch(reason);
      }
    } finally {
      await admin.query(`DROP TABLE IF EXISTS ${owner}_t`);
      await admin.query(`DROP ROLE IF EXISTS ${bypass}`);
      await admin.query(`DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    }
  });
});
