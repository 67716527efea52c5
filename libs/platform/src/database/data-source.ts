import type { PGlite } from '@electric-sql/pglite';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { allMigrations } from './migrations';
import { pgliteDriver } from './pglite-driver';

/** Where a data source points: a PostgreSQL server by URL, or an open in-process PGlite. */
export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number; applicationName?: string } | { kind: 'pglite'; db: PGlite };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = MixedList<Function | string | EntitySchema>;

/** TypeORM options shared by every connection: migrations only, never synchronize. */
export function dataSourceOptions(target: DatabaseTarget, entities: Entities = []): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations: allMigrations(),
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
  };
  if (target.kind === 'pglite') {
    return { ...common, driver: pgliteDriver(target.db), poolSize: 1 };
  }
  return {
    ...common,
    url: target.url,
    poolSize: target.poolSize ?? 10,
    applicationName: target.applicationName ?? 'rep-hub',
    extra: { idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 },
  };
}

export function createDataSource(target: DatabaseTarget, entities: Entities = []): DataSource {
  return new DataSource(dataSourceOptions(target, entities));
}
