import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { defineJob, defineSchedule } from './job-definition';
import { HandlesJob, JobContext, JobHandler } from './job-handler';
import { OutboxStore } from './outbox';

/** An operator's end-to-end check of the job pipeline: waits `delayMs`, then records completion once. */
export const PROBE_JOB = defineJob<{ probeId: string; delayMs: number }>('maintenance.probe', 'maintenance', {
  attempts: 3,
});

/** How long the record of an email sent (its address, and in the development outbox its link) is kept. */
export const NOTIFICATION_RETENTION_DAYS = 90;

/** Nightly: forget finished outbox rows and probes after a week, and the record of each email after NOTIFICATION_RETENTION_DAYS. */
export const OUTBOX_RETENTION_JOB = defineJob('maintenance.outbox_retention', 'maintenance', { attempts: 3 });
defineSchedule({
  id: 'outbox-retention-nightly',
  job: OUTBOX_RETENTION_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '15 2 * * *',
});

@Injectable()
@HandlesJob(PROBE_JOB)
export class ProbeJobHandler implements JobHandler<{ probeId: string; delayMs: number }> {
  async handle(ctx: JobContext, payload: { probeId: string; delayMs: number }): Promise<void> {
    const delay = Math.max(0, Math.min(30_000, Number(payload.delayMs) || 0));
    if (delay) await new Promise((r) => setTimeout(r, delay));
    // idempotent: a job that runs twice (retry, stalled worker) records one completion
    await ctx.work((m) =>
      m.query(
        `UPDATE job_probes SET completed_at = now(), completed_attempt = $2 WHERE id = $1 AND completed_at IS NULL`,
        [payload.probeId, ctx.attempt],
      ),
    );
  }
}

@Injectable()
@HandlesJob(OUTBOX_RETENTION_JOB)
export class OutboxRetentionHandler implements JobHandler {
  constructor(
    private readonly store: OutboxStore,
    private readonly uow: UnitOfWork,
  ) {}

  async handle(): Promise<void> {
    for (const { tenantId } of await this.store.tenants(true)) {
      await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'done' AND finished_at < now() - interval '7 days'`,
          [tenantId],
        ),
      );
    }
    await this.uow.forPlatform(null, async (m) => {
      await m.query(`DELETE FROM job_probes WHERE requested_at < now() - interval '7 days'`);
      await m.query(`DELETE FROM notifications WHERE created_at < now() - make_interval(days => $1)`, [
        NOTIFICATION_RETENTION_DAYS,
      ]);
    });
  }
}
