import { INestApplicationContext, Injectable, Module, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config';
import { NIL_TENANT } from '../database/rls';
import { UnitOfWork } from '../database/unit-of-work';
import { PlatformModule } from '../platform.module';
import { workerDatabase } from '../testing/test-database';
import { BullQueues } from './bull-queues';
import { defineJob, JobEnvelope } from './job-definition';
import { HandlesJob, JobContext, JobHandler } from './job-handler';
import { JobMetrics } from './job-metrics';
import { QueueWorkerHost } from './job-processing';
import { JobQueue } from './job-queue.service';
import { JobsModule } from './jobs.module';
import { QueueHealth } from './queue-health.service';

/**
 * Server mode in process, on the shared Redis (TEST_REDIS_URL) under a prefix of this test run
 * and file alone: the relay, the BullMQ workers, queue health and metrics, and BullMQ's schedulers.
 */
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PREFIX = `rephub-test-${(process.env['REPHUB_TEST_RUN'] ?? 'adhoc').replace(/[^a-z0-9]/gi, '').slice(0, 12)}-bull${randomUUID().slice(0, 6)}`;

// Test-only job types, defined in this spec file only (they never reach an app).
const RECORD_JOB = defineJob<{ id: string }>('test_bull.record', 'reports', { attempts: 3 });
const FLAKY_JOB = defineJob<{ id: string }>('test_bull.flaky', 'reports', { attempts: 2 });
const COUNT_JOB = defineJob<{ id: string }>('test_bull.count_organisations', 'rollups', { attempts: 1 });
const CHAIN_JOB = defineJob<{ id: string; next: string }>('test_bull.chain', 'imports', { attempts: 1 });

interface Call {
  id: string;
  tenantId: string;
  attempt: number;
  at: number;
  organisations?: number;
}
const calls: Call[] = [];
const callsOf = (id: string) => calls.filter((c) => c.id === id);
const healed = new Set<string>();

class LeakyError extends Error {
  constructor() {
    super('could not reach jo.bloggs@school.example');
    this.name = 'LeakyError';
  }
}

@Injectable()
@HandlesJob(RECORD_JOB)
class RecordHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    calls.push({ id: p.id, tenantId: ctx.envelope.tenantId, attempt: ctx.attempt, at: Date.now() });
  }
}

@Injectable()
@HandlesJob(FLAKY_JOB)
class FlakyHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    calls.push({ id: p.id, tenantId: ctx.envelope.tenantId, attempt: ctx.attempt, at: Date.now() });
    if (!healed.has(p.id)) throw new LeakyError();
  }
}

@Injectable()
@HandlesJob(COUNT_JOB)
class CountOrganisationsHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    const [row] = (await ctx.work((m) => m.query(`SELECT count(*)::int AS n FROM organisations`))) as { n: number }[];
    calls.push({
      id: p.id,
      tenantId: ctx.envelope.tenantId,
      attempt: ctx.attempt,
      at: Date.now(),
      organisations: Number(row.n),
    });
  }
}

/** Enqueues follow-up work from inside its own unit of work (which kicks the relay from there). */
@Injectable()
@HandlesJob(CHAIN_JOB)
class ChainHandler implements JobHandler<{ id: string; next: string }> {
  constructor(private readonly jobs: JobQueue) {}

  async handle(ctx: JobContext, p: { id: string; next: string }): Promise<void> {
    calls.push({ id: p.id, tenantId: ctx.envelope.tenantId, attempt: ctx.attempt, at: Date.now() });
    await ctx.work(() => this.jobs.enqueue(RECORD_JOB, { id: p.next }, { idempotencyKey: `test:${p.next}` }));
  }
}

@Module({ providers: [RecordHandler, FlakyHandler, CountOrganisationsHandler, ChainHandler] })
class TestJobsModule {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

/** Removes every key of this file's prefix from the shared Redis. */
async function dropPrefix(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const envelope = (tenantId: string, key: string, payload: JobEnvelope['payload']): JobEnvelope => ({
  v: 1,
  name: RECORD_JOB.name,
  tenantId,
  actorId: null,
  correlationId: null,
  idempotencyKey: key,
  outboxId: randomUUID(),
  payload,
});

describe("BullMQ on Redis, under this test run's own prefix", () => {
  afterAll(() => dropPrefix());

  it('adds one job per tenant and business key, however often it is added', async () => {
    const queues = new BullQueues(loadConfig({ NODE_ENV: 'test', REDIS_URL, QUEUE_PREFIX: PREFIX }));
    try {
      const tenant = randomUUID();
      const key = `test:add:${randomUUID()}`;
      const first = envelope(tenant, key, { id: randomUUID() });
      await queues.add(RECORD_JOB, first);
      await queues.add(RECORD_JOB, { ...first, outboxId: randomUUID() }); // e.g. relayed again after a lost commit
      await queues.add(RECORD_JOB, envelope(NIL_TENANT, key, { id: randomUUID() })); // another tenant, same key
      const queue = queues.queue('reports');
      const waiting = await queue.getWaiting();
      expect(waiting.map((j) => j.id).sort()).toEqual(
        [`${tenant}_${key}`, `${NIL_TENANT}_${key}`].map((id) => id.replace(/:/g, '_')).sort(),
      );
      const job = waiting.find((j) => j.data.tenantId === tenant)!;
      expect(job.data).toEqual(first); // the first one stays
      expect(job.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
      // ids only went to Redis
      expect(job.data.payload).toEqual({ id: first.payload['id'] });
      await queue.obliterate({ force: true });
    } finally {
      await queues.onApplicationShutdown();
    }
  });

  it('runs a scheduled job once per interval across two workers that both set the scheduler', async () => {
    // What QueueWorkerHost relies on for its schedules: every worker process upserts the same
    // scheduler id at start, and BullMQ keeps one scheduler whose next job has an id derived from
    // the scheduler and its due time, so however many workers there are, each slot is one job
    // that one worker takes. (Two timers, one per worker, would run every slot twice.)
    const name = `sched-${randomUUID().slice(0, 8)}`;
    const connections: Redis[] = [];
    const connection = () => {
      const c = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(c);
      return c;
    };
    const runs: { worker: number; id: string; slot: number; at: number }[] = [];
    const workers = [1, 2].map(
      (n) =>
        new Worker(
          name,
          async (job: Job) => {
            runs.push({ worker: n, id: job.id!, slot: Number(job.id!.split(':').pop()), at: Date.now() });
          },
          { connection: connection(), prefix: PREFIX, concurrency: 4 },
        ),
    );
    const queues = [1, 2].map(() => new Queue(name, { connection: connection(), prefix: PREFIX }));
    try {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      expect(await queues[0].getWorkersCount()).toBe(2);
      const started = Date.now();
      await Promise.all(
        queues.map((q) => q.upsertJobScheduler('every-half-second', { every: 500 }, { name: 'tick', data: {} })),
      );
      await sleep(3_000);
      const elapsed = Date.now() - started;
      await Promise.all(workers.map((w) => w.close()));
      expect(await queues[0].getJobSchedulersCount()).toBe(1);
      // one run per slot: no slot (and no job) twice
      expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
      expect(new Set(runs.map((r) => r.slot)).size).toBe(runs.length);
      // and at most one run per interval (3 s / 500 ms): two workers each keeping time would make
      // it twice that (a busy machine may run late and make it fewer, hence the loose lower bound)
      const intervals = elapsed / 500;
      expect(runs.length).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
      expect(runs.length).toBeGreaterThanOrEqual(Math.floor(intervals / 2));
      await queues[0].obliterate({ force: true });
    } finally {
      await Promise.all(workers.map((w) => w.close().catch(() => undefined)));
      await Promise.all(queues.map((q) => q.close()));
      connections.forEach((c) => c.disconnect());
    }
  });

  describe('the worker role: outbox relay, BullMQ workers, queue health and metrics', () => {
    let app: INestApplicationContext;
    let uow: UnitOfWork;
    let jobs: JobQueue;
    let health: QueueHealth;
    const tenantA = randomUUID();
    const tenantB = randomUUID();

    const outbox = (tenantId: string, key: string) =>
      uow.forTenant({ tenantId }, (m) =>
        m.query(`SELECT id, status, attempts, last_error FROM job_outbox WHERE idempotency_key = $1`, [key]),
      ) as Promise<{ id: string; status: string; attempts: number; last_error: string | null }[]>;
    const metric = async (line: string) =>
      (await app.get(JobMetrics).registry.metrics()).split('\n').find((l) => l.startsWith(line));

    const boot = async () => {
      const db = await workerDatabase();
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        APP_DATABASE_URL: db.appUrl,
        DATABASE_POOL_SIZE: '4',
        REDIS_URL,
        QUEUE_PREFIX: PREFIX,
        QUEUE_STALLED_INTERVAL_MS: '2000',
      });
      const ref = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config, 'test'), JobsModule.forRoot('worker'), TestJobsModule],
      }).compile();
      return ref.init();
    };

    beforeAll(async () => {
      app = await boot();
      expect(app.get(QueueWorkerHost)).toBeInstanceOf(QueueWorkerHost);
      uow = app.get(UnitOfWork);
      jobs = app.get(JobQueue);
      health = app.get(QueueHealth);
      for (const [tenant, organisations] of [
        [tenantA, 2],
        [tenantB, 5],
      ] as const) {
        await uow.forPlatform(null, (m) =>
          m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Bull test')`, [
            tenant,
            `bull-${tenant.slice(0, 8)}`,
          ]),
        );
        for (let i = 0; i < organisations; i++) {
          await uow.forTenant({ tenantId: tenant }, (m) =>
            m.query(`INSERT INTO organisations (tenant_id, kind, name) VALUES ($1, 'icb', 'Bull test ICB')`, [tenant]),
          );
        }
      }
    }, 60_000);
    afterAll(async () => {
      await app?.close();
    });

    it('relays a committed job to BullMQ and runs it in its own tenant (RLS), counted in the metrics', async () => {
      const a = randomUUID();
      const b = randomUUID();
      await uow.forTenant({ tenantId: tenantA }, () =>
        jobs.enqueue(COUNT_JOB, { id: a }, { idempotencyKey: `test:${a}` }),
      );
      await uow.forTenant({ tenantId: tenantB }, () =>
        jobs.enqueue(COUNT_JOB, { id: b }, { idempotencyKey: `test:${b}` }),
      );
      await until('both ran', () => callsOf(a).length === 1 && callsOf(b).length === 1);
      expect(callsOf(a)[0]).toMatchObject({ tenantId: tenantA, attempt: 1, organisations: 2 });
      expect(callsOf(b)[0]).toMatchObject({ tenantId: tenantB, attempt: 1, organisations: 5 });
      await until(
        'both rows are done',
        async () =>
          (await outbox(tenantA, `test:${a}`))[0]?.status === 'done' &&
          (await outbox(tenantB, `test:${b}`))[0]?.status === 'done',
      );
      expect(
        await metric('rephub_jobs_processed_total{queue="rollups",job="test_bull.count_organisations",outcome="done"}'),
      ).toMatch(/ 2$/);
      expect(health.backend).toBe('bullmq');
      const rollups = (await health.counts()).find((q) => q.queue === 'rollups')!.counts;
      expect(rollups).toMatchObject({ completed: 2, failed: 0, active: 0, waiting: 0 });
    });

    it('relays work that a job enqueues, and keeps relaying afterwards', async () => {
      const [id, next, later] = [randomUUID(), randomUUID(), randomUUID()];
      await uow.forTenant({ tenantId: tenantA }, () =>
        jobs.enqueue(CHAIN_JOB, { id, next }, { idempotencyKey: `test:${id}` }),
      );
      await until('the follow-up ran', () => callsOf(next).length === 1, 5_000); // the relay runs every 500 ms; its full sweep only each minute
      expect(callsOf(next)[0].tenantId).toBe(tenantA);
      await uow.forTenant({ tenantId: tenantB }, () =>
        jobs.enqueue(RECORD_JOB, { id: later }, { idempotencyKey: `test:${later}` }),
      );
      await until('a later job ran', () => callsOf(later).length === 1, 5_000);
    });

    it('runs the same business key once, even when the relay adds it to BullMQ again', async () => {
      const id = randomUUID();
      const key = `test:same:${id}`;
      const enqueue = () =>
        uow.forTenant({ tenantId: tenantA }, () => jobs.enqueue(RECORD_JOB, { id }, { idempotencyKey: key }));
      expect(await enqueue()).toEqual({ enqueued: true });
      expect(await enqueue()).toEqual({ enqueued: false });
      await until('it ran', () => callsOf(id).length === 1);
      await until('its row is done', async () => (await outbox(tenantA, key))[0]?.status === 'done');
      // as if the relay's "relayed" mark had been lost after BullMQ took the job: relayed again
      await uow.forTenant({ tenantId: tenantA }, (m) =>
        m.query(`UPDATE job_outbox SET status = 'pending' WHERE idempotency_key = $1`, [key]),
      );
      await until('the relay took it again', async () => (await outbox(tenantA, key))[0]?.status !== 'pending');
      await sleep(1_000);
      expect(callsOf(id)).toHaveLength(1);
    });

    it('retries a failing job with back-off, keeps it failed with its error class, and retries it for an operator', async () => {
      const id = randomUUID();
      const key = `test:${id}`;
      await uow.forTenant({ tenantId: tenantB }, () => jobs.enqueue(FLAKY_JOB, { id }, { idempotencyKey: key }));
      await until('it failed for good', async () => (await outbox(tenantB, key))[0]?.status === 'failed');
      const attempts = callsOf(id);
      expect(attempts.map((c) => c.attempt)).toEqual([1, 2]);
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900); // exponential back-off from 1 s
      expect((await outbox(tenantB, key))[0].last_error).toBe('LeakyError');
      const failed = await health.failed('reports');
      const jobId = `${tenantB}_${key}`.replace(/:/g, '_');
      expect(failed.find((j) => j.id === jobId)).toMatchObject({
        name: FLAKY_JOB.name,
        tenantId: tenantB,
        attemptsMade: 2,
        failedReason: 'LeakyError',
      });
      expect(JSON.stringify(failed)).not.toContain('bloggs');
      expect(
        await metric('rephub_jobs_processed_total{queue="reports",job="test_bull.flaky",outcome="failed"}'),
      ).toMatch(/ 2$/);

      healed.add(id);
      await health.retry('reports', jobId);
      await until('the retried job is done', async () => (await outbox(tenantB, key))[0]?.status === 'done');
      expect(callsOf(id).map((c) => c.attempt)).toEqual([1, 2, 3]);
      await expect(health.retry('reports', jobId)).rejects.toThrow(NotFoundException);
      await expect(health.retry('reports', 'no-such-job')).rejects.toThrow(NotFoundException);
    });

    it('keeps one scheduler per schedule however many workers start, and a worker closes every Redis connection it opened', async () => {
      const opened: Redis[] = [];
      const original = Redis.prototype.connect;
      const spy = jest.spyOn(Redis.prototype, 'connect').mockImplementation(function (
        this: Redis,
        ...args: Parameters<Redis['connect']>
      ) {
        opened.push(this);
        return original.apply(this, args);
      });
      let second: INestApplicationContext | undefined;
      try {
        second = await boot(); // a second worker on the same prefix, as another process would be
      } finally {
        spy.mockRestore();
      }
      try {
        const queue = app.get(BullQueues).queue('maintenance');
        expect(await queue.getWorkersCount()).toBe(2);
        // the platform's maintenance schedules: outbox retention, and the one retention job every module contributes to
        expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
          'outbox-retention-nightly',
          'retention-nightly',
        ]);
        expect(await queue.getDelayedCount()).toBe(2); // each one's next run
      } finally {
        await second?.close();
      }
      expect(opened.length).toBeGreaterThanOrEqual(8); // its queues' connection and one per BullMQ worker, at least
      // a connection left open keeps a process (and Jest) from ever exiting
      await until('every connection it opened is closed', () => opened.every((c) => c.status === 'end'), 3_000).catch(
        () => undefined,
      );
      expect(opened.filter((c) => c.status !== 'end').map((c) => c.status)).toEqual([]);
    });
  });
});
