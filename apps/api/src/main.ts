import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApApiModule } from '@rep-hub/ap-api';
import { PlansApiModule } from '@rep-hub/plans-api';
import { EvaluationApiModule } from '@rep-hub/evaluation-api';
import { NationalApiModule } from '@rep-hub/national-api';
import { WorkforceApiModule } from '@rep-hub/workforce-api';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { appCoreModules } from '@rep-hub/auth';
import { configureHttpApp, listen, loadConfig, runServer, START_OPTIONS } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';

/** The JSON API as its own service, one process per core (runServer): /api/v1, OpenAPI at /api/docs. */
runServer(async ({ once }) => {
  const config = loadConfig();

  @Module({
    imports: [
      ...appCoreModules(config, 'api', { jobs: 'producer' }),
      ApiSurfaceModule,
      ApApiModule,
      PlansApiModule,
      EvaluationApiModule,
      NationalApiModule,
      WorkforceApiModule,
    ],
  })
  class ApiAppModule {}

  const app = await NestFactory.create<NestExpressApplication>(ApiAppModule, { ...START_OPTIONS, bodyParser: false });
  configureHttpApp(app, { openApi: true });
  if (once && config.adminEmail && config.adminPassword) {
    await app.get(TenancyService).ensurePlatformAdmin(config.adminEmail, config.adminPassword);
  }
  await listen(app, config, 'REP Hub API');
});
