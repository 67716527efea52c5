import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import {
  CoverageFigures,
  CoverageQuery,
  CoverageResult,
  defaultCoveragePeriod,
  JOB_COACH_PROGRAMME,
  rate,
  SENCO_PROGRAMMES,
} from './coverage.model';
import { CoverageEnrolmentRow, CoverageStore } from './coverage.store';

const REAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (v: string) => REAL_DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const IN_TRAINING = ['enrolled', 'active', 'deferred'];
const FINISHED_WELL = ['completed', 'accredited'];
const ENDED = ['withdrawn', 'completed', 'accredited'];
const isSenco = (code: string) => (SENCO_PROGRAMMES as readonly string[]).includes(code);

/** The columns of the coverage subject's conditions over the organisations table (an LA is its own row). */
const LA_COLUMNS = { tenantId: 'tenant_id', laId: 'id' };

/**
 * Workforce coverage over a period, per LA and for the partnership: funded places against filled,
 * settings with a qualified SENCO (or one inside the window to qualify) against the settings REP
 * Hub knows, educational psychologists in training and in their tie-in, job coaches trained, and
 * completion and withdrawal rates. The workforce lead and the partnership lead read every LA, an
 * LA officer their own; training providers have none (their cohorts' places are on the cohorts'
 * pages). Counts only: no figure carries a participant's name, email or id.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  mayRead(): boolean {
    return this.auth.ability.can('read', 'WorkforceCoverage');
  }

  async coverage(
    query: CoverageQuery,
    opts: { export?: 'csv' | 'xlsx'; audit?: boolean } = {},
  ): Promise<CoverageResult> {
    if (!this.mayRead())
      throw new ForbiddenException(problem(403, 'Your role does not include workforce training coverage.'));
    const period = this.period(query);
    const { las, all } = await this.auth.inTenant(async (m) => ({
      las: await this.scopeLas(m),
      all: await this.allLaCount(m),
    }));
    const laIds = las.map((l) => l.id);
    // the lead's own units of work see no LA's participants: this one reads the LAs in scope and
    // keeps only counts (an officer's LAs are within their own already)
    return this.auth.inTenantWithLas(laIds, async (m) => {
      const places = await CoverageStore.places(m, this.auth.tenantId, laIds, period.from, period.to);
      const settings = await CoverageStore.settings(m, this.auth.tenantId, laIds);
      const enrolments = await CoverageStore.enrolments(m, this.auth.tenantId, laIds, period.from, period.to);
      const settingIds = [...new Set(enrolments.map((e) => e.settingId).filter((x): x is string => !!x))];
      const settingLa = new Map(
        (await CoverageStore.settingLas(m, this.auth.tenantId, settingIds)).map((s) => [s.id, s.laId]),
      );
      if (opts.audit !== false)
        await this.audit.record({
          action: opts.export ? 'workforce.coverage.export' : 'workforce.coverage.read',
          subjectType: 'WorkforceCoverage',
          subjectIds: laIds,
          details: { from: period.from, to: period.to, ...(opts.export ? { format: opts.export } : {}) },
        });
      const figures = (ids: Set<string>) =>
        this.figures(
          period.to,
          places.filter((x) => ids.has(x.laId)),
          settings.filter((x) => ids.has(x.laId)),
          enrolments.filter((x) => ids.has(x.laId)),
          (settingId) => ids.has(settingLa.get(settingId) ?? ''),
        );
      return {
        period,
        scope: las.length > 0 && las.length === all ? 'partnership' : 'la',
        las: las.map((l) => ({ laId: l.id, laName: l.name, ...figures(new Set([l.id])) })),
        partnership: figures(new Set(laIds)),
      };
    });
  }

  /** The period asked for, or the academic year to date; 400 naming `from` or `to`. */
  period(query: CoverageQuery): { from: string; to: string } {
    const errors: FieldError[] = [];
    const fallback = defaultCoveragePeriod();
    const text = (v: unknown) =>
      typeof v === 'string' && v.trim() !== '' ? v.trim() : v === undefined ? undefined : v;
    const from = text(query.from);
    const to = text(query.to);
    if (from !== undefined && (typeof from !== 'string' || !isRealDate(from)))
      errors.push({ field: 'from', message: 'Enter the start of the period as a real date, YYYY-MM-DD' });
    if (to !== undefined && (typeof to !== 'string' || !isRealDate(to)))
      errors.push({ field: 'to', message: 'Enter the end of the period as a real date, YYYY-MM-DD' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const period = {
      from: (from as string | undefined) ?? fallback.from,
      to: (to as string | undefined) ?? fallback.to,
    };
    if (period.from > period.to)
      throw new InvalidFieldsException([
        to !== undefined
          ? { field: 'to', message: 'The end of the period must be the same as or after its start' }
          : { field: 'from', message: 'The start of the period must be today or earlier' },
      ]);
    return period;
  }

  /** The LAs whose coverage the caller may read (the leads: every LA of the partnership), by name. */
  private scopeLas(m: EntityManager): Promise<{ id: string; name: string }[]> {
    const params: unknown[] = [this.auth.tenantId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'WorkforceCoverage', 'o', LA_COLUMNS), params);
    return m.query(
      `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.kind = 'local_authority' AND ${scope} ORDER BY o.name, o.id`,
      params,
    ) as Promise<{ id: string; name: string }[]>;
  }

  private async allLaCount(m: EntityManager): Promise<number> {
    const [row] = (await m.query(
      `SELECT count(*)::int AS n FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`,
      [this.auth.tenantId],
    )) as { n: number }[];
    return row.n;
  }

  private figures(
    to: string,
    places: { funded: number; filled: number }[],
    settings: { known: number }[],
    enrolments: CoverageEnrolmentRow[],
    settingHere: (settingId: string) => boolean,
  ): CoverageFigures {
    const funded = places.reduce((n, x) => n + x.funded, 0);
    const filled = places.reduce((n, x) => n + x.filled, 0);
    const known = settings.reduce((n, x) => n + x.known, 0);
    const qualified = new Set<string>();
    const inWindow = new Set<string>();
    for (const e of enrolments) {
      if (!e.settingId || !isSenco(e.programmeCode) || !settingHere(e.settingId)) continue;
      if (FINISHED_WELL.includes(e.statusAtEnd ?? '')) qualified.add(e.settingId);
      else if (IN_TRAINING.includes(e.statusAtEnd ?? '') && e.windowEndsOn !== null && e.windowEndsOn >= to)
        inWindow.add(e.settingId);
    }
    for (const s of qualified) inWindow.delete(s);
    const eps = enrolments.filter((e) => e.tieIn);
    const completed = enrolments.filter((e) => e.completedInPeriod).length;
    const withdrawn = enrolments.filter((e) => e.withdrawnInPeriod).length;
    const finished = enrolments.filter((e) => e.completedInPeriod || e.withdrawnInPeriod).length;
    const onCourse = enrolments.filter((e) => e.heldPlaceByEnd && !ENDED.includes(e.statusAtStart ?? '')).length;
    return {
      places: { funded, filled, filledRate: rate(filled, funded) },
      settings: {
        known,
        withQualifiedSenco: qualified.size,
        qualifiedSencoRate: rate(qualified.size, known),
        withSencoInWindow: inWindow.size,
        sencoInWindowRate: rate(inWindow.size, known),
      },
      educationalPsychologists: {
        inTraining: eps.filter((e) => IN_TRAINING.includes(e.statusAtEnd ?? '')).length,
        inTieIn: eps.filter(
          (e) => FINISHED_WELL.includes(e.statusAtEnd ?? '') && e.tieInEndsOn !== null && e.tieInEndsOn >= to,
        ).length,
      },
      jobCoaches: {
        trained: enrolments.filter((e) => e.programmeCode === JOB_COACH_PROGRAMME && e.completedInPeriod).length,
      },
      outcomes: {
        finished,
        completed,
        completionRate: rate(completed, finished),
        onCourse,
        withdrawn,
        withdrawalRate: rate(withdrawn, onCourse),
      },
    };
  }
}
