import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApApiModule } from '@rep-hub/ap-api';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { appCoreModules } from '@rep-hub/auth';
import { configureHttpApp, listen, loadConfig, run, START_OPTIONS } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';

/** The JSON API as its own process: /api/v1, OpenAPI at /api/docs. */
run(async () => {
  const config = loadConfig();

  @Module({ imports: [...appCoreModules(config, 'api', { jobs: 'producer' }), ApiSurfaceModule, ApApiModule] })
  class ApiAppModule {}

  const app = await NestFactory.create<NestExpressApplication>(ApiAppModule, { ...START_OPTIONS, bodyParser: false });
  configureHttpApp(app, { openApi: true });
  if (config.adminEmail && config.adminPassword) {
    await app.get(TenancyService).ensurePlatformAdmin(config.adminEmail, config.adminPassword);
  }
  await listen(app, config, 'REP Hub API');
});
