import { workerDatabase } from '@rep-hub/platform/testing';
import { Job, Queue } from 'bullmq';
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
 * A worker killed with SIGKILL in the middle of a job: BullMQ finds the job stalled, a second
 * worker runs it again, and the end state in the database is that of one clean run.
 */
describe('a worker killed mid-job', () => {
  let redis: PrivateRedis;
  let world: JobsWorld;
  let adminUrl: string;
  let api: App;
  let first: App;
  const WORKER = { QUEUE_STALLED_INTERVAL_MS: '2000' };
  /**
   * How long the killed probe takes: long enough to be running when it is killed (the kill follows
   * within a poll of it being active, and the test fails if it completed first), and waited for
   * twice more (its run on the second worker, and the duplicate's).
   */
  const PROBE_MS = 4_000;

  beforeAll(async () => {
    const db = await workerDatabase();
    adminUrl = db.adminUrl;
    redis = await PrivateRedis.start();
    world = new JobsWorld({ APP_DATABASE_URL: db.appUrl, REDIS_URL: redis.url });
    // the api and the first worker start side by side, as in production
    [api, first] = await Promise.all([world.api(), world.worker(WORKER)]);
    await world.signIn(api);
  }, 60_000);
  afterAll(async () => {
    await world?.stopAll();
    await redis?.stop();
  });

  const probe = async (delayMs: number) => {
    const r = await world.call<{ id: string }>(api, 'POST', '/api/v1/admin/queues/probes', { delayMs });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const status = async (id: string) =>
    (await world.call<ProbeStatus>(api, 'GET', `/api/v1/admin/queues/probes/${id}`)).body;
  const counts = async () => (await world.call<QueueCounts>(api, 'GET', '/api/v1/admin/queues')).body;
  const outboxRow = (id: string) =>
    inspect<{ status: string; attempts: number; last_error: string | null; relayed: boolean; finished: boolean }>(
      adminUrl,
      `SELECT status, attempts, last_error, relayed_at IS NOT NULL AS relayed, finished_at IS NOT NULL AS finished FROM job_outbox WHERE idempotency_key = $1`,
      [`probe:${id}`],
    );
  const probeRow = (id: string) =>
    inspect<{ completed_at: Date | null; completed_attempt: number | null }>(
      adminUrl,
      `SELECT completed_at, completed_attempt FROM job_probes WHERE id = $1`,
      [id],
    );

  it('runs the job again on another worker, and the end state is that of one clean run', async () => {
    // one clean run, to compare with
    const clean = await probe(0);
    await until('the clean probe completed', async () => (await status(clean)).completedAt, 15_000);
    expect((await status(clean)).completedAttempt).toBe(1);

    // a probe that takes PROBE_MS: kill its worker while it runs
    const killed = await probe(PROBE_MS);
    // the relay marks the outbox row after BullMQ has the job, so a job can be active a moment
    // before its row says relayed: wait for both, or the kill can land in between
    await until(
      'the probe job is active and its outbox row relayed',
      async () =>
        countsOf(await counts(), 'maintenance')['active'] === 1 && (await outboxRow(killed))[0]?.status === 'relayed',
      15_000,
    );
    first.started.child.kill('SIGKILL');
    expect(await first.started.exited).toBe('SIGKILL');
    expect((await status(killed)).completedAt).toBeNull();
    expect((await outboxRow(killed))[0].status).toBe('relayed');

    const second = await world.worker(WORKER);
    const done = await until(
      'the probe completed on the second worker',
      async () => (await status(killed)).completedAt,
      30_000,
    );

    // it ran to the end once: on its second start (the first never finished)
    expect((await status(killed)).completedAttempt).toBe(2);
    const [row] = await probeRow(killed);
    expect(row.completed_at!.toISOString()).toBe(done);
    // the end state equals the clean run's
    await until('the outbox row is done', async () => (await outboxRow(killed))[0]?.status === 'done', 5_000);
    expect(await outboxRow(killed)).toEqual(await outboxRow(clean));
    expect(await outboxRow(killed)).toEqual([
      { status: 'done', attempts: 0, last_error: null, relayed: true, finished: true },
    ]);
    expect(countsOf(await counts(), 'maintenance')).toMatchObject({ active: 0, failed: 0, completed: 2, waiting: 0 });
    // the second worker's metrics counted it
    expect(
      await metric(second, 'rephub_jobs_processed_total{queue="maintenance",job="maintenance.probe",outcome="done"}'),
    ).toBe(1);

    // delivered once more (BullMQ is at-least-once): the handler is idempotent, nothing changes
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue('maintenance', { connection, prefix: testQueuePrefix() });
    try {
      const original = (await queue.getCompleted()).find(
        (j: Job) => (j.data as { payload: { probeId: string } }).payload.probeId === killed,
      )!;
      await queue.add(original.name, original.data, { jobId: `duplicate-of-${killed}` });
      await until(
        'the duplicate ran',
        async () => (await queue.getJobState(`duplicate-of-${killed}`)) === 'completed',
        15_000,
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(
      await metric(second, 'rephub_jobs_processed_total{queue="maintenance",job="maintenance.probe",outcome="done"}'),
    ).toBe(2);
    expect(await probeRow(killed)).toEqual([{ completed_at: row.completed_at, completed_attempt: 2 }]);
    await sleep(100);
    expect(second.started.output()).not.toMatch(/"level":50/);
  });
});
