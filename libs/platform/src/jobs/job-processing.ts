import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AsyncResource } from 'node:async_hooks';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { NIL_TENANT } from '../database/rls';
import { BullQueues, KEEP_COMPLETED_SECONDS, withTimeout } from './bull-queues';
import { JOB_QUEUES, jobDefinition, JobEnvelope, jobSchedules, parseEnvelope, RETRY_UNIT_MS } from './job-definition';
import { JobKicker } from './job-kicker';
import { JobRegistry } from './job-registry';
import { JobFailedError, JobRunner } from './job-runner';
import { JobMetrics } from './job-metrics';
import { OutboxStore } from './outbox';

const scheduledEnvelope = (scheduleId: string, jobName: string, slot: string): JobEnvelope => ({
  v: 1,
  name: jobName,
  tenantId: NIL_TENANT,
  actorId: null,
  correlationId: null,
  idempotencyKey: `schedule:${scheduleId}:${slot}`,
  outboxId: 'schedule',
  payload: {},
});

/**
 * Runs `fn` every `ms` without ever overlapping itself; stops cleanly. Every run starts in the
 * async context the loop was made in (at bootstrap, outside any request or unit of work): a timer
 * inherits the context it is set in, so a `poke()` from inside a unit of work (JobQueue.enqueue
 * kicks the loop) would otherwise run `fn`, and every later run, inside that finished unit of work,
 * where each new one fails with NestedUnitOfWorkError.
 */
class Loop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;
  private readonly context = new AsyncResource('rephub.jobs.loop');

  constructor(
    private readonly ms: number,
    private readonly fn: () => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(): void {
    this.schedule(this.ms);
  }

  /** Runs soon (after the current run, if one is going). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      this.context.bind(() => void this.tick()),
      ms,
    );
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = this.fn().catch(this.onError);
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.again ? 0 : this.ms);
    this.again = false;
  }
}

/**
 * Server mode, in the worker: relays committed outbox rows to BullMQ (every half second, and a
 * full sweep of every tenant each minute), runs the BullMQ workers that process them, and keeps
 * the repeatable schedules (which BullMQ runs once per interval across all workers).
 */
@Injectable()
export class QueueWorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];
  /** The workers' own connections: BullMQ does not close a connection it was given. */
  private readonly connections: Redis[] = [];
  /** Whether the schedules are to be set in Redis (at start, and again after Redis came back). */
  private schedulesDue = true;
  private relay?: Loop;
  private sweep?: Loop;
  private again?: Loop;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly store: OutboxStore,
    private readonly queues: BullQueues,
    private readonly kicker: JobKicker,
    private readonly metrics: JobMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.validate();
    const onError = (e: unknown) => this.logger.warn({ err: e }, 'Outbox relay will retry');
    this.relay = new Loop(
      500,
      async () => {
        await this.ensureSchedules();
        await this.relayOnce(false);
      },
      onError,
    );
    this.sweep = new Loop(60_000, () => this.relayOnce(true).then(() => undefined), onError);
    // rows relayed but not done within OUTBOX_RELAY_AGAIN_AFTER_MS are relayed again (Redis may
    // have come back empty); checked at least every minute, and twice per bound when it is shorter
    const afterMs = this.config.outboxRelayAgainMs;
    this.again = new Loop(
      Math.min(60_000, Math.max(500, Math.floor(afterMs / 2))),
      () => this.relayAgainStuck().then(() => undefined),
      onError,
    );
    this.kicker.onKick(() => this.relay?.poke());
    this.relay.start();
    this.sweep.start();
    this.again.start();
    for (const name of JOB_QUEUES.filter((q) => this.config.workerQueues.includes(q))) {
      const connection = new Redis(this.config.redisUrl!, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined);
      if (!this.connections.length) {
        // Redis came back (perhaps empty, having lost the schedulers): set the schedules again
        let connected = false;
        connection.on('ready', () => {
          if (connected) this.schedulesDue = true;
          connected = true;
        });
      }
      this.connections.push(connection);
      const worker = new Worker(name, (job) => this.process(job), {
        connection,
        prefix: this.config.queuePrefix,
        concurrency: 4,
        // a dead worker's job is taken up again within about two intervals: its lock (renewed
        // every half lock) runs out after one, and the stalled check runs every interval. With
        // BullMQ's default 30 s lock, QUEUE_STALLED_INTERVAL_MS alone could not make that sooner.
        lockDuration: this.config.queueStalledIntervalMs,
        stalledInterval: this.config.queueStalledIntervalMs,
        maxStalledCount: 2,
      });
      worker.on('error', () => undefined);
      worker.on('failed', (job, err) => void this.failed(job, err));
      this.workers.push(worker);
    }
    await this.ensureSchedules();
  }

  /**
   * Sets every schedule in Redis when due: at start and after Redis came back. Setting one again
   * is harmless (BullMQ keeps one scheduler per id and its next run); one that fails is tried
   * again on the relay's next round.
   */
  private async ensureSchedules(): Promise<void> {
    if (!this.schedulesDue) return;
    this.schedulesDue = false;
    for (const s of jobSchedules()) {
      await withTimeout(
        this.queues
          .queue(s.job.queue)
          .upsertJobScheduler(s.id, s.pattern ? { pattern: s.pattern, tz: 'Europe/London' } : { every: s.everyMs }, {
            name: s.job.name,
            data: scheduledEnvelope(s.id, s.job.name, 'bull'),
            opts: {
              attempts: s.job.attempts,
              backoff: { type: 'exponential', delay: RETRY_UNIT_MS },
              removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
              removeOnFail: 1000,
            },
          }),
        5_000,
      ).catch((e: Error) => {
        this.schedulesDue = true;
        this.logger.warn({ schedule: s.id, err: e }, 'Schedule not set; will try again');
      });
    }
  }

  /** Puts rows relayed too long ago and not done back to pending, and relays them at once. */
  async relayAgainStuck(): Promise<number> {
    const n = await this.store.relayAgainStuck(this.config.outboxRelayAgainMs);
    if (n > 0) {
      this.logger.warn(
        { rows: n, afterMs: this.config.outboxRelayAgainMs },
        'Outbox rows relayed but not done in time: relaying them again',
      );
      this.relay?.poke();
    }
    return n;
  }

  /** Moves due outbox rows to BullMQ; a row is marked relayed only in the transaction that added it. */
  async relayOnce(sweep: boolean): Promise<number> {
    let moved = 0;
    for (const { tenantId, since } of await this.store.tenants(sweep)) {
      moved += await this.store.withDue(tenantId, 200, async (rows, m) => {
        for (const env of rows) {
          const def = jobDefinition(env.name);
          if (!def) {
            await m.query(
              `UPDATE job_outbox SET status = 'failed', last_error = 'UnknownJob' WHERE tenant_id = $1 AND id = $2`,
              [tenantId, env.outboxId],
            );
            continue;
          }
          await this.queues.add(def, env);
          await m.query(
            `UPDATE job_outbox SET status = 'relayed', relayed_at = clock_timestamp() WHERE tenant_id = $1 AND id = $2`,
            [tenantId, env.outboxId],
          );
        }
        return rows.length;
      });
      await this.store.settle(tenantId, since);
    }
    return moved;
  }

  private async process(job: Job): Promise<void> {
    const envelope = parseEnvelope(job.data);
    const started = Date.now();
    try {
      // the run's number: attemptsStarted also counts a run that stalled (its worker died), which
      // attemptsMade (failures only) does not, so a stalled job's second run is attempt 2
      await this.runner.run(envelope, Math.max(job.attemptsStarted, job.attemptsMade + 1));
      this.metrics.done(job.queueName, envelope.name, Date.now() - started);
    } catch (e) {
      this.metrics.failed(job.queueName, envelope.name);
      throw e instanceof JobFailedError ? e : new JobFailedError(e);
    }
    await this.runner.finish(envelope, 'done');
  }

  private async failed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    try {
      await this.runner.finish(parseEnvelope(job.data), 'failed', err.message);
    } catch {
      /* the BullMQ record keeps the failure */
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.sweep?.stop();
    await this.again?.stop();
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    this.connections.forEach((c) => c.disconnect());
  }
}

/**
 * The in-process runner's timing: how often it looks for due jobs besides the kick after each
 * commit (every 250 ms), and the unit of its back-off after a failure (`retryDelayMs`: 2 units
 * after the first, 4 after the second...; RETRY_UNIT_MS). Not settings: the apps use these; the
 * runner's own tests pass shorter ones (`JobsModule.forRoot('embedded', timing)`) so as not to
 * wait on the real clock.
 */
export interface InProcessTiming {
  pollMs: number;
  retryUnitMs: number;
}
export const IN_PROCESS_TIMING = Symbol('IN_PROCESS_TIMING');
export const DEFAULT_IN_PROCESS_TIMING: InProcessTiming = { pollMs: 250, retryUnitMs: RETRY_UNIT_MS };

/**
 * Embedded mode (no REDIS_URL): the same handlers run in this process from the outbox, after
 * commit, one at a time, with retries and back-off; schedules run on timers.
 */
@Injectable()
export class InProcessJobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private loop?: Loop;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly store: OutboxStore,
    private readonly kicker: JobKicker,
    @Inject(IN_PROCESS_TIMING) private readonly timing: InProcessTiming,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.validate();
    await this.store.recoverInterrupted();
    this.loop = new Loop(
      this.timing.pollMs,
      () => this.drain(),
      (e) => this.logger.warn({ err: e }, 'In-process jobs will retry'),
    );
    this.kicker.onKick(() => this.loop?.poke());
    this.loop.start();
    for (const s of jobSchedules()) {
      const t = setInterval(() => {
        const slot = String(Math.floor(Date.now() / s.everyMs));
        this.runner.run(scheduledEnvelope(s.id, s.job.name, slot), 1).catch(() => undefined);
      }, s.everyMs);
      t.unref();
      this.timers.push(t);
    }
  }

  /** Runs every due job once; returns when none is due. */
  async drain(): Promise<void> {
    for (const { tenantId, since } of await this.store.tenants(false)) {
      for (;;) {
        const claimed = await this.store.withDue(tenantId, 1, async (rows, m, attempts) => {
          if (!rows.length) return null;
          const env = rows[0];
          const attempt = (attempts.get(env.outboxId) ?? 0) + 1;
          await m.query(
            `UPDATE job_outbox SET status = 'relayed', relayed_at = clock_timestamp(), attempts = $3 WHERE tenant_id = $1 AND id = $2`,
            [tenantId, env.outboxId, attempt],
          );
          return { env, attempt };
        });
        if (!claimed) break;
        try {
          await this.runner.run(claimed.env, claimed.attempt);
          await this.runner.finish(claimed.env, 'done');
        } catch (e) {
          const def = jobDefinition(claimed.env.name);
          await this.store.retryOrFail(
            claimed.env,
            claimed.attempt,
            def?.attempts ?? 1,
            e instanceof Error ? e.message : 'Error',
            this.timing.retryUnitMs,
          );
        }
      }
      await this.store.settle(tenantId, since);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.timers.forEach((t) => clearInterval(t));
    await this.loop?.stop();
  }
}
