import { Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import {
  IndicatorDefinition,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
  PublishesIndicators,
} from '@rep-hub/contracts';
import { academicYearOf } from './academic-year';
import { SufficiencyService } from './sufficiency.service';
import { PLACE_TYPES } from './themes';

const percent = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

const DEFINITIONS: IndicatorDefinition[] = [
  {
    code: 'plans.actions_on_track',
    name: 'Plan actions on track',
    unit: 'percentage',
    numerator: 'Actions done, or open, rated green and not past their due date, at the end of the period',
    denominator: 'Actions of the plans not cancelled, created by the end of the period',
    direction: 'higher_is_better',
    levels: ['la', 'partnership'],
  },
  {
    code: 'plans.plans_published_in_date',
    name: 'Plans published and within their review date',
    unit: 'percentage',
    numerator: 'Plans with a published version whose review date had not passed at the end of the period',
    denominator: 'Plans (for an LA: its plan)',
    direction: 'higher_is_better',
    levels: ['la', 'partnership'],
  },
  ...PLACE_TYPES.map((t): IndicatorDefinition => ({
    code: `plans.sufficiency_gap.${t.code}`,
    name: `Places short: ${t.name}`,
    unit: 'count',
    numerator: `Forecast demand less current places (${t.name}) in the academic year of the period's end, over the plans' rows; negative when places are spare`,
    denominator: null,
    direction: 'lower_is_better',
    levels: ['la', 'partnership'],
  })),
];

/**
 * What local inclusion plans publish to the other modules (evaluation, the National Board's
 * returns), in the caller's own unit of work: how many actions are on track, whether plans are
 * published and in date, and the places short by type. None of these comes from a child's record
 * (actions and plans are the partnership's; places are places).
 */
@Injectable()
@PublishesIndicators()
export class PlansIndicators implements IndicatorPublisher {
  readonly module = 'inclusion-plans';

  constructor(
    private readonly auth: AuthContext,
    private readonly sufficiency: SufficiencyService,
  ) {}

  definitions(): readonly IndicatorDefinition[] {
    return DEFINITIONS;
  }

  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    const asAt = period.to;
    const { las, actions, plans } = await this.auth.inTenant(async (m) => {
      const las = (await m.query(
        `SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' AND status = 'active' ORDER BY name, id`,
        [this.auth.tenantId],
      )) as { id: string }[];
      // an action for the whole plan counts for each of its LAs, and once for the partnership
      const actions = (await m.query(
        `SELECT a.id, a.la_id, array_agg(l.la_id::text) AS plan_las,
                (a.status = 'done' OR (a.status IN ('not_started', 'in_progress') AND a.rag = 'green' AND a.due_on >= $2::date)) AS on_track
           FROM inclusion_plan_actions a
           JOIN inclusion_plan_las l ON l.tenant_id = a.tenant_id AND l.plan_id = a.plan_id
          WHERE a.tenant_id = $1 AND a.status <> 'cancelled' AND a.created_at < ($2::date + 1)
          GROUP BY a.tenant_id, a.id`,
        [this.auth.tenantId, asAt],
      )) as { id: string; la_id: string | null; plan_las: string[]; on_track: boolean }[];
      const plans = (await m.query(
        `SELECT pl.id, array_agg(l.la_id::text) AS las,
                EXISTS (SELECT 1 FROM inclusion_plan_versions v WHERE v.tenant_id = pl.tenant_id AND v.plan_id = pl.id
                          AND v.published_at < ($2::date + 1) AND (v.superseded_at IS NULL OR v.superseded_at >= ($2::date + 1)))
                  AND pl.review_on >= $2::date AS in_date
           FROM inclusion_plans pl JOIN inclusion_plan_las l ON l.tenant_id = pl.tenant_id AND l.plan_id = pl.id
          WHERE pl.tenant_id = $1
          GROUP BY pl.tenant_id, pl.id`,
        [this.auth.tenantId, asAt],
      )) as { id: string; las: string[]; in_date: boolean }[];
      return { las, actions, plans };
    });
    const rows = await this.sufficiency.forYear(academicYearOf(asAt));
    const out: IndicatorValue[] = [];
    const scopes: (string | null)[] = [...las.map((l) => l.id), null];
    for (const laId of scopes) {
      const mine = actions.filter(
        (a) => laId === null || a.la_id === laId || (a.la_id === null && a.plan_las.includes(laId)),
      );
      const onTrack = mine.filter((a) => a.on_track).length;
      out.push({
        code: 'plans.actions_on_track',
        laId,
        numerator: onTrack,
        denominator: mine.length,
        value: percent(onTrack, mine.length),
      });
      const ps = plans.filter((p) => laId === null || p.las.includes(laId));
      const inDate = ps.filter((p) => p.in_date).length;
      out.push({
        code: 'plans.plans_published_in_date',
        laId,
        numerator: inDate,
        denominator: ps.length,
        value: percent(inDate, ps.length),
      });
      for (const t of PLACE_TYPES) {
        const gaps = rows.filter((r) => r.placeType === t.code && (laId === null || r.laId === laId));
        const known = gaps.length > 0 && gaps.every((r) => r.gap !== null);
        const sum = known ? gaps.reduce((n, r) => n + r.gap!, 0) : null;
        out.push({ code: `plans.sufficiency_gap.${t.code}`, laId, numerator: sum, denominator: null, value: sum });
      }
    }
    return out;
  }
}
