import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { problem, schoolToday } from '@rep-hub/platform';
import { academicYearOf } from './academic-year';
import { RegionalLaLine, RegionalView } from './regional.model';
import { SufficiencyService } from './sufficiency.service';
import { PLACE_TYPES } from './themes';

/**
 * The partnership lead's view of every LA's plan side by side: the latest version's status, when
 * the version in force was published, the review date and whether it has passed, the overdue
 * actions and the sufficiency gaps by place type for one academic year. Nothing about a child.
 */
@Injectable()
export class RegionalService {
  constructor(
    private readonly auth: AuthContext,
    private readonly sufficiency: SufficiencyService,
  ) {}

  async view(academicYear = academicYearOf(), today = schoolToday()): Promise<RegionalView> {
    if (!this.auth.ability.can('read', 'InclusionPlansRegional'))
      throw new ForbiddenException(problem(403, 'Only the partnership lead sees the regional view.'));
    const rows = await this.auth.inTenant(
      async (m) =>
        (await m.query(
          `SELECT o.id AS la_id, o.name AS la_name, o.la_number, pl.id AS plan_id, pl.title,
                  to_char(pl.review_on, 'YYYY-MM-DD') AS review_on,
                  latest.status AS latest_status, latest.number AS latest_number, pub.published_at,
                  (SELECT count(*)::int FROM inclusion_plan_actions a
                    WHERE a.tenant_id = pl.tenant_id AND a.plan_id = pl.id AND (a.la_id IS NULL OR a.la_id = o.id)
                      AND a.status IN ('not_started', 'in_progress') AND a.due_on < $2::date) AS overdue_actions
             FROM organisations o
             LEFT JOIN inclusion_plan_las l ON l.tenant_id = o.tenant_id AND l.la_id = o.id
             LEFT JOIN inclusion_plans pl ON pl.tenant_id = l.tenant_id AND pl.id = l.plan_id
             LEFT JOIN LATERAL (SELECT v.status, v.number FROM inclusion_plan_versions v
                                 WHERE v.tenant_id = pl.tenant_id AND v.plan_id = pl.id ORDER BY v.number DESC LIMIT 1) latest ON true
             LEFT JOIN inclusion_plan_versions pub ON pub.tenant_id = pl.tenant_id AND pub.plan_id = pl.id AND pub.status = 'published'
            WHERE o.tenant_id = $1 AND o.kind = 'local_authority' AND o.status = 'active'
            ORDER BY o.name, o.id`,
          [this.auth.tenantId, today],
        )) as {
          la_id: string;
          la_name: string;
          la_number: string | null;
          plan_id: string | null;
          title: string | null;
          review_on: string | null;
          latest_status: string | null;
          latest_number: number | null;
          published_at: Date | null;
          overdue_actions: number;
        }[],
    );
    const sufficiency = await this.sufficiency.forYear(academicYear);
    const las: RegionalLaLine[] = rows.map((r) => {
      const gaps: Record<string, number | null> = {};
      for (const t of PLACE_TYPES) {
        const mine = sufficiency.filter((s) => s.laId === r.la_id && s.planId === r.plan_id && s.placeType === t.code);
        gaps[t.code] = mine.length && mine.every((s) => s.gap !== null) ? mine.reduce((n, s) => n + s.gap!, 0) : null;
      }
      return {
        laId: r.la_id,
        laName: r.la_name,
        laNumber: r.la_number,
        plan: r.plan_id
          ? {
              id: r.plan_id,
              title: r.title!,
              latestStatus: r.latest_status ?? 'draft',
              latestNumber: r.latest_number ?? 0,
              publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
              reviewOn: r.review_on!,
              reviewOverdue: r.review_on! < today,
            }
          : null,
        overdueActions: r.plan_id ? r.overdue_actions : 0,
        gaps,
      };
    });
    return { academicYear, today, placeTypes: PLACE_TYPES.map((p) => ({ code: p.code, name: p.name })), las };
  }
}
