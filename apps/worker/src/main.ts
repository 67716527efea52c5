import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { appCoreModules } from '@rep-hub/auth';
import { loadConfig, RedisConnection, run } from '@rep-hub/platform';
import { Logger as PinoLogger } from 'nestjs-pino';
import { createServer } from 'node:http';
import { DataSource } from 'typeorm';

/**
 * The background worker as its own process. It connects as the app role (refusing a superuser)
 * and serves /live and /ready on WORKER_PORT (default 9464) for orchestrators. Job processors
 * arrive with the background-jobs issue; until then it seals the audit chain in process.
 */
run(async () => {
  const config = loadConfig();

  @Module({ imports: [...appCoreModules(config, 'worker', { sealAudit: true })] })
  class WorkerModule {
    constructor(@InjectDataSource() readonly ds: DataSource, readonly redis: RedisConnection) {}
  }

  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  const { ds, redis } = app.get(WorkerModule);
  const port = Number(process.env['WORKER_PORT'] ?? 9464);
  const server = createServer(async (req, res) => {
    if (req.url === '/live') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url === '/ready') {
      const db = await ds.query('SELECT 1').then(() => true, () => false);
      const ok = db && (await redis.ping());
      return void res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    }
    res.writeHead(404).end();
  });
  server.listen(port, config.host);
  const stop = () => server.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  new Logger('Worker').log(`Worker ready; health on port ${port}`);
});
