import { embeddedDataDir } from '../testing/embedded-template';
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
  isolationSuite(async () => {
    // a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
    const data = await embeddedDataDir();
    const { db } = await openEmbeddedDatabase(data.dataDir);
    const ds = await createDataSource({ kind: 'pglite', db }).initialize();
    return {
      ds,
      close: async () => {
        await ds.destroy();
        await db.close();
        data.remove();
      },
    };
  });
});
