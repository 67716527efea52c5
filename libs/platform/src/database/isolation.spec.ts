import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerDatabase } from '../testing/test-database';
import { createDataSource } from './data-source';
import { openEmbeddedDatabase } from './embedded';
import { isolationSuite } from './isolation.suite';

describe('tenant isolation on PostgreSQL 15, as the app role', () => {
  isolationSuite(async () => {
    const db = await workerDatabase();
    const ds = await createDataSource({ kind: 'postgres', url: db.appUrl, poolSize: 1 }).initialize();
    return { ds, close: () => ds.destroy() };
  });
});

describe('tenant isolation on embedded PGlite, as the app role (same migrations, same policies)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rephub-pglite-'));
  isolationSuite(async () => {
    const { db } = await openEmbeddedDatabase(join(dir, 'data'));
    const ds = await createDataSource({ kind: 'pglite', db }).initialize();
    return {
      ds,
      close: async () => {
        await ds.destroy();
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
