import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { appCoreModules } from '@rep-hub/auth';
import { configureHttpApp, listen, loadConfig, runServer, START_OPTIONS } from '@rep-hub/platform';
import { DEMO_PASSWORD, DemoSeeder, TenancyService } from '@rep-hub/tenancy';
import { configureWeb, webErrorPages, WebSurfaceModule } from '@rep-hub/web-surface';
import { DOMAIN_API_MODULES, DOMAIN_WEB_MODULES } from './domain-modules';

/**
 * The embedded default (`npm start`): one process serving the web app at / and the API at /api.
 * With no DATABASE_URL it runs on PGlite in DATA_DIR, seeds the demo on first start and prints
 * where to go and the demo sign-ins. It refuses NODE_ENV=production without a database. With a
 * database (server mode) it serves from one process per core (runServer, WEB_CONCURRENCY).
 */
runServer(async ({ once }) => {
  const started = Date.now();
  const config = loadConfig();

  @Module({
    imports: [
      ...appCoreModules(config, 'server', { jobs: config.redisUrl ? 'worker' : 'embedded' }),
      ApiSurfaceModule,
      ...DOMAIN_API_MODULES,
      WebSurfaceModule,
      ...DOMAIN_WEB_MODULES,
    ],
  })
  class ServerModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServerModule, { ...START_OPTIONS, bodyParser: false });
  configureHttpApp(app, { openApi: true, errorPages: webErrorPages });
  configureWeb(app, { production: config.nodeEnv === 'production' });
  let seeded = false;
  if (config.mode === 'embedded') {
    seeded = (await app.get(DemoSeeder).seed()).created;
  }
  if (once && config.adminEmail && config.adminPassword) {
    await app.get(TenancyService).ensurePlatformAdmin(config.adminEmail, config.adminPassword);
  }
  const url = await listen(app, config, 'REP Hub');
  if (config.mode === 'embedded') printBanner(url, config.dataDir, seeded, config.adminEmail, Date.now() - started);
});

/** The operator's console, not the structured log: where to go and the demo sign-ins. */
function printBanner(url: string, dataDir: string, seeded: boolean, adminEmail: string | undefined, ms: number): void {
  const rows = DemoSeeder.signIns().map((s) => `    ${s.role.padEnd(24)} ${s.email.padEnd(36)} ${s.partnership ?? ''}`);
  process.stdout.write(
    [
      '',
      `  REP Hub is running at ${url}  (API: ${url}/api, API docs: ${url}/api/docs)  — ready in ${(ms / 1000).toFixed(1)} s`,
      '',
      '  DEMONSTRATION MODE: an embedded database in ' + dataDir + '. Do not enter real data about children or staff.',
      seeded ? '  Demo data was created on this first start.' : '  Demo data was already there.',
      '',
      `  Demo sign-ins (password for all: ${DEMO_PASSWORD}):`,
      ...rows,
      ...(adminEmail ? [`    platform_admin     ${adminEmail} (from ADMIN_EMAIL / ADMIN_PASSWORD)`] : []),
      '',
    ].join('\n') + '\n',
  );
}
