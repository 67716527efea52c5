import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { migrate } from './migrate';
import { APP_ROLE, BOARD_ROLE, OPEN_DATA_ROLE } from './roles';

/**
 * The embedded database: PGlite in a data folder that survives restarts. Opened once as its
 * superuser to create the roles and apply the same migrations as PostgreSQL (as the owner), then
 * closed and reopened as the app role, which is what the application gets: RLS applies to it
 * exactly as on a server. There is no TCP listener.
 *
 * One session serves every unit of work here, so the board's take the board role for their
 * transaction (`SET LOCAL ROLE`): the app role is made a member of the board role in this database
 * only (never by a migration: on a server the app role must not be able to become the board),
 * without inheriting its privileges, so the app role itself still reads nothing national.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<{ db: PGlite; applied: string[] }> {
  mkdirSync(dataDir, { recursive: true });
  const admin = await PGlite.create({ dataDir });
  let applied: string[];
  try {
    const ds = createDataSource({ kind: 'pglite', db: admin });
    await ds.initialize();
    try {
      applied = await migrate(ds);
      await letAppTakeBoardRole(ds);
    } finally {
      await ds.destroy();
    }
  } finally {
    await admin.close();
  }
  const db = await PGlite.create({ dataDir, username: APP_ROLE });
  return { db, applied };
}

async function letAppTakeBoardRole(ds: DataSource): Promise<void> {
  const [{ v }] = (await ds.query(`SELECT current_setting('server_version_num')::int AS v`)) as { v: number }[];
  for (const role of [BOARD_ROLE, OPEN_DATA_ROLE]) {
    if (v >= 160000) await ds.query(`GRANT ${role} TO ${APP_ROLE} WITH INHERIT FALSE, SET TRUE`);
    else {
      await ds.query(`ALTER ROLE ${APP_ROLE} NOINHERIT`);
      await ds.query(`GRANT ${role} TO ${APP_ROLE}`);
    }
  }
}
