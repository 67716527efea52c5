import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { configureHttpApp, listen, loadConfig, PlatformModule, run } from '@rep-hub/platform';
import { TenancyModule, TenancyService } from '@rep-hub/tenancy';

/** The JSON API as its own process: /api/v1, OpenAPI at /api/docs. */
run(async () => {
  const config = loadConfig();

  @Module({ imports: [PlatformModule.forRoot(config, 'api'), TenancyModule, ApiSurfaceModule] })
  class ApiAppModule {}

  const app = await NestFactory.create<NestExpressApplication>(ApiAppModule, { bufferLogs: true, bodyParser: false });
  configureHttpApp(app, { openApi: true });
  if (config.adminEmail && config.adminPassword) {
    await app.get(TenancyService).ensurePlatformAdmin(config.adminEmail, config.adminPassword);
  }
  await listen(app, config, 'REP Hub API');
});
