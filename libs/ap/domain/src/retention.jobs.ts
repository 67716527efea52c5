import { Injectable } from '@nestjs/common';
import { ContributesRetention, RetentionContributor, RetentionCount } from '@rep-hub/platform';
import { ApRetentionService } from './retention.service';

/**
 * Alternative provision's part of the nightly retention job (RETENTION_JOB, libs/platform: 03:00
 * UK time): each partnership's LAs' rules as of that day. Expired attendance and closed alerts
 * are deleted; expired closed cases and pupils are anonymised (or deleted where the LA chose it
 * and the schema allows it). One audit event per LA and record type names the records and counts
 * them; a second run the same night changes nothing.
 */
@Injectable()
@ContributesRetention()
export class ApRetention implements RetentionContributor {
  readonly module = 'alternative-provision';

  constructor(private readonly retention: ApRetentionService) {}

  async purgeTenant(tenantId: string, today: string): Promise<RetentionCount[]> {
    const done = await this.retention.applyRetention(tenantId, today);
    return done.map((d) => ({ what: `${d.recordType} (${d.action})`, count: d.count }));
  }
}
