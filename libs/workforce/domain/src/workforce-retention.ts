import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { ContributesRetention, RetentionContributor, RetentionCount, rowsOf, UnitOfWork } from '@rep-hub/platform';

/** How long a participant's name and work email are kept after their last enrolment closed (or their tie-in or window ended). */
export const PARTICIPANT_RETENTION_YEARS = 6;
/** How long a participant recorded but never enrolled is kept. */
export const UNENROLLED_RETENTION_YEARS = 1;

/**
 * Workforce training's part of the nightly retention job (RETENTION_JOB, libs/platform). A
 * participant is de-identified (name, work email and the date they took up the post removed; the
 * role, setting, LA and enrolments stay, so the training figures stand) once every enrolment of
 * theirs is closed (withdrawn, completed or accredited) and PARTICIPANT_RETENTION_YEARS have passed
 * since the last of its closing, its tie-in end and its qualification window end; or, never
 * enrolled, UNENROLLED_RETENTION_YEARS after they were recorded. One audit event per LA names the
 * ids; a second run the same night changes nothing.
 */
@Injectable()
@ContributesRetention()
export class WorkforceRetention implements RetentionContributor {
  readonly module = 'workforce';

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async purgeTenant(tenantId: string, today: string): Promise<RetentionCount[]> {
    const las = (await this.uow.forTenant({ tenantId, actorId: null }, (m) =>
      m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [tenantId]),
    )) as { id: string }[];
    if (!las.length) return [];
    const removed = await this.uow.forTenant({ tenantId, actorId: null, laIds: las.map((l) => l.id) }, async (m) => {
      const result: unknown = await m.query(
        `UPDATE workforce_participants w
            SET full_name = 'Removed under retention', work_email = 'removed-' || w.id || '@retention.invalid',
                took_up_post_on = NULL, updated_at = now(), version = version + 1
          WHERE w.tenant_id = $1 AND w.work_email NOT LIKE 'removed-%@retention.invalid'
            AND CASE
              WHEN NOT EXISTS (SELECT 1 FROM workforce_enrolments e WHERE e.tenant_id = w.tenant_id AND e.participant_id = w.id)
                THEN w.created_at::date < ($2::date - make_interval(years => $4))::date
              ELSE NOT EXISTS (SELECT 1 FROM workforce_enrolments e WHERE e.tenant_id = w.tenant_id AND e.participant_id = w.id
                                  AND e.status NOT IN ('withdrawn', 'completed', 'accredited'))
               AND (SELECT max(greatest(e.status_changed_at::date, e.tie_in_ends_on, e.qualification_window_ends_on))
                      FROM workforce_enrolments e WHERE e.tenant_id = w.tenant_id AND e.participant_id = w.id)
                   < ($2::date - make_interval(years => $3))::date
            END
          RETURNING w.id, w.la_id`,
        [tenantId, today, PARTICIPANT_RETENTION_YEARS, UNENROLLED_RETENTION_YEARS],
      );
      const rows = rowsOf<{ id: string; la_id: string }>(result);
      for (const laId of [...new Set(rows.map((r) => r.la_id))]) {
        const ids = rows.filter((r) => r.la_id === laId).map((r) => r.id);
        await this.audit.record({
          action: 'workforce.participant.retention_deidentify',
          subjectType: 'WorkforceParticipant',
          subjectIds: ids,
          laId,
          details: { count: ids.length, today, years: PARTICIPANT_RETENTION_YEARS },
        });
      }
      return rows.length;
    });
    return removed ? [{ what: 'workforce participants (de-identified)', count: removed }] : [];
  }
}
