import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, isUuid, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { isAcademicYear } from './academic-year';
import { CommissionedPlacesSource } from './commissioned-places';
import { SufficiencyInput, SufficiencyRow } from './sufficiency.model';
import { PLACE_TYPES } from './themes';

const MAX_PLACES = 1_000_000;
const isAp = (placeType: string) => placeType.startsWith('ap_');
const placeTypeName = (code: string) => PLACE_TYPES.find((p) => p.code === code)?.name ?? code;

interface Row {
  id: string;
  plan_id: string;
  la_id: string;
  la_name: string;
  place_type: string;
  academic_year: string;
  current_places: number | null;
  forecast_demand: number;
  action_id: string | null;
  action_title: string | null;
  action_status: string | null;
  updated_at: Date;
  version: number;
}

const SELECT_ROWS = `SELECT s.id, s.plan_id, s.la_id, o.name AS la_name, s.place_type, s.academic_year, s.current_places,
        s.forecast_demand, s.action_id, a.title AS action_title, a.status AS action_status, s.updated_at, s.version
   FROM inclusion_plan_sufficiency s
   JOIN organisations o ON o.tenant_id = s.tenant_id AND o.id = s.la_id
   LEFT JOIN inclusion_plan_actions a ON a.tenant_id = s.tenant_id AND a.id = s.action_id`;

/** A whole number of places from a number or a form's string; undefined when it is neither. */
function wholeNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_PLACES ? n : undefined;
}
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Sufficiency of a plan's places: per LA, place type and academic year, the places there are now
 * (typed for special schools and resourced provision; AP's commissioned places read through the
 * COMMISSIONED_PLACES contract), the demand forecast, the gap and the plan's action closing it.
 * Figures of places, not of children: nothing here comes from a child's record.
 */
@Injectable()
export class SufficiencyService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly places: CommissionedPlacesSource,
  ) {}

  /** The plan's rows by LA, place type and year, with the AP places of each year they name. */
  async list(planId: string): Promise<SufficiencyRow[]> {
    this.mayRead();
    if (!isUuid(planId)) throw this.notFound();
    const rows = await this.auth.inTenant(async (m) => {
      await this.findPlan(m, planId);
      return (await m.query(
        `${SELECT_ROWS} WHERE s.tenant_id = $1 AND s.plan_id = $2 ORDER BY o.name, s.academic_year, s.place_type`,
        [this.auth.tenantId, planId],
      )) as Row[];
    });
    return this.withCurrent(rows);
  }

  /** What the sufficiency page needs of the plan: its title, LAs and actions (404 when not in this partnership). */
  async planContext(
    planId: string,
  ): Promise<{ title: string; las: { id: string; name: string }[]; actions: { id: string; title: string }[] }> {
    this.mayRead();
    if (!isUuid(planId)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const [plan] = (await m.query(`SELECT title FROM inclusion_plans WHERE tenant_id = $1 AND id = $2`, [
        this.auth.tenantId,
        planId,
      ])) as { title: string }[];
      if (!plan) throw this.notFound();
      const las = (await m.query(
        `SELECT o.id, o.name FROM inclusion_plan_las l JOIN organisations o ON o.tenant_id = l.tenant_id AND o.id = l.la_id
          WHERE l.tenant_id = $1 AND l.plan_id = $2 ORDER BY o.name`,
        [this.auth.tenantId, planId],
      )) as { id: string; name: string }[];
      const actions = (await m.query(
        `SELECT id, title FROM inclusion_plan_actions WHERE tenant_id = $1 AND plan_id = $2 AND status <> 'cancelled' ORDER BY due_on, title`,
        [this.auth.tenantId, planId],
      )) as { id: string; title: string }[];
      return { title: plan.title, las, actions };
    });
  }

  /** Rows of every plan of the partnership for one academic year (the regional view), with AP places. */
  async forYear(academicYear: string): Promise<SufficiencyRow[]> {
    const rows = await this.auth.inTenant(
      async (m) =>
        (await m.query(`${SELECT_ROWS} WHERE s.tenant_id = $1 AND s.academic_year = $2`, [
          this.auth.tenantId,
          academicYear,
        ])) as Row[],
    );
    return this.withCurrent(rows);
  }

  /**
   * Adds a row (no `version`) or changes one (`version` as read: 409 when it changed since). An
   * LA's officers set their own LA's rows, the lead any LA's of the plan; AP rows take no current
   * places (they are AP's commissioned places); the action must be one of this plan's.
   */
  async upsert(planId: string, input: SufficiencyInput): Promise<SufficiencyRow> {
    if (!isUuid(planId)) throw this.notFound();
    const errors: FieldError[] = [];
    const laId = typeof input.laId === 'string' && isUuid(input.laId) ? input.laId.toLowerCase() : undefined;
    if (!laId) errors.push({ field: 'laId', message: 'Select the local authority' });
    const placeType = typeof input.placeType === 'string' ? input.placeType : '';
    if (!PLACE_TYPES.some((p) => p.code === placeType))
      errors.push({ field: 'placeType', message: 'Select the type of place' });
    const academicYear = typeof input.academicYear === 'string' ? input.academicYear.trim() : '';
    if (!isAcademicYear(academicYear))
      errors.push({ field: 'academicYear', message: 'Enter the academic year like 2026/27' });
    let currentPlaces: number | null = null;
    if (isAp(placeType)) {
      if (!blank(input.currentPlaces))
        errors.push({
          field: 'currentPlaces',
          message: 'Leave current places empty for alternative provision: they are the places the LA commissions',
        });
    } else if (PLACE_TYPES.some((p) => p.code === placeType)) {
      const n = wholeNumber(input.currentPlaces);
      if (n === undefined)
        errors.push({
          field: 'currentPlaces',
          message: 'Enter the current places, a whole number from 0 to 1,000,000',
        });
      else currentPlaces = n;
    }
    const forecastDemand = wholeNumber(input.forecastDemand);
    if (forecastDemand === undefined)
      errors.push({
        field: 'forecastDemand',
        message: 'Enter the forecast demand, a whole number from 0 to 1,000,000',
      });
    let actionId: string | null = null;
    if (!blank(input.actionId)) {
      if (typeof input.actionId === 'string' && isUuid(input.actionId)) actionId = input.actionId.toLowerCase();
      else errors.push({ field: 'actionId', message: 'Select one of the plan’s actions' });
    }
    let version: number | null = null;
    if (!blank(input.version)) {
      const v = wholeNumber(input.version);
      if (v === undefined || v < 1) errors.push({ field: 'version', message: 'version must be a whole number from 1' });
      else version = v;
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    if (
      !this.auth.ability.can(
        'update',
        subject('InclusionPlanSufficiency', { tenantId: this.auth.tenantId, laId: laId! }) as never,
      )
    )
      throw new ForbiddenException(problem(403, 'You can set the sufficiency of your own local authority only.'));

    const row = await this.auth.inTenant(async (m) => {
      await this.findPlan(m, planId);
      const [inPlan] = (await m.query(
        `SELECT 1 FROM inclusion_plan_las WHERE tenant_id = $1 AND plan_id = $2 AND la_id = $3`,
        [this.auth.tenantId, planId, laId],
      )) as unknown[];
      if (!inPlan)
        throw new InvalidFieldsException([{ field: 'laId', message: 'Select a local authority of this plan' }]);
      if (actionId) {
        const [action] = (await m.query(
          `SELECT 1 FROM inclusion_plan_actions WHERE tenant_id = $1 AND plan_id = $2 AND id = $3`,
          [this.auth.tenantId, planId, actionId],
        )) as unknown[];
        if (!action)
          throw new InvalidFieldsException([{ field: 'actionId', message: 'Select one of the plan’s actions' }]);
      }
      const values = [
        this.auth.tenantId,
        planId,
        laId,
        placeType,
        academicYear,
        currentPlaces,
        forecastDemand,
        actionId,
        this.auth.principal.userId,
      ];
      let id: string | undefined;
      if (version === null) {
        const [made] = (await m.query(
          `INSERT INTO inclusion_plan_sufficiency (tenant_id, plan_id, la_id, place_type, academic_year, current_places, forecast_demand, action_id, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (tenant_id, plan_id, la_id, place_type, academic_year) DO NOTHING RETURNING id`,
          values,
        )) as { id: string }[];
        if (!made)
          throw new ConflictException(
            problem(409, 'There is a row for this LA, place type and year already: send its version to change it.'),
          );
        id = made.id;
      } else {
        const changed = (await m.query(
          `UPDATE inclusion_plan_sufficiency
              SET current_places = $6, forecast_demand = $7, action_id = $8, updated_by = $9, updated_at = now(), version = version + 1
            WHERE tenant_id = $1 AND plan_id = $2 AND la_id = $3 AND place_type = $4 AND academic_year = $5 AND version = $10
            RETURNING id`,
          [...values, version],
        )) as [{ id: string }[], number] | { id: string }[];
        const rows = Array.isArray(changed[0]) ? (changed[0] as { id: string }[]) : (changed as { id: string }[]);
        if (!rows.length)
          throw new ConflictException(
            problem(409, 'This row changed (or was removed) since you read it. Read it again and make your change.'),
          );
        id = rows[0].id;
      }
      await this.audit.record({
        action: version === null ? 'plans.sufficiency.create' : 'plans.sufficiency.update',
        subjectType: 'InclusionPlanSufficiency',
        subjectIds: [planId, id],
        laId: laId!,
        details: { placeType, academicYear, forecastDemand: forecastDemand!, currentPlaces },
      });
      const [r] = (await m.query(`${SELECT_ROWS} WHERE s.tenant_id = $1 AND s.id = $2`, [
        this.auth.tenantId,
        id,
      ])) as Row[];
      return r;
    });
    const [out] = await this.withCurrent([row]);
    return out;
  }

  /** AP rows get their current places from the contract (one read per year named), then the gap. */
  private async withCurrent(rows: Row[]): Promise<SufficiencyRow[]> {
    const years = [...new Set(rows.filter((r) => isAp(r.place_type)).map((r) => r.academic_year))];
    const ap = new Map<string, Map<string, number> | null>();
    for (const y of years) ap.set(y, await this.places.byLaAndType(y));
    return rows.map((r) => {
      let current: number | null = r.current_places;
      let source: SufficiencyRow['currentSource'] = 'typed';
      if (isAp(r.place_type)) {
        const byLa = ap.get(r.academic_year);
        current = byLa ? (byLa.get(`${r.la_id}|${r.place_type}`) ?? 0) : null;
        source = byLa ? 'ap_commissioned' : 'unavailable';
      }
      return {
        id: r.id,
        planId: r.plan_id,
        laId: r.la_id,
        laName: r.la_name,
        placeType: r.place_type,
        placeTypeName: placeTypeName(r.place_type),
        academicYear: r.academic_year,
        currentPlaces: current,
        currentSource: source,
        forecastDemand: r.forecast_demand,
        gap: current === null ? null : r.forecast_demand - current,
        action: r.action_id ? { id: r.action_id, title: r.action_title!, status: r.action_status! } : null,
        updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : String(r.updated_at),
        version: r.version,
      };
    });
  }

  private mayRead(): void {
    if (!this.auth.ability.can('read', 'InclusionPlanSufficiency'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private async findPlan(m: EntityManager, planId: string): Promise<void> {
    const [plan] = (await m.query(`SELECT 1 FROM inclusion_plans WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      planId,
    ])) as unknown[];
    if (!plan) throw this.notFound();
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such plan in this partnership.'));
  }
}
