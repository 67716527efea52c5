import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '../config/config';
import { configureHttpApp } from '../http/bootstrap';
import { PlatformModule } from '../platform.module';
import { boardUrlOf, workerDatabase } from './test-database';

/**
 * Configuration for a test app on this worker's database, as the app role; the board's units of
 * work (`UnitOfWork.forBoard`) as the board role on the same database.
 */
export async function testConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const db = await workerDatabase();
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    APP_DATABASE_URL: db.appUrl,
    // the board role on the database the app works on (an override's, when a suite has its own)
    BOARD_DATABASE_URL: boardUrlOf(overrides['APP_DATABASE_URL'] ?? db.appUrl),
    DATABASE_POOL_SIZE: '4',
    ...overrides,
  });
}

/**
 * A whole HTTP app in process (real PostgreSQL, real middleware), for supertest. `imports` is the
 * app's module list (build it from the config, e.g. with appCoreModules); PlatformModule is added
 * when the list has none.
 */
export async function createTestApp(
  imports: (config: AppConfig) => NonNullable<ModuleMetadata['imports']>,
  config?: AppConfig,
): Promise<NestExpressApplication> {
  const cfg = config ?? (await testConfig());
  const list = imports(cfg);
  const hasPlatform = list.some((m) => (m as { module?: unknown }).module === PlatformModule);
  const moduleRef = await Test.createTestingModule({
    imports: [...(hasPlatform ? [] : [PlatformModule.forRoot(cfg, 'test')]), ...list],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureHttpApp(app, { openApi: true });
  await app.init();
  return app;
}
