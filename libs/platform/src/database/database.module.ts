import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PGlite } from '@electric-sql/pglite';
import { requestId } from '../http/request-id';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createDataSource, dataSourceOptions, DatabaseTarget } from './data-source';
import { openEmbeddedDatabase } from './embedded';
import { assertSafeAppRole, UnsafeDatabaseRoleError } from './roles';
import { BOARD_CONNECTION, BoardConnection, UnitOfWork } from './unit-of-work';

/**
 * The CLS context is opened by its middleware (mounted above). nestjs-cls also registers a global
 * guard and a global interceptor, which do nothing unless they are mounted instead (they are
 * not); but any global interceptor makes Nest run every request's handler through rxjs (defer,
 * mergeAll and two AsyncResource bindings), about 5% of the API's CPU under `npm run bench:ap`
 * (docs/performance.md). Without them, no interceptor runs for the API's routes.
 */
export function withoutIdleEnhancers(module: DynamicModule): DynamicModule {
  const enhancer = (p: unknown) =>
    typeof p === 'object' && p !== null && 'provide' in p && (p.provide === APP_GUARD || p.provide === APP_INTERCEPTOR);
  return {
    ...module,
    providers: module.providers?.filter((p) => !enhancer(p)),
    // ClsModule.forRoot() imports the module that holds them
    imports: module.imports?.map((m) =>
      typeof m === 'object' && m !== null && 'module' in m ? withoutIdleEnhancers(m as DynamicModule) : m,
    ),
  };
}

/** Holds the in-process PGlite (embedded mode) so it is closed after the data source. */
@Injectable()
export class EmbeddedDatabase implements OnApplicationShutdown {
  db?: PGlite;
  async onApplicationShutdown(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
  }
}

/**
 * The board role's connection (server mode): opened on first use, so an app that never works as
 * the board holds no connection for it, and closed at shutdown. Embedded, there is one session and
 * the board's units of work take the role in it instead.
 */
@Injectable()
export class BoardDatabase implements OnApplicationShutdown {
  private opening?: Promise<DataSource>;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  connection(): BoardConnection {
    if (this.config.mode === 'embedded') return { kind: 'set-role' };
    const url = this.config.boardDatabaseUrl;
    if (!url)
      return {
        kind: 'unavailable',
        reason: 'BOARD_DATABASE_URL is not set (nor DATABASE_URL, from which it is derived); see docs/configuration.md',
      };
    return {
      kind: 'own',
      dataSource: () => {
        this.opening ??= createDataSource({ kind: 'postgres', url, poolSize: 2, applicationName: 'rep-hub-board' })
          .initialize()
          .catch((error: unknown) => {
            this.opening = undefined;
            throw error;
          });
        return this.opening;
      },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const ds = await opening?.catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy();
  }
}

async function target(config: AppConfig, embedded: EmbeddedDatabase, logger: Logger): Promise<DatabaseTarget> {
  if (config.mode === 'embedded') {
    const { db, applied } = await openEmbeddedDatabase(config.dataDir);
    if (applied.length) logger.log(`Embedded database migrated: ${applied.length} migration(s) applied`);
    embedded.db = db;
    return { kind: 'pglite', db };
  }
  if (!config.appDatabaseUrl) throw new Error('APP_DATABASE_URL is not set');
  return { kind: 'postgres', url: config.appDatabaseUrl, poolSize: config.databasePoolSize };
}

/**
 * The database for an app: the app role's connection (PostgreSQL, or PGlite opened as the app role
 * in embedded mode), checked at start to be neither superuser, BYPASSRLS nor table owner; and the
 * unit of work every request and job runs in. Entities register with TypeOrmModule.forFeature.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [EmbeddedDatabaseModule],
          inject: [APP_CONFIG, EmbeddedDatabase],
          useFactory: async (config: AppConfig, embedded: EmbeddedDatabase) => ({
            ...dataSourceOptions(await target(config, embedded, new Logger('Database'))),
            autoLoadEntities: true,
            // a database still starting is worth waiting for; an unsafe role is not
            retryAttempts: config.mode === 'embedded' ? 0 : 5,
            retryDelay: 2_000,
            toRetry: (error: unknown) => !(error instanceof UnsafeDatabaseRoleError),
          }),
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            try {
              await assertSafeAppRole(ds);
            } catch (error) {
              await ds.destroy();
              throw error;
            }
            return ds;
          },
        }),
        withoutIdleEnhancers(
          ClsModule.forRoot({
            global: true,
            middleware: {
              mount: true,
              generateId: true,
              idGenerator: requestId,
              // no CLS plugins nor proxy providers are used: without these two the middleware
              // skips three awaits per request and a dynamic import of its proxy manager
              initializePlugins: false,
              resolveProxyProviders: false,
            },
          }),
        ),
      ],
      providers: [
        UnitOfWork,
        BoardDatabase,
        { provide: BOARD_CONNECTION, inject: [BoardDatabase], useFactory: (b: BoardDatabase) => b.connection() },
      ],
      exports: [UnitOfWork],
    };
  }
}

@Global()
@Module({ providers: [EmbeddedDatabase], exports: [EmbeddedDatabase] })
export class EmbeddedDatabaseModule {}
