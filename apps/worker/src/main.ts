import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { AlternativeProvisionModule } from '@rep-hub/ap-domain';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { EvaluationModule } from '@rep-hub/evaluation-domain';
import { NationalModule } from '@rep-hub/national-domain';
import { WorkforceModule } from '@rep-hub/workforce-domain';
import { appCoreModules } from '@rep-hub/auth';
import {
  ConfigError,
  drainOnSignal,
  JobMetrics,
  loadConfig,
  QueueHealth,
  RedisConnection,
  run,
  START_OPTIONS,
} from '@rep-hub/platform';
import { Logger as PinoLogger } from 'nestjs-pino';
import { createServer } from 'node:http';
import { DataSource } from 'typeorm';

/**
 * The background worker as its own process: relays the outbox to BullMQ, runs every job handler
 * and keeps the schedules. It connects as the app role (refusing a superuser) and serves /live,
 * /ready and Prometheus /metrics on WORKER_PORT (default 9464).
 */
run(async () => {
  const config = loadConfig();
  if (!config.redisUrl)
    throw new ConfigError('REDIS_URL', 'is required by the worker (without Redis, `npm start` runs jobs in process)');

  @Module({
    imports: [
      ...appCoreModules(config, 'worker', { jobs: 'worker' }),
      AlternativeProvisionModule,
      InclusionPlansModule,
      EvaluationModule,
      NationalModule,
      WorkforceModule,
    ],
  })
  class WorkerModule {
    constructor(
      @InjectDataSource() readonly ds: DataSource,
      readonly redis: RedisConnection,
      readonly metrics: JobMetrics,
      readonly health: QueueHealth,
    ) {}
  }

  const app = await NestFactory.createApplicationContext(WorkerModule, START_OPTIONS);
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  const { ds, redis, metrics, health } = app.get(WorkerModule);
  const port = Number(process.env['WORKER_PORT'] ?? 9464);
  const server = createServer(async (req, res) => {
    if (req.url === '/live')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url === '/ready') {
      const db = await ds.query('SELECT 1').then(
        () => true,
        () => false,
      );
      const ok = db && (await redis.ping());
      return void res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    }
    if (req.url === '/metrics') {
      metrics.redisUp.set((await redis.ping()) ? 1 : 0);
      try {
        // from the outbox in PostgreSQL, so it shows what Redis lost even when Redis came back empty
        for (const [queue, n] of await health.stuck()) metrics.stuck.set({ queue }, n);
      } catch {
        /* the database is down: the gauge keeps its last values */
      }
      try {
        for (const { queue, counts } of await health.jobCounts())
          for (const [state, n] of Object.entries(counts)) metrics.depth.set({ queue, state }, n);
      } catch {
        /* Redis down: the depth gauges keep their last values */
      }
      return void res
        .writeHead(200, { 'content-type': metrics.registry.contentType })
        .end(await metrics.registry.metrics());
    }
    res.writeHead(404).end();
  });
  server.listen(port, config.host);
  // SIGTERM: stop serving health and metrics, close the workers (each finishes its running job),
  // the relay, the pool and Redis, then exit 0
  drainOnSignal(app, server, config.shutdownDeadlineMs);
  new Logger('Worker').log(`Worker ready; health and metrics on port ${port}`);
});
