import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../database/unit-of-work';
import { NIL_TENANT } from '../database/rls';
import { assertSafePayload, JobDefinition, JobPayload } from './job-definition';
import { JobKicker } from './job-kicker';

/**
 * Enqueues work through the transactional outbox: the job's intent is a row written in the open
 * unit of work, so it commits (or rolls back) with the change that causes it. A relay moves it to
 * BullMQ after commit; with no Redis, the in-process runner takes it. The idempotency key is a
 * business key: the same key twice in one tenant is one job. In the board's unit of work (which
 * has no tenant and may not write the outbox) the job is a platform one, written through the
 * board's one door into the outbox.
 */
@Injectable()
export class JobQueue {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cls: ClsService,
    private readonly kicker: JobKicker,
  ) {}

  async enqueue<P extends JobPayload>(
    job: JobDefinition<P>,
    payload: P,
    options: { idempotencyKey: string; delayMs?: number },
  ): Promise<{ enqueued: boolean }> {
    assertSafePayload(payload);
    if (!options.idempotencyKey || options.idempotencyKey.length > 200)
      throw new TypeError('idempotencyKey must be 1 to 200 characters');
    const ctx = this.uow.context; // throws when no unit of work is open
    const tenantId = ctx.tenantId ?? NIL_TENANT;
    const correlationId = this.cls.isActive() ? ((this.cls.getId() as string | undefined) ?? null) : null;
    if (ctx.board) return this.enqueueForBoard(job, payload, options, correlationId);
    const res = await this.uow.manager.query(
      `INSERT INTO job_outbox (tenant_id, id, job_name, queue, idempotency_key, actor_id, correlation_id, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp() + make_interval(secs => $9))
       ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        tenantId,
        randomUUID(),
        job.name,
        job.queue,
        options.idempotencyKey,
        ctx.actorId,
        correlationId,
        JSON.stringify(payload),
        (options.delayMs ?? 0) / 1000,
      ],
    );
    const enqueued = Array.isArray(res) && res.length > 0;
    if (enqueued) this.kicker.kick();
    return { enqueued };
  }

  /**
   * A job with no tenant from the board's unit of work (a board pack to build): the board role
   * has no privilege on the outbox, so `national.enqueue_board_job` writes the platform row (the
   * nil tenant, no actor) in the board's own transaction; the handler runs as platform work.
   */
  private async enqueueForBoard<P extends JobPayload>(
    job: JobDefinition<P>,
    payload: P,
    options: { idempotencyKey: string; delayMs?: number },
    correlationId: string | null,
  ): Promise<{ enqueued: boolean }> {
    const [row] = (await this.uow.manager.query(
      `SELECT national.enqueue_board_job($1, $2, $3, $4, $5::jsonb, $6) AS id`,
      [
        job.name,
        job.queue,
        options.idempotencyKey,
        correlationId,
        JSON.stringify(payload),
        (options.delayMs ?? 0) / 1000,
      ],
    )) as { id: string | null }[];
    const enqueued = !!row?.id;
    if (enqueued) this.kicker.kick();
    return { enqueued };
  }
}
