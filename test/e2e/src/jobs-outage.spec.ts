import '@rep-hub/ap-domain'; // defines the AP schedules (clocks), as the worker loads it
import '@rep-hub/auth'; // defines the identity schedules, as the apps load it
import '@rep-hub/audit';
import { jobSchedules } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { testQueuePrefix } from '@rep-hub/platform/testing';
import {
  App,
  countsOf,
  inspect,
  JobsWorld,
  metric,
  PrivateRedis,
  ProbeStatus,
  QueueCounts,
  sleep,
  until,
} from './jobs-support';

/**
 * Redis is for queues only, and losing it loses no work: with Redis down a request that enqueues
 * work still succeeds (its intent is committed in PostgreSQL); once Redis is back the worker
 * relays it and it is done exactly once.
 */
describe('a Redis outage', () => {
  let redis: PrivateRedis;
  let world: JobsWorld;
  let adminUrl: string;
  let api: App;
  let worker: App;

  beforeAll(async () => {
    const db = await workerDatabase();
    adminUrl = db.adminUrl;
    redis = await PrivateRedis.start();
    world = new JobsWorld({ APP_DATABASE_URL: db.appUrl, REDIS_URL: redis.url });
    [api, worker] = await Promise.all([world.api(), world.worker()]);
    await world.signIn(api); // while Redis is up
  }, 60_000);
  afterAll(async () => {
    await world?.stopAll();
    await redis?.stop();
  });

  const outboxRows = (id: string) =>
    inspect<{ status: string; last_error: string | null }>(
      adminUrl,
      `SELECT status, last_error FROM job_outbox WHERE idempotency_key = $1`,
      [`probe:${id}`],
    );
  const probeRows = (id: string) =>
    inspect<{ completed_at: Date | null; completed_attempt: number | null }>(
      adminUrl,
      `SELECT completed_at, completed_attempt FROM job_probes WHERE id = $1`,
      [id],
    );
  const ready = async (url: string) => (await fetch(url)).status;

  it('accepts work while Redis is down and does it exactly once when Redis is back', async () => {
    await redis.stop();
    // the api stays ready (requests need PostgreSQL only) and names Redis down in its checks
    await until(
      'the api reports Redis down',
      async () =>
        ((await (await fetch(`${api.base}/api/health/ready`)).json()) as { status: string }).status === 'degraded',
      10_000,
    );
    expect(await ready(`${api.base}/api/health/ready`)).toBe(200);
    await until(
      'the worker reports Redis down in its metrics',
      async () => (await metric(worker, 'rephub_redis_up')) === 0,
      10_000,
    );
    await until('the worker reports not ready', async () => (await ready(`${worker.base}/ready`)) === 503, 10_000);

    const started = Date.now();
    const r = await world.call<{ id: string; completedAt: null }>(api, 'POST', '/api/v1/admin/queues/probes', {
      delayMs: 0,
    });
    expect(r.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5_000); // it did not wait for Redis
    const id = r.body.id;
    // committed: the probe and the job's intent are in PostgreSQL
    expect(await probeRows(id)).toEqual([{ completed_at: null, completed_attempt: null }]);
    expect(await outboxRows(id)).toEqual([{ status: 'pending', last_error: null }]);

    // the worker's relay keeps trying (every 500 ms) and leaves the row pending meanwhile
    await sleep(2_000);
    expect(await outboxRows(id)).toEqual([{ status: 'pending', last_error: null }]);
    expect(worker.started.child.exitCode).toBeNull(); // and the worker stays up

    await redis.start(); // the same port, empty: nothing of the queues survived
    await until('the worker is ready again', async () => (await ready(`${worker.base}/ready`)) === 200, 15_000);
    const done = await until(
      'the probe completed',
      async () => (await world.call<ProbeStatus>(api, 'GET', `/api/v1/admin/queues/probes/${id}`)).body.completedAt,
      20_000,
    );
    expect(done).not.toBeNull();

    // exactly once: one completion on its first run, one outbox row done, one BullMQ job
    expect(await probeRows(id)).toEqual([{ completed_at: new Date(done), completed_attempt: 1 }]);
    await until('the outbox row is done', async () => (await outboxRows(id))[0]?.status === 'done', 5_000);
    expect(await outboxRows(id)).toEqual([{ status: 'done', last_error: null }]);
    await sleep(1_000); // a couple more relay rounds: nothing is relayed twice
    const counts = (await world.call<QueueCounts>(api, 'GET', '/api/v1/admin/queues')).body;
    expect(counts.backend).toBe('bullmq');
    expect(countsOf(counts, 'maintenance')).toMatchObject({ completed: 1, failed: 0, active: 0, waiting: 0 });
    expect(
      await metric(worker, 'rephub_jobs_processed_total{queue="maintenance",job="maintenance.probe",outcome="done"}'),
    ).toBe(1);
  });

  it('sets the schedules again in the Redis that came back empty', async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queues = ['maintenance', 'audit'].map((name) => new Queue(name, { connection, prefix: testQueuePrefix() }));
    try {
      const schedulers = async () =>
        (await Promise.all(queues.map((q) => q.getJobSchedulers())))
          .flat()
          .map((s) => s.key)
          .sort();
      const expected = jobSchedules()
        .filter((s) => s.job.queue === 'maintenance' || s.job.queue === 'audit')
        .map((s) => s.id)
        .sort();
      expect(expected.length).toBeGreaterThan(1);
      await until(
        'the worker set its schedules again',
        async () => (await schedulers()).length === expected.length,
        15_000,
      );
      expect(await schedulers()).toEqual(expected);
      const delayed = (await Promise.all(queues.map((q) => q.getDelayedCount()))).reduce((a, b) => a + b, 0);
      expect(delayed).toBe(expected.length); // one next run each
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    }
  });
});
