import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AlternativeProvisionModule } from '@rep-hub/ap-domain';
import { appCoreModules } from '@rep-hub/auth';
import { EvaluationModule } from '@rep-hub/evaluation-domain';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { NationalModule } from '@rep-hub/national-domain';
import { WorkforceModule } from '@rep-hub/workforce-domain';
import { ConfigError, loadConfig, run } from '@rep-hub/platform';
import { DEMO_PASSWORD, DemoSeeder } from '@rep-hub/tenancy';

/**
 * `npm run db:seed`: the demo partnerships on a server database, only when asked for. Runs as the
 * app role (APP_DATABASE_URL, or derived from DATABASE_URL), like the apps.
 */
run(async () => {
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    // the demo accounts share a published password: never on a database that holds real data
    throw new ConfigError(
      'NODE_ENV',
      'is production: npm run db:seed creates demo accounts with a published password, and refuses to run there',
    );
  }

  // the core and every domain module, as the worker has them: each module's demo seed step is found
  // among its providers (DemoSeedSteps), with the services it uses (evaluation assembles its returns)
  @Module({
    imports: [
      ...appCoreModules(config, 'seed', { jobs: 'producer' }),
      AlternativeProvisionModule,
      InclusionPlansModule,
      EvaluationModule,
      NationalModule,
      WorkforceModule,
    ],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'], abortOnError: false });
  const { created } = await app.get(DemoSeeder).seed();
  await app.close();
  process.stdout.write(
    created
      ? `Demo data created. Demo sign-ins (password ${DEMO_PASSWORD}):\n${DemoSeeder.signIns()
          .map((s) => `  ${s.role}: ${s.email}`)
          .join('\n')}\n`
      : 'Demo data was already there.\n',
  );
});
