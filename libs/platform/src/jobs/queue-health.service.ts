import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { problem } from '../http/problem-details';
import { UnitOfWork } from '../database/unit-of-work';
import { BullQueues } from './bull-queues';
import { JOB_QUEUES, QueueName } from './job-definition';
import { OutboxStore } from './outbox';

export interface QueueCounts {
  queue: QueueName;
  counts: Record<string, number>;
}

export interface FailedJob {
  id: string;
  name: string;
  tenantId: string | null;
  attemptsMade: number;
  failedReason: string;
  failedAt: string | null;
}

/**
 * Queue health for operators: counts per state, failed jobs with their (sanitised) error, retry.
 * From BullMQ in server mode; from the outbox in embedded mode.
 */
@Injectable()
export class QueueHealth {
  constructor(
    private readonly queues: BullQueues,
    private readonly store: OutboxStore,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get backend(): 'bullmq' | 'in-process' {
    return this.queues.enabled ? 'bullmq' : 'in-process';
  }

  /**
   * Jobs per queue and state; `stuck` (from the outbox, so it shows even when Redis has lost
   * everything) counts rows relayed longer than OUTBOX_RELAY_AGAIN_AFTER_MS ago and not done.
   */
  async counts(): Promise<QueueCounts[]> {
    const stuck = await this.stuck();
    return (await this.jobCounts()).map((q) => ({
      queue: q.queue,
      counts: { ...q.counts, stuck: stuck.get(q.queue) ?? 0 },
    }));
  }

  /** Outbox rows relayed but not done past the bound, per queue (every queue named). */
  async stuck(): Promise<Map<string, number>> {
    const found = await this.store.stuck(this.config.outboxRelayAgainMs);
    return new Map(JOB_QUEUES.map((q) => [q, found.get(q) ?? 0]));
  }

  /** Jobs per queue and state, without `stuck` (from BullMQ in server mode: fails while Redis is down). */
  async jobCounts(): Promise<QueueCounts[]> {
    if (this.queues.enabled) {
      return Promise.all(
        this.queues.all().map(async ({ name, queue }) => ({
          queue: name,
          counts: await queue.getJobCounts(
            'waiting',
            'active',
            'delayed',
            'completed',
            'failed',
            'prioritized',
            'waiting-children',
          ),
        })),
      );
    }
    const totals = new Map<string, Record<string, number>>(
      JOB_QUEUES.map((q) => [q, { pending: 0, running: 0, completed: 0, failed: 0 }]),
    );
    for (const { tenantId } of await this.store.tenants(true)) {
      const rows = (await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT queue, status, count(*)::int AS n FROM job_outbox WHERE tenant_id = $1 GROUP BY queue, status`,
          [tenantId],
        ),
      )) as { queue: string; status: string; n: number }[];
      for (const r of rows) {
        const key =
          r.status === 'pending'
            ? 'pending'
            : r.status === 'relayed'
              ? 'running'
              : r.status === 'done'
                ? 'completed'
                : 'failed';
        const t = totals.get(r.queue);
        if (t) t[key] += Number(r.n);
      }
    }
    return JOB_QUEUES.map((q) => ({ queue: q, counts: totals.get(q)! }));
  }

  async failed(queue: QueueName, limit = 50): Promise<FailedJob[]> {
    this.assertQueue(queue);
    if (this.queues.enabled) {
      const jobs = await this.queues.queue(queue).getFailed(0, limit - 1);
      return jobs.map((j) => ({
        id: j.id ?? '',
        name: j.name,
        tenantId: (j.data as { tenantId?: string })?.tenantId ?? null,
        attemptsMade: j.attemptsMade,
        failedReason: j.failedReason ?? '',
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      }));
    }
    const out: FailedJob[] = [];
    for (const { tenantId } of await this.store.tenants(true)) {
      const rows = (await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT id, job_name, attempts, last_error, finished_at FROM job_outbox WHERE tenant_id = $1 AND queue = $2 AND status = 'failed' ORDER BY finished_at DESC LIMIT $3`,
          [tenantId, queue, limit],
        ),
      )) as { id: string; job_name: string; attempts: number; last_error: string | null; finished_at: Date | null }[];
      out.push(
        ...rows.map((r) => ({
          id: `${tenantId}:${r.id}`,
          name: r.job_name,
          tenantId,
          attemptsMade: r.attempts,
          failedReason: r.last_error ?? '',
          failedAt: r.finished_at?.toISOString() ?? null,
        })),
      );
    }
    return out.slice(0, limit);
  }

  async retry(queue: QueueName, id: string): Promise<void> {
    this.assertQueue(queue);
    if (this.queues.enabled) {
      const job = await this.queues.queue(queue).getJob(id);
      if (!job || !(await job.isFailed())) throw new NotFoundException(problem(404, 'There is no such failed job.'));
      await job.retry('failed');
      return;
    }
    const [tenantId, outboxId] = id.split(':');
    const ok = /^[0-9a-f-]{36}$/i.test(tenantId ?? '') && /^[0-9a-f-]{36}$/i.test(outboxId ?? '');
    const res = ok
      ? await this.uow.forTenant({ tenantId }, (m) =>
          m.query(
            `UPDATE job_outbox SET status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), finished_at = NULL WHERE tenant_id = $1 AND id = $2 AND status = 'failed' AND queue = $3`,
            [tenantId, outboxId, queue],
          ),
        )
      : [[], 0];
    if (Number((res as unknown[])[1] ?? 0) !== 1)
      throw new NotFoundException(problem(404, 'There is no such failed job.'));
  }

  private assertQueue(queue: string): asserts queue is QueueName {
    if (!(JOB_QUEUES as readonly string[]).includes(queue))
      throw new NotFoundException(problem(404, `There is no queue "${queue}".`));
  }
}
