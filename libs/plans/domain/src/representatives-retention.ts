import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { ContributesRetention, RetentionContributor, RetentionCount, rowsOf, UnitOfWork } from '@rep-hub/platform';

/** How long a representative's name, role and work email are kept after they stopped representing their organisation. */
export const REPRESENTATIVE_RETENTION_YEARS = 6;

/**
 * Local inclusion plans' part of the nightly retention job (RETENTION_JOB, libs/platform): a
 * representative of a local partnership's member organisation (an adult's name, role and work
 * email) whose `to_on` is more than REPRESENTATIVE_RETENTION_YEARS before the night's date is
 * deleted with their attendance rows, and one audit event per LA names the ids removed. A
 * representative with no end date is serving and kept. A second run the same night deletes nothing.
 */
@Injectable()
@ContributesRetention()
export class PlansRetention implements RetentionContributor {
  readonly module = 'inclusion-plans';

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async purgeTenant(tenantId: string, today: string): Promise<RetentionCount[]> {
    const removed = await this.uow.forTenant({ tenantId, actorId: null }, async (m) => {
      const rows = rowsOf<{ id: string; la_id: string }>(
        await m.query(
          `DELETE FROM local_partnership_representatives r
          USING local_partnership_members mb, local_partnerships lp
          WHERE r.tenant_id = $1 AND mb.tenant_id = r.tenant_id AND mb.id = r.member_id
            AND lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
            AND r.to_on IS NOT NULL AND r.to_on < ($2::date - make_interval(years => $3))::date
          RETURNING r.id, lp.la_id`,
          [tenantId, today, REPRESENTATIVE_RETENTION_YEARS],
        ),
      );
      for (const laId of [...new Set(rows.map((r) => r.la_id))]) {
        const ids = rows.filter((r) => r.la_id === laId).map((r) => r.id);
        await this.audit.record({
          action: 'plans.representative.retention_delete',
          subjectType: 'LocalPartnershipRepresentative',
          subjectIds: ids,
          laId,
          details: { count: ids.length, today, years: REPRESENTATIVE_RETENTION_YEARS },
        });
      }
      return rows.length;
    });
    return removed ? [{ what: 'local partnership representatives (deleted)', count: removed }] : [];
  }
}
