import '@rep-hub/ap-domain'; // defines the AP schedules (clocks), as the worker loads it
import '@rep-hub/auth'; // defines the identity schedules, as the apps load it
import { jobSchedules, NIL_TENANT } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { testQueuePrefix } from '@rep-hub/platform/testing';
import { App, JobsWorld, metric, PrivateRedis, sleep, until } from './jobs-support';

/**
 * Two worker processes on one Redis and prefix: each sets the schedules at its start, and a
 * repeatable job still runs once per interval, by one of them.
 */
describe('repeatable jobs across two worker processes', () => {
  let redis: PrivateRedis;
  let world: JobsWorld;
  let workers: App[];
  let connection: Redis;
  const queues = new Map<string, Queue>();
  /** A Queue handle on the workers' prefix; `handle` names a second handle on the same queue. */
  const queue = (name: string, handle = '') => {
    if (!queues.has(name + handle))
      queues.set(name + handle, new Queue(name, { connection, prefix: testQueuePrefix() }));
    return queues.get(name + handle)!;
  };

  beforeAll(async () => {
    const db = await workerDatabase();
    redis = await PrivateRedis.start();
    connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    world = new JobsWorld({ APP_DATABASE_URL: db.appUrl, REDIS_URL: redis.url });
    workers = await Promise.all([world.worker(), world.worker()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...queues.values()].map((q) => q.close()));
    connection?.disconnect();
    await world?.stopAll();
    await redis?.stop();
  });

  it('keeps one scheduler and one next run per schedule, however many workers set it', async () => {
    expect(await queue('maintenance').getWorkersCount()).toBe(2);
    expect(await queue('audit').getWorkersCount()).toBe(2);
    // every schedule the apps define, read from the registry (the libs define them when loaded)
    const expected = (name: string) =>
      jobSchedules()
        .filter((s) => s.job.queue === name)
        .map((s) => s.id)
        .sort();
    expect(expected('maintenance').length).toBeGreaterThan(0);
    expect((await queue('maintenance').getJobSchedulers()).map((s) => s.key).sort()).toEqual(expected('maintenance'));
    expect((await queue('audit').getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['audit-seal', 60_000]]);
    expect(await queue('audit').getDelayedCount()).toBe(1);
    expect(await queue('maintenance').getDelayedCount()).toBe(expected('maintenance').length); // one next run each
  });

  it('runs a job scheduled every 250 ms once per interval with two worker processes listening', async () => {
    // the probe job as a 250 ms schedule (a probe id that does not exist: each run is a no-op),
    // watched for six intervals: twice the runs would be twice the bound below
    const EVERY = 250;
    const id = `test-every-quarter-second-${randomUUID().slice(0, 8)}`;
    const data = {
      v: 1,
      name: 'maintenance.probe',
      tenantId: NIL_TENANT,
      actorId: null,
      correlationId: null,
      idempotencyKey: `schedule:${id}`,
      outboxId: 'schedule',
      payload: { probeId: randomUUID(), delayMs: 0 },
    };
    const probes = async () => {
      const total = await Promise.all(
        workers.map((w) =>
          metric(w, 'rephub_jobs_processed_total{queue="maintenance",job="maintenance.probe",outcome="done"}'),
        ),
      );
      return total.map((n) => n ?? 0);
    };
    expect(await probes()).toEqual([0, 0]);
    const started = Date.now();
    // set from two places at once, as two worker processes would at their start
    await Promise.all(
      [queue('maintenance'), queue('maintenance', 'second')].map((q) =>
        q.upsertJobScheduler(id, { every: EVERY }, { name: 'maintenance.probe', data }),
      ),
    );
    await sleep(6 * EVERY);
    await queue('maintenance').removeJobScheduler(id);
    const elapsed = Date.now() - started;
    await sleep(500); // the last run in flight finishes

    const runs = (await queue('maintenance').getCompleted(0, 100)).filter((j: Job) =>
      j.id?.startsWith(`repeat:${id}:`),
    );
    const slots = runs.map((j) => Number(j.id!.split(':').pop())).sort((a, b) => a - b);
    expect(new Set(slots).size).toBe(runs.length); // no slot ran twice
    // at most once per interval, not once per worker per interval (the lower bound is loose: a busy
    // machine may run late)
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY) + 1);
    expect(runs.length).toBeGreaterThanOrEqual(Math.floor(elapsed / (2 * EVERY)));
    expect(await queue('maintenance').getFailedCount()).toBe(0);
    // the two processes together processed each run once (often one process takes them all)
    const counted = await until(
      'the metrics count every run',
      async () => {
        const n = await probes();
        return n[0] + n[1] === runs.length && n;
      },
      5_000,
    );
    expect(counted[0] + counted[1]).toBe(runs.length);
  });
});
