import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApWebModule } from '@rep-hub/ap-web';
import { PlansWebModule } from '@rep-hub/plans-web';
import { EvaluationWebModule } from '@rep-hub/evaluation-web';
import { NationalWebModule } from '@rep-hub/national-web';
import { WorkforceWebModule } from '@rep-hub/workforce-web';
import { appCoreModules } from '@rep-hub/auth';
import { configureHttpApp, HealthModule, listen, loadConfig, runServer, START_OPTIONS } from '@rep-hub/platform';
import { configureWeb, webErrorPages, WebSurfaceModule } from '@rep-hub/web-surface';

/** The server-rendered GOV.UK-styled pages as their own service, one process per core (runServer); health at /api/health. */
runServer(async () => {
  const config = loadConfig();

  @Module({
    imports: [
      ...appCoreModules(config, 'web', { jobs: 'producer' }),
      HealthModule,
      WebSurfaceModule,
      ApWebModule,
      PlansWebModule,
      EvaluationWebModule,
      NationalWebModule,
      WorkforceWebModule,
    ],
  })
  class WebAppModule {}

  const app = await NestFactory.create<NestExpressApplication>(WebAppModule, { ...START_OPTIONS, bodyParser: false });
  configureHttpApp(app, { openApi: false, errorPages: webErrorPages });
  configureWeb(app, { production: config.nodeEnv === 'production' });
  await listen(app, config, 'REP Hub web');
});
