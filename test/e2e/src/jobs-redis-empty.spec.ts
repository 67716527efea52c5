import { workerDatabase } from '@rep-hub/platform/testing';
import { App, countsOf, inspect, JobsWorld, metric, PrivateRedis, QueueCounts, until } from './jobs-support';

/**
 * The outbox, not Redis, is the record of work to do. Jobs relayed to BullMQ and then lost with
 * Redis (restarted empty) are relayed again once OUTBOX_RELAY_AGAIN_AFTER_MS has passed without
 * them being done, the queue page shows them meanwhile, and each job's effect (an invite email)
 * happens exactly once per outbox row, however many times the job runs.
 */
describe('Redis that comes back empty', () => {
  const AGAIN_MS = 2_000;
  let redis: PrivateRedis;
  let world: JobsWorld;
  let adminUrl: string;
  let api: App;
  let relayOnly: App;
  const userIds: string[] = [];

  beforeAll(async () => {
    // a database of its own: earlier files in this worker leave notification jobs in the shared
    // one's outbox, and this test counts every job on the queue
    const db = await workerDatabase('redisempty');
    adminUrl = db.adminUrl;
    redis = await PrivateRedis.start();
    world = new JobsWorld({
      APP_DATABASE_URL: db.appUrl,
      REDIS_URL: redis.url,
      OUTBOX_RELAY_AGAIN_AFTER_MS: String(AGAIN_MS),
    });
    // the api and a worker that relays but runs no job (the queue fills and stays full) start side by side
    [api, relayOnly] = await Promise.all([world.api(), world.worker({ WORKER_QUEUES: 'none' })]);
    await world.signIn(api);
  }, 60_000);
  afterAll(async () => {
    await world?.stopAll();
    await redis?.stop();
  });

  const keys = () => userIds.map((id) => `invite:${id}`);
  const outbox = () =>
    inspect<{ idempotency_key: string; status: string }>(
      adminUrl,
      `SELECT idempotency_key, status FROM job_outbox WHERE idempotency_key = ANY($1)`,
      [keys()],
    );
  const emailsPerUser = async () =>
    (
      await inspect<{ recipient_user_id: string; n: number }>(
        adminUrl,
        `SELECT recipient_user_id, count(*)::int AS n FROM notifications WHERE template = 'invite' AND recipient_user_id = ANY($1) GROUP BY recipient_user_id`,
        [userIds],
      )
    ).map((r) => r.n);
  const queues = async () => (await world.call<QueueCounts>(api, 'GET', '/api/v1/admin/queues')).body;

  it('relays again what Redis lost, shows it meanwhile, and sends each email once', async () => {
    // ten invitations, sent side by side
    const invited = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        world.call<{ id: string }>(api, 'POST', '/api/v1/admin/users', {
          email: `empty.redis.${i}.${process.pid}@platform.example`,
          displayName: `Invitee ${i}`,
        }),
      ),
    );
    for (const r of invited) {
      expect(r.status).toBe(201);
      userIds.push(r.body.id);
    }
    await until(
      'every invite job is relayed',
      async () => (await outbox()).filter((r) => r.status === 'relayed').length === 10,
      20_000,
    );
    expect(countsOf(await queues(), 'notifications')).toMatchObject({ waiting: 10, active: 0 });
    await relayOnly.started.stop();

    // Redis restarts without its data: the ten jobs are gone from it
    await redis.stop();
    await redis.start();
    await until(
      'the queue page shows the ten jobs as not done in time',
      async () => countsOf(await queues(), 'notifications')['stuck'] === 10,
      20_000,
    );
    expect(countsOf(await queues(), 'notifications')).toMatchObject({ waiting: 0, active: 0, completed: 0, stuck: 10 });
    expect((await outbox()).every((r) => r.status === 'relayed')).toBe(true);

    // a worker relays them again and runs them: one email each
    const worker = await world.worker();
    await until(
      'every invite job is done',
      async () => (await outbox()).filter((r) => r.status === 'done').length === 10,
      30_000,
    );
    expect(await emailsPerUser()).toEqual(Array(10).fill(1));
    expect(countsOf(await queues(), 'notifications')).toMatchObject({ stuck: 0, completed: 10 });
    expect(await metric(worker, 'rephub_outbox_stuck_jobs{queue="notifications"}')).toBe(0);

    // Redis empties again while three rows look unfinished (as if the worker died after sending and
    // before marking them done): they run a second time, and send nothing more
    await redis.stop();
    await redis.start();
    const again = keys().slice(0, 3);
    await inspect(
      adminUrl,
      `UPDATE job_outbox SET status = 'relayed', finished_at = NULL, relayed_at = now() - interval '1 hour' WHERE idempotency_key = ANY($1)`,
      [again],
    );
    await until(
      'the three rows are done again',
      async () => (await outbox()).filter((r) => again.includes(r.idempotency_key) && r.status === 'done').length === 3,
      30_000,
    );
    await until(
      'the worker ran the three jobs again',
      async () =>
        (await metric(
          worker,
          'rephub_jobs_processed_total{queue="notifications",job="notifications.invite",outcome="done"}',
        )) === 13,
      10_000,
    );
    expect(await emailsPerUser()).toEqual(Array(10).fill(1));
  });
});
