import { INestApplicationContext, Injectable, Module, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config';
import { NIL_TENANT } from '../database/rls';
import { NoUnitOfWorkError, UnitOfWork } from '../database/unit-of-work';
import { PlatformModule } from '../platform.module';
import { embeddedDataDir } from '../testing/embedded-template';
import { workerDatabase } from '../testing/test-database';
import { defineJob, JobPayloadRejectedError } from './job-definition';
import { HandlesJob, JobContext, JobHandler } from './job-handler';
import { DEFAULT_IN_PROCESS_TIMING, InProcessJobRunner } from './job-processing';
import { JobQueue } from './job-queue.service';
import { JobRunner } from './job-runner';
import { JobsModule } from './jobs.module';
import { PROBE_JOB } from './maintenance.jobs';
import { retryDelayMs } from './outbox';
import { QueueHealth } from './queue-health.service';

// Test-only job types, defined in this spec file only (they never reach an app).
const RECORD_JOB = defineJob<{ id: string }>('test_runner.record', 'reports', { attempts: 3 });
const FLAKY_JOB = defineJob<{ id: string }>('test_runner.flaky', 'reports', { attempts: 2 });
const GATE_JOB = defineJob<{ id: string }>('test_runner.gate', 'imports', { attempts: 1 });
const COUNT_JOB = defineJob<{ id: string; other: string }>('test_runner.count_organisations', 'rollups', {
  attempts: 1,
});

interface Call {
  job: string;
  id: string;
  tenantId: string;
  attempt: number;
  at: number;
  organisations?: number;
  otherTenantOrganisations?: number;
  tenantSetting?: string;
}
const calls: Call[] = [];
const callsOf = (id: string) => calls.filter((c) => c.id === id);
const call = (job: string, ctx: JobContext, id: string, extra: Partial<Call> = {}) =>
  calls.push({ job, id, tenantId: ctx.envelope.tenantId, attempt: ctx.attempt, at: Date.now(), ...extra });

/** A failure whose message holds personal data: it must never be kept with the job. */
class LeakyError extends Error {
  constructor() {
    super('could not reach jo.bloggs@school.example');
    this.name = 'LeakyError';
  }
}

const healed = new Set<string>();
const gates = new Map<string, () => void>();

@Injectable()
@HandlesJob(RECORD_JOB)
class RecordHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    call('record', ctx, p.id);
  }
}

@Injectable()
@HandlesJob(FLAKY_JOB)
class FlakyHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    call('flaky', ctx, p.id);
    if (!healed.has(p.id)) throw new LeakyError();
  }
}

@Injectable()
@HandlesJob(GATE_JOB)
class GateHandler implements JobHandler<{ id: string }> {
  async handle(ctx: JobContext, p: { id: string }): Promise<void> {
    call('gate', ctx, p.id);
    await new Promise<void>((resolve) => {
      gates.set(p.id, resolve);
      setTimeout(resolve, 10_000).unref(); // never hangs the suite
    });
  }
}

@Injectable()
@HandlesJob(COUNT_JOB)
class CountOrganisationsHandler implements JobHandler<{ id: string; other: string }> {
  async handle(ctx: JobContext, p: { id: string; other: string }): Promise<void> {
    // no tenant filter on purpose: RLS under the job's unit of work is what scopes it
    const [row] = (await ctx.work((m) =>
      m.query(
        `SELECT (SELECT count(*)::int FROM organisations) AS n,
                (SELECT count(*)::int FROM organisations WHERE tenant_id = $1) AS other,
                current_setting('app.tenant_id', true) AS setting`,
        [p.other],
      ),
    )) as { n: number; other: number; setting: string }[];
    call('count', ctx, p.id, {
      organisations: Number(row.n),
      otherTenantOrganisations: Number(row.other),
      tenantSetting: row.setting,
    });
  }
}

@Module({ providers: [RecordHandler, FlakyHandler, GateHandler, CountOrganisationsHandler] })
class TestJobsModule {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The runner's timing, shorter than the apps' (a poll every 250 ms, a back-off unit of 1 s: see
 * "the in-process runner's timing in the apps" below): the waits for "it did not run" are a few
 * polls, and the back-off after a first failure is two units, 500 ms (long enough to see the job
 * pending between its attempts).
 */
const TIMING = { pollMs: 50, retryUnitMs: 250 };

/** Polls until `check` holds; fails with `what` at the deadline. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  finished_at: Date | null;
}

/** The embedded job pipeline (no Redis: the in-process runner) on one backend. */
function inProcessSuite(
  backend: string,
  config: () => Promise<Record<string, string>>,
  cleanup: () => void = () => undefined,
) {
  describe(`the in-process runner (no Redis) on ${backend}`, () => {
    let app: INestApplicationContext;
    let uow: UnitOfWork;
    let jobs: JobQueue;
    let health: QueueHealth;
    let env: Record<string, string>;
    const tenantA = randomUUID();
    const tenantB = randomUUID();

    const boot = async () => {
      const cfg = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env['DBG_LOG'] ?? 'silent', ...env });
      expect(cfg.redisUrl).toBeUndefined();
      const ref = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(cfg, 'test'), JobsModule.forRoot('embedded', TIMING), TestJobsModule],
      }).compile();
      return ref.init();
    };

    const outbox = (tenantId: string, key: string) =>
      uow.forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT id, status, attempts, last_error, next_attempt_at, finished_at FROM job_outbox WHERE idempotency_key = $1`,
          [key],
        ),
      ) as Promise<OutboxRow[]>;

    const enqueue = (tenantId: string, job: typeof RECORD_JOB, id: string, key = `test:${id}`) =>
      uow.forTenant({ tenantId }, () => jobs.enqueue(job, { id }, { idempotencyKey: key }));

    beforeAll(async () => {
      env = await config();
      app = await boot();
      uow = app.get(UnitOfWork);
      jobs = app.get(JobQueue);
      health = app.get(QueueHealth);
      for (const [tenant, organisations] of [
        [tenantA, 3],
        [tenantB, 1],
      ] as const) {
        await uow.forPlatform(null, (m) =>
          m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Jobs test')`, [
            tenant,
            `jobs-${tenant.slice(0, 8)}`,
          ]),
        );
        for (let i = 0; i < organisations; i++) {
          await uow.forTenant({ tenantId: tenant }, (m) =>
            m.query(`INSERT INTO organisations (tenant_id, kind, name) VALUES ($1, 'icb', 'Jobs test ICB')`, [tenant]),
          );
        }
      }
      // a limit, not a measure: the first PGlite suite of a run builds the migrated template folder
      // (about 10 s of CPU) while the others wait for it, which on two cores under six workers has
      // taken past a minute
    }, 180_000);
    afterAll(async () => {
      gates.forEach((open) => open());
      await app?.close();
      cleanup();
    });

    it('runs a job after its unit of work commits, never before, and never when it rolls back', async () => {
      const id = randomUUID();
      let ranWhileOpen = false;
      await uow.forTenant({ tenantId: tenantA }, async () => {
        await jobs.enqueue(RECORD_JOB, { id }, { idempotencyKey: `test:${id}` });
        await sleep(4 * TIMING.pollMs); // the kick (25 ms) and polls come and go while this is open
        ranWhileOpen = callsOf(id).length > 0;
      });
      expect(ranWhileOpen).toBe(false);
      await until('the job ran', () => callsOf(id).length === 1);
      expect(callsOf(id)[0]).toMatchObject({ tenantId: tenantA, attempt: 1 });
      await until('the outbox row is done', async () => (await outbox(tenantA, `test:${id}`))[0]?.status === 'done');

      const rolledBack = randomUUID();
      await expect(
        uow.forTenant({ tenantId: tenantA }, async () => {
          await jobs.enqueue(RECORD_JOB, { id: rolledBack }, { idempotencyKey: `test:${rolledBack}` });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      // a later job runs, so the runner had every chance to take the rolled-back one
      const later = randomUUID();
      await enqueue(tenantA, RECORD_JOB, later);
      await until('a later job ran', () => callsOf(later).length === 1);
      expect(callsOf(rolledBack)).toEqual([]);
      expect(await outbox(tenantA, `test:${rolledBack}`)).toEqual([]);
    });

    it('runs the same business key once (per tenant)', async () => {
      const id = randomUUID();
      const key = `test:same:${id}`;
      expect(await enqueue(tenantA, RECORD_JOB, id, key)).toEqual({ enqueued: true });
      expect(await enqueue(tenantA, RECORD_JOB, id, key)).toEqual({ enqueued: false });
      // enqueued twice in one unit of work too
      const twice = await uow.forTenant({ tenantId: tenantA }, async () => [
        await jobs.enqueue(RECORD_JOB, { id }, { idempotencyKey: key }),
        await jobs.enqueue(RECORD_JOB, { id }, { idempotencyKey: key }),
      ]);
      expect(twice).toEqual([{ enqueued: false }, { enqueued: false }]);
      // the same key in another tenant is another job
      expect(await enqueue(tenantB, RECORD_JOB, id, key)).toEqual({ enqueued: true });
      await until('both tenants ran it', () => callsOf(id).length === 2);
      await until(
        'both rows are done',
        async () =>
          (await outbox(tenantA, key))[0]?.status === 'done' && (await outbox(tenantB, key))[0]?.status === 'done',
      );
      await sleep(4 * TIMING.pollMs); // a few polls later: still once each
      expect(
        callsOf(id)
          .map((c) => c.tenantId)
          .sort(),
      ).toEqual([tenantA, tenantB].sort());
      expect(await outbox(tenantA, key)).toHaveLength(1);
    });

    it("runs a job in its own tenant: RLS inside the handler shows that tenant's rows only", async () => {
      const a = randomUUID();
      const b = randomUUID();
      await uow.forTenant({ tenantId: tenantA }, () =>
        jobs.enqueue(COUNT_JOB, { id: a, other: tenantB }, { idempotencyKey: `test:${a}` }),
      );
      await uow.forTenant({ tenantId: tenantB }, () =>
        jobs.enqueue(COUNT_JOB, { id: b, other: tenantA }, { idempotencyKey: `test:${b}` }),
      );
      await until('both counted', () => callsOf(a).length === 1 && callsOf(b).length === 1);
      expect(callsOf(a)[0]).toMatchObject({
        tenantId: tenantA,
        organisations: 3,
        otherTenantOrganisations: 0,
        tenantSetting: tenantA,
      });
      expect(callsOf(b)[0]).toMatchObject({
        tenantId: tenantB,
        organisations: 1,
        otherTenantOrganisations: 0,
        tenantSetting: tenantB,
      });
      // and straight through the runner, as the BullMQ worker calls it
      const direct = randomUUID();
      await app.get(JobRunner).run(
        {
          v: 1,
          name: COUNT_JOB.name,
          tenantId: tenantB,
          actorId: null,
          correlationId: null,
          idempotencyKey: 'direct',
          outboxId: randomUUID(),
          payload: { id: direct, other: tenantA },
        },
        1,
      );
      expect(callsOf(direct)[0]).toMatchObject({ organisations: 1, otherTenantOrganisations: 0 });
    });

    it('runs platform work (the nil tenant): the probe job completes once', async () => {
      const probe = randomUUID();
      await uow.forPlatform(null, async (m) => {
        await m.query(`INSERT INTO job_probes (id) VALUES ($1)`, [probe]);
        await jobs.enqueue(PROBE_JOB, { probeId: probe, delayMs: 0 }, { idempotencyKey: `probe:${probe}` });
      });
      const row = () =>
        uow.forPlatform(null, (m) =>
          m.query(`SELECT completed_at, completed_attempt FROM job_probes WHERE id = $1`, [probe]),
        ) as Promise<{ completed_at: Date | null; completed_attempt: number | null }[]>;
      await until('the probe completed', async () => (await row())[0]?.completed_at !== null);
      expect((await row())[0].completed_attempt).toBe(1);
      // the runner marks the row done after the job's own transaction commits, as the tests above wait for
      await until(
        'the outbox row is done',
        async () => (await outbox(NIL_TENANT, `probe:${probe}`))[0]?.status === 'done',
      );
      expect((await outbox(NIL_TENANT, `probe:${probe}`))[0]).toMatchObject({ status: 'done', attempts: 1 });
      expect((await row())[0].completed_attempt).toBe(1);
    });

    it('refuses personal data at enqueue, before anything is written', async () => {
      const key = `test:refused:${randomUUID()}`;
      const written = await uow.forTenant({ tenantId: tenantA }, async (m) => {
        for (const payload of [
          { name: 'Jo Bloggs' },
          { id: randomUUID(), dateOfBirth: '2014-05-03' },
          { ref: 'H801200001001' },
        ]) {
          await expect(
            jobs.enqueue(RECORD_JOB, payload as unknown as { id: string }, { idempotencyKey: key }),
          ).rejects.toThrow(JobPayloadRejectedError);
        }
        return m.query(`SELECT id FROM job_outbox WHERE idempotency_key = $1`, [key]);
      });
      expect(written).toEqual([]);
      await expect(jobs.enqueue(RECORD_JOB, { id: randomUUID() }, { idempotencyKey: key })).rejects.toThrow(
        NoUnitOfWorkError,
      );
      await expect(enqueue(tenantA, RECORD_JOB, randomUUID(), '')).rejects.toThrow(/idempotencyKey/);
    });

    it('retries a failing job with back-off, keeps it as failed after its attempts, and an operator can retry it', async () => {
      const before = (await health.counts()).find((q) => q.queue === 'reports')!.counts;
      const id = randomUUID();
      const key = `test:${id}`;
      await enqueue(tenantA, FLAKY_JOB, id);
      await until(
        'the first attempt failed',
        async () =>
          (await outbox(tenantA, key))[0]?.attempts === 1 && (await outbox(tenantA, key))[0]?.status === 'pending',
      );
      const [afterFirst] = await outbox(tenantA, key);
      expect(afterFirst.last_error).toBe('LeakyError'); // class only: the message held an email address
      await until('the job failed for good', async () => (await outbox(tenantA, key))[0]?.status === 'failed', 10_000);
      const attempts = callsOf(id);
      expect(attempts.map((c) => c.attempt)).toEqual([1, 2]);
      // the back-off after the first failure: two units (2 s in the apps)
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(retryDelayMs(1, TIMING.retryUnitMs) * 0.95);
      const [failed] = await outbox(tenantA, key);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_error: 'LeakyError' });
      expect(failed.finished_at).not.toBeNull();
      await sleep(4 * TIMING.pollMs);
      expect(callsOf(id)).toHaveLength(2); // kept as failed: not run again

      // queue health reads the outbox in this mode
      expect(health.backend).toBe('in-process');
      const after = (await health.counts()).find((q) => q.queue === 'reports')!.counts;
      expect(after['failed'] - before['failed']).toBe(1);
      const listed = (await health.failed('reports')).filter((j) => j.id === `${tenantA}:${failed.id}`);
      expect(listed).toEqual([
        {
          id: `${tenantA}:${failed.id}`,
          name: FLAKY_JOB.name,
          tenantId: tenantA,
          attemptsMade: 2,
          failedReason: 'LeakyError',
          failedAt: failed.finished_at!.toISOString(),
        },
      ]);
      expect(JSON.stringify(await health.failed('reports'))).not.toContain('bloggs');

      // an operator retries it; this time it works
      healed.add(id);
      await health.retry('reports', `${tenantA}:${failed.id}`);
      await until('the retried job is done', async () => (await outbox(tenantA, key))[0]?.status === 'done');
      expect(callsOf(id).map((c) => c.attempt)).toEqual([1, 2, 1]);
      const end = (await health.counts()).find((q) => q.queue === 'reports')!.counts;
      expect(end['failed'] - before['failed']).toBe(0);
      expect((await health.failed('reports')).some((j) => j.id === `${tenantA}:${failed.id}`)).toBe(false);

      // a job that is not failed, a made-up id, an unknown queue: 404
      await expect(health.retry('reports', `${tenantA}:${failed.id}`)).rejects.toThrow(NotFoundException);
      await expect(health.retry('reports', 'nonsense')).rejects.toThrow(NotFoundException);
      await expect(health.retry('imports', `${tenantA}:${failed.id}`)).rejects.toThrow(NotFoundException);
      await expect(health.failed('nope' as never)).rejects.toThrow(NotFoundException);
    }, 20_000);

    it('counts pending, running and completed jobs per queue', async () => {
      const count = async () => (await health.counts()).find((q) => q.queue === 'imports')!.counts;
      const before = await count();
      const first = randomUUID();
      const second = randomUUID();
      await enqueue(tenantA, GATE_JOB, first);
      await until('the first gate job is running', () => gates.has(first));
      await enqueue(tenantA, GATE_JOB, second);
      const during = await count();
      // one at a time: the first runs, the second waits
      expect({
        running: during['running'] - before['running'],
        pending: during['pending'] - before['pending'],
      }).toEqual({ running: 1, pending: 1 });
      gates.get(first)!();
      await until('the second gate job is running', () => gates.has(second));
      gates.get(second)!();
      await until('both are completed', async () => (await count())['completed'] - before['completed'] === 2);
      const after = await count();
      expect({ running: after['running'] - before['running'], pending: after['pending'] - before['pending'] }).toEqual({
        running: 0,
        pending: 0,
      });
    });

    it('drops a tenant from the pending index once nothing is pending for it', async () => {
      const id = randomUUID();
      await enqueue(tenantB, RECORD_JOB, id);
      await until('the job ran', async () => (await outbox(tenantB, `test:${id}`))[0]?.status === 'done');
      const pending = () =>
        uow.forPlatform(null, (m) =>
          m.query(`SELECT tenant_id FROM job_outbox_pending WHERE tenant_id = $1`, [tenantB]),
        ) as Promise<unknown[]>;
      await until('the index forgot the tenant', async () => (await pending()).length === 0, 3_000);
    });

    it('runs again, after a restart, a job that was running when the process died', async () => {
      const id = randomUUID();
      const key = `test:${id}`;
      // as a killed process leaves it: claimed (relayed, attempt 1) and never finished
      await uow.forTenant({ tenantId: tenantA }, (m) =>
        m.query(
          `INSERT INTO job_outbox (tenant_id, id, job_name, queue, idempotency_key, payload, status, attempts, relayed_at)
           VALUES ($1, $2, $3, 'reports', $4, $5, 'relayed', 1, clock_timestamp())`,
          [tenantA, randomUUID(), RECORD_JOB.name, key, JSON.stringify({ id })],
        ),
      );
      await sleep(4 * TIMING.pollMs);
      expect(callsOf(id)).toEqual([]); // a running job is not this runner's to take
      await app.close();
      app = await boot();
      uow = app.get(UnitOfWork);
      jobs = app.get(JobQueue);
      health = app.get(QueueHealth);
      expect(app.get(InProcessJobRunner)).toBeInstanceOf(InProcessJobRunner);
      await until('the interrupted job ran again', () => callsOf(id).length === 1);
      expect(callsOf(id)[0].attempt).toBe(2);
      await until('its row is done', async () => (await outbox(tenantA, key))[0]?.status === 'done');
    }, 60_000);
  });
}

describe("the in-process runner's timing in the apps", () => {
  it('looks for due jobs every 250 ms, and backs off 2 s, 4 s, 8 s... after failures, at most an hour', () => {
    expect(DEFAULT_IN_PROCESS_TIMING).toEqual({ pollMs: 250, retryUnitMs: 1_000 });
    const unit = DEFAULT_IN_PROCESS_TIMING.retryUnitMs;
    expect([1, 2, 3, 11, 12, 20].map((attempts) => retryDelayMs(attempts, unit))).toEqual([
      2_000, 4_000, 8_000, 2_048_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(1)).toBe(2_000);
  });
});

inProcessSuite('PostgreSQL', async () => ({
  APP_DATABASE_URL: (await workerDatabase()).appUrl,
  DATABASE_POOL_SIZE: '4',
}));

// a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
let data: { dataDir: string; remove: () => void } | undefined;
inProcessSuite(
  'embedded PGlite',
  async () => {
    data = await embeddedDataDir('rephub-jobs-');
    return { DATA_DIR: data.dataDir };
  },
  () => data?.remove(),
);
