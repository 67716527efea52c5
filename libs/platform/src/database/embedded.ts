import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createDataSource } from './data-source';
import { migrate } from './migrate';
import { APP_ROLE } from './roles';

/**
 * The embedded database: PGlite in a data folder that survives restarts. Opened once as its
 * superuser to create the roles and apply the same migrations as PostgreSQL (as the owner), then
 * closed and reopened as the app role, which is what the application gets: RLS applies to it
 * exactly as on a server. There is no TCP listener.
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
    } finally {
      await ds.destroy();
    }
  } finally {
    await admin.close();
  }
  const db = await PGlite.create({ dataDir, username: APP_ROLE });
  return { db, applied };
}
