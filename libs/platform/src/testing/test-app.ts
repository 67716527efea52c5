import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '../config/config';
import { BOARD_ROLE } from '../database/roles';
import { configureHttpApp } from '../http/bootstrap';
import { PlatformModule } from '../platform.module';
import { workerDatabase } from './test-database';

/**
 * Configuration for a test app on this worker's database, as the app role, with the board role's
 * connection beside it (as a server derives it from DATABASE_URL), opened only when used.
 */
export async function testConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const db = await workerDatabase();
  // beside the app role's database, whichever it is (a suite may give its own)
  const board = new URL(overrides['APP_DATABASE_URL'] ?? db.appUrl);
  board.username = BOARD_ROLE;
  board.password = process.env['TEST_BOARD_DATABASE_PASSWORD'] ?? '';
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    APP_DATABASE_URL: db.appUrl,
    BOARD_DATABASE_URL: board.toString(),
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
