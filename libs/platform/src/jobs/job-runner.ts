import { Injectable, Logger } from '@nestjs/common';
import { NIL_TENANT } from '../database/rls';
import { UnitOfWork } from '../database/unit-of-work';
import { JobEnvelope } from './job-definition';
import { JobContext } from './job-handler';
import { JobRegistry } from './job-registry';

/** An error safe to keep with a failed job: its class and code, never its message (which may hold values). */
export class JobFailedError extends Error {
  constructor(cause: unknown) {
    const e = cause as { name?: string; code?: string; driverError?: { code?: string } };
    const code = e?.code ?? e?.driverError?.code;
    super(`${e?.name ?? 'Error'}${code ? ` (${code})` : ''}`);
    this.name = 'JobFailedError';
  }
}

/** Runs one job envelope through its handler; shared by the BullMQ worker and the in-process runner. */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly registry: JobRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  async run(envelope: JobEnvelope, attempt: number): Promise<void> {
    const handler = this.registry.handler(envelope.name);
    if (!handler) throw new JobFailedError({ name: 'NoHandler' });
    const platform = envelope.tenantId === NIL_TENANT;
    const ctx: JobContext = {
      envelope,
      attempt,
      work: (fn) =>
        platform
          ? this.uow.forPlatform(envelope.actorId, fn)
          : this.uow.forTenant({ tenantId: envelope.tenantId, actorId: envelope.actorId }, fn),
    };
    const started = Date.now();
    try {
      await handler.handle(ctx, envelope.payload);
      this.logger.log(
        { job: envelope.name, outboxId: envelope.outboxId, attempt, ms: Date.now() - started },
        'Job done',
      );
    } catch (error) {
      this.logger.warn({ job: envelope.name, outboxId: envelope.outboxId, attempt, err: error }, 'Job failed');
      throw new JobFailedError(error);
    }
  }

  /** Records the outcome on the outbox row (done, or failed for good). */
  async finish(envelope: JobEnvelope, outcome: 'done' | 'failed', error?: string): Promise<void> {
    if (!envelope.outboxId || envelope.outboxId === 'schedule') return;
    await this.uow.forTenant({ tenantId: envelope.tenantId, actorId: null }, (m) =>
      m.query(
        `UPDATE job_outbox SET status = $3, finished_at = clock_timestamp(), last_error = $4 WHERE tenant_id = $1 AND id = $2`,
        [envelope.tenantId, envelope.outboxId, outcome, error ?? null],
      ),
    );
  }
}
