import { Injectable, Logger } from '@nestjs/common';
import { defineJob, defineSchedule, HandlesJob, JobHandler, UnitOfWork, schoolToday } from '@rep-hub/platform';
import { ApRetentionService } from './retention.service';

/**
 * Nightly at 03:00 (UK time): each partnership's LAs' retention rules as of today. Expired
 * attendance and closed alerts are deleted; expired closed cases and pupils are anonymised (or
 * deleted where the LA chose it and the schema allows it). One audit event per LA and record type
 * names the records and counts them; a second run the same night changes nothing.
 */
export const AP_RETENTION_JOB = defineJob('ap.retention', 'maintenance', { attempts: 3 });
export const AP_RETENTION_SCHEDULE = defineSchedule({ id: 'ap-retention-nightly', job: AP_RETENTION_JOB, everyMs: 24 * 3600 * 1000, pattern: '0 3 * * *' });

@Injectable()
@HandlesJob(AP_RETENTION_JOB)
export class ApRetentionHandler implements JobHandler {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly retention: ApRetentionService,
    private readonly uow: UnitOfWork,
  ) {}

  async handle(): Promise<void> {
    const today = schoolToday();
    const tenants = (await this.uow.forPlatform(null, (m) => m.query(`SELECT id FROM tenants ORDER BY id`))) as { id: string }[];
    for (const { id } of tenants) {
      const done = await this.retention.applyRetention(id, today);
      if (done.length) this.logger.log({ job: AP_RETENTION_JOB.name, tenantId: id, changed: done.reduce((n, d) => n + d.count, 0) }, 'Retention applied');
    }
  }
}
