import { Injectable } from '@nestjs/common';
import { defineJob, defineSchedule, HandlesJob, JobHandler } from '@rep-hub/platform';
import { AuditSealer } from './audit-sealer';

/** Seals committed audit rows into each tenant's chain; one run at a time per tenant (advisory lock). */
export const AUDIT_SEAL_JOB = defineJob('audit.seal_all', 'audit', { attempts: 3 });
defineSchedule({ id: 'audit-seal', job: AUDIT_SEAL_JOB, everyMs: 60_000 });

@Injectable()
@HandlesJob(AUDIT_SEAL_JOB)
export class AuditSealJobHandler implements JobHandler {
  constructor(private readonly sealer: AuditSealer) {}

  async handle(): Promise<void> {
    await this.sealer.sealAll();
  }
}
