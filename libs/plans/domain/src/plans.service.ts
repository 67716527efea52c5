import { subject } from '@casl/ability';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, isRealDate, longDate, problem, UUID_PATTERN } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';
import { PlanStore } from './plan-store';
import {
  EDITABLE_STATUSES,
  NewPlanInput,
  OPEN_STATUSES,
  PLAN_DATE_RANGE,
  PLAN_STATUS_LABELS,
  PLAN_TRANSITIONS,
  PlanAction,
  PlanMemberDecision,
  PlanSectionView,
  PlanSummary,
  PlanVersionSummary,
  PlanVersionView,
  PlanView,
  SectionEditInput,
} from './plans.model';
import { checkSafeText, SAFE_TEXT_MAX_LENGTH } from './safe-text';
import { CURRENT_THEMES, PLAN_SECTIONS } from './themes';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** The field errors of a section's text and themes (the API's DTO and the edit page share them). */
export function sectionProblems(body: unknown, themes: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof body !== 'string') errors.push({ field: 'body', message: 'Enter the section’s text (it may be empty)' });
  else
    for (const p of checkSafeText(body, { maxLength: SAFE_TEXT_MAX_LENGTH }))
      errors.push({ field: 'body', message: p.message });
  if (!Array.isArray(themes) || themes.some((t) => typeof t !== 'string'))
    errors.push({ field: 'themes', message: 'themes must be a list of theme codes' });
  else {
    const codes = CURRENT_THEMES.themes.map((t) => t.code);
    const unknown = themes.filter((t) => !codes.includes(t as string));
    if (unknown.length)
      errors.push({
        field: 'themes',
        message: `${unknown.map((u) => `“${String(u).slice(0, 60)}”`).join(', ')} ${unknown.length === 1 ? 'is not a theme' : 'are not themes'} of the list ${CURRENT_THEMES.version}`,
      });
    else if (new Set(themes).size !== themes.length)
      errors.push({ field: 'themes', message: 'Choose each theme once' });
  }
  return errors;
}

/** The field errors of a new plan's title, period and review date (the API's DTO and the page share them). */
export function newPlanProblems(input: NewPlanInput): FieldError[] {
  const errors: FieldError[] = [];
  const title = text(input.title);
  if (!title) errors.push({ field: 'title', message: 'Enter the plan’s title' });
  else if (title.length > 200) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' });
  const { from, to } = PLAN_DATE_RANGE;
  const inRange = (d: string) => d >= from && d <= to;
  const dates: Record<string, string | undefined> = {};
  for (const [field, label] of [
    ['periodStart', 'the first day of the plan’s period'],
    ['periodEnd', 'the last day of the plan’s period'],
    ['reviewOn', 'the date the plan is to be reviewed'],
  ] as const) {
    const v = text(input[field]);
    if (!isRealDate(v)) errors.push({ field, message: `Enter ${label} as YYYY-MM-DD` });
    else if (!inRange(v))
      errors.push({ field, message: `Enter ${label} between ${longDate(from)} and ${longDate(to)}` });
    else dates[field] = v;
  }
  const { periodStart, periodEnd, reviewOn } = dates;
  if (periodStart && periodEnd && periodEnd <= periodStart)
    errors.push({ field: 'periodEnd', message: 'The period must end after it starts' });
  if (periodStart && reviewOn && reviewOn < periodStart)
    errors.push({ field: 'reviewOn', message: 'The review date must be in the plan’s period' });
  else if (periodEnd && reviewOn && reviewOn > periodEnd)
    errors.push({ field: 'reviewOn', message: 'The review date must be in the plan’s period' });
  const laIds = input.laIds;
  if (
    !Array.isArray(laIds) ||
    laIds.length === 0 ||
    laIds.length > 10 ||
    laIds.some((x) => typeof x !== 'string' || !UUID_PATTERN.test(x))
  )
    errors.push({ field: 'laIds', message: 'Choose the local authorities the plan is for (1 to 10)' });
  else if (new Set(laIds).size !== laIds.length)
    errors.push({ field: 'laIds', message: 'Choose each local authority once' });
  return errors;
}

const isUniqueViolation = (e: unknown, constraint?: string) =>
  typeof e === 'object' &&
  e !== null &&
  (e as { code?: string }).code === '23505' &&
  (!constraint || String((e as { constraint?: string }).constraint ?? '').includes(constraint));

/**
 * Local inclusion plans: listing and reading them, creating one with its first draft, and editing
 * a section of a version being written (text in the safe subset, themes of the current list),
 * under the section's version counter. The stages and the sign-off are PlanLifecycleService's.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  requireRead(): void {
    if (!this.auth.ability.can('read', 'InclusionPlan'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  notFound(what = 'plan'): NotFoundException {
    return new NotFoundException(problem(404, `There is no such ${what} in your partnership.`));
  }

  /** May the caller manage a plan of these LAs (the lead; an officer or LA admin of one of them)? */
  canManage(laIds: readonly string[]): boolean {
    return laIds.some((la) =>
      this.auth.ability.can('update', subject('InclusionPlan', { tenantId: this.auth.tenantId, laIds: [la] }) as never),
    );
  }

  /** May the caller edit this section (the plan-wide part as a manager; an LA's part as that LA's)? */
  canEditSection(planLas: readonly string[], laId: string | null): boolean {
    return laId === null ? this.canManage(planLas) : this.canManage([laId]);
  }

  /** May the caller record a decision for this member (their own organisation; or, for a member outside REP Hub, as the lead or the LA's officer)? */
  canDecideFor(d: PlanMemberDecision): boolean {
    if (d.organisationId) {
      return (
        this.auth.principal.memberships.some((m) => m.organisationId === d.organisationId) &&
        this.auth.ability.can(
          'create',
          subject('InclusionPlanSignOff', { tenantId: this.auth.tenantId, organisationId: d.organisationId }) as never,
        )
      );
    }
    return this.canManage([d.laId]);
  }

  /** The partnership's LAs with no plan yet that the caller may make one for (the new-plan page's choices). */
  async creatableLas(): Promise<{ id: string; name: string }[]> {
    this.requireRead();
    const las = (await this.auth.inTenant((m) =>
      m.query(
        `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.kind = 'local_authority'
            AND NOT EXISTS (SELECT 1 FROM inclusion_plan_las pl WHERE pl.tenant_id = o.tenant_id AND pl.la_id = o.id)
          ORDER BY o.name`,
        [this.auth.tenantId],
      ),
    )) as { id: string; name: string }[];
    return las.filter((la) =>
      this.auth.ability.can(
        'create',
        subject('InclusionPlan', { tenantId: this.auth.tenantId, laIds: [la.id] }) as never,
      ),
    );
  }

  async list(): Promise<PlanSummary[]> {
    this.requireRead();
    return this.auth.inTenant((m) => PlanStore.list(m, this.auth.tenantId));
  }

  async get(planId: string): Promise<PlanView> {
    this.requireRead();
    if (!UUID_PATTERN.test(planId)) throw this.notFound();
    return this.auth.inTenant((m) => this.load(m, planId));
  }

  async load(m: EntityManager, planId: string): Promise<PlanView> {
    const plan = await PlanStore.plan(m, this.auth.tenantId, planId);
    if (!plan) throw this.notFound();
    const versions = await PlanStore.versions(m, this.auth.tenantId, planId);
    const canManage = this.canManage(plan.las.map((l) => l.id));
    return {
      ...plan,
      versions,
      canManage,
      canStartVersion: canManage && !versions.some((v) => OPEN_STATUSES.includes(v.status)),
    };
  }

  async getVersion(planId: string, versionId: string): Promise<PlanVersionView> {
    this.requireRead();
    if (!UUID_PATTERN.test(planId) || !UUID_PATTERN.test(versionId)) throw this.notFound('version');
    return this.auth.inTenant((m) => this.loadVersion(m, planId, versionId));
  }

  async loadVersion(m: EntityManager, planId: string, versionId: string): Promise<PlanVersionView> {
    const plan = await PlanStore.plan(m, this.auth.tenantId, planId);
    const v = plan && (await PlanStore.version(m, this.auth.tenantId, planId, versionId));
    if (!plan || !v) throw this.notFound('version');
    const laIds = plan.las.map((l) => l.id);
    const editable = EDITABLE_STATUSES.includes(v.status);
    const sections = (await PlanStore.sections(m, this.auth.tenantId, versionId)).map((s): PlanSectionView => ({
      ...s,
      canEdit: editable && this.canEditSection(laIds, s.laId),
    }));
    const signOffs = await PlanStore.decisions(m, this.auth.tenantId, planId, versionId);
    const manage = this.canManage(laIds);
    return {
      ...v,
      planId: plan.id,
      planTitle: plan.title,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      reviewOn: plan.reviewOn,
      las: plan.las,
      sections,
      signOffs,
      parentCarerForum: signOffs.filter((d) => d.kind === 'parent_carer_forum'),
      allowedActions: manage
        ? (Object.keys(PLAN_TRANSITIONS) as PlanAction[]).filter((a) => PLAN_TRANSITIONS[a].from === v.status)
        : [],
      canDecideFor:
        v.status === 'co_production' ? signOffs.filter((d) => this.canDecideFor(d)).map((d) => d.memberId) : [],
    };
  }

  /** A plan for one LA, or for several LAs of the partnership, with its first version (a draft) and its sections. */
  async create(input: NewPlanInput): Promise<PlanView> {
    const errors = newPlanProblems(input);
    if (errors.length) throw new InvalidFieldsException(errors);
    const laIds = input.laIds as string[];
    const title = text(input.title)!;
    try {
      return await this.auth.inTenant(async (m) => {
        const las = (await m.query(
          `SELECT id, name FROM organisations WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND kind = 'local_authority'`,
          [this.auth.tenantId, laIds],
        )) as { id: string; name: string }[];
        if (las.length !== laIds.length)
          throw new InvalidFieldsException([
            { field: 'laIds', message: 'Choose local authorities of your partnership' },
          ]);
        for (const la of laIds)
          if (
            !this.auth.ability.can(
              'create',
              subject('InclusionPlan', { tenantId: this.auth.tenantId, laIds: [la] }) as never,
            )
          )
            throw new ForbiddenException(
              problem(403, `Your role cannot make a plan for ${las.find((l) => l.id === la)!.name}.`),
            );
        const taken = (await m.query(
          `SELECT o.name FROM inclusion_plan_las pl JOIN organisations o ON o.tenant_id = pl.tenant_id AND o.id = pl.la_id
            WHERE pl.tenant_id = $1 AND pl.la_id = ANY($2::uuid[]) ORDER BY o.name`,
          [this.auth.tenantId, laIds],
        )) as { name: string }[];
        if (taken.length) throw this.laTaken(taken.map((t) => t.name));
        const userId = this.auth.principal.userId;
        const [plan] = (await m.query(
          `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [this.auth.tenantId, title, text(input.periodStart), text(input.periodEnd), text(input.reviewOn), userId],
        )) as { id: string }[];
        await m.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) SELECT $1, $2, unnest($3::uuid[])`, [
          this.auth.tenantId,
          plan.id,
          laIds,
        ]);
        const [version] = (await m.query(
          `INSERT INTO inclusion_plan_versions (tenant_id, plan_id, number, status, created_by, change_summary)
           VALUES ($1, $2, 1, 'draft', $3, 'First version') RETURNING id`,
          [this.auth.tenantId, plan.id, userId],
        )) as { id: string }[];
        // the plan-wide part of each section, and each LA's own part when the plan covers several
        const parts: (string | null)[] = [null, ...(laIds.length > 1 ? laIds : [])];
        await m.query(
          `INSERT INTO inclusion_plan_sections (tenant_id, version_id, section_key, la_id, themes_version, updated_by)
           SELECT $1, $2, k, la, $5, $6 FROM unnest($3::text[]) AS k CROSS JOIN unnest($4::uuid[]) AS la`,
          [this.auth.tenantId, version.id, PLAN_SECTIONS.map((s) => s.key), parts, CURRENT_THEMES.version, userId],
        );
        await this.audit.record({
          action: 'inclusion_plan.create',
          subjectType: 'InclusionPlan',
          subjectIds: [plan.id, version.id],
          details: { las: laIds.length, versionNumber: 1 },
        });
        return this.load(m, plan.id);
      });
    } catch (e) {
      // two plans made at once for one LA: the second meets the one-plan-per-LA key
      if (isUniqueViolation(e)) throw this.laTaken([]);
      throw e;
    }
  }

  private laTaken(names: string[]): ConflictException {
    return new ConflictException(
      problem(
        409,
        names.length
          ? `${names.join(' and ')} already ${names.length === 1 ? 'has' : 'have'} a local inclusion plan: an LA is in one plan at most.`
          : 'One of these local authorities already has a local inclusion plan: an LA is in one plan at most.',
        { field: 'laIds' },
      ),
    );
  }

  /**
   * Edits a section of a version in draft or co-production: its text (the safe subset, up to
   * 20,000 characters) and its themes (codes of the current list). The caller sends the version
   * of the section they saw; a different current version answers 409 with what is there now,
   * who changed it and when. Two edits at once: the row lock queues the second, which then finds
   * the version moved on.
   */
  async editSection(
    planId: string,
    versionId: string,
    sectionId: string,
    input: SectionEditInput,
  ): Promise<PlanSectionView> {
    this.requireRead();
    if (![planId, versionId, sectionId].every((x) => UUID_PATTERN.test(x))) throw this.notFound('section');
    const errors = sectionProblems(input.body, input.themes);
    const seen = input.version;
    if (typeof seen !== 'number' || !Number.isInteger(seen))
      errors.push({ field: 'version', message: 'version must be the section’s version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const body = (input.body as string).replace(/\r\n?/g, '\n');
    const themes = input.themes as string[];
    return this.auth.inTenant(async (m) => {
      // a share lock on the version: a stage move (which locks it for update) waits, or is waited for
      const v = await PlanStore.version(m, this.auth.tenantId, planId, versionId, 'share');
      if (!v) throw this.notFound('section');
      const [s] = (await m.query(
        `SELECT s.id, s.la_id, s.section_key FROM inclusion_plan_sections s WHERE s.tenant_id = $1 AND s.version_id = $2 AND s.id = $3`,
        [this.auth.tenantId, versionId, sectionId],
      )) as { id: string; la_id: string | null; section_key: string }[];
      if (!s) throw this.notFound('section');
      const las = (
        (await m.query(`SELECT la_id FROM inclusion_plan_las WHERE tenant_id = $1 AND plan_id = $2`, [
          this.auth.tenantId,
          planId,
        ])) as { la_id: string }[]
      ).map((r) => r.la_id);
      if (!this.canEditSection(las, s.la_id))
        throw new ForbiddenException(
          problem(403, 'Your role cannot edit this section: it is another local authority’s plan or part.'),
        );
      if (!EDITABLE_STATUSES.includes(v.status))
        throw new ConflictException(
          problem(
            409,
            `Version ${v.number} is ${PLAN_STATUS_LABELS[v.status].toLowerCase()}: its sections are edited only in draft or co-production.`,
            { versionStatus: v.status },
          ),
        );
      const updated = (await m.query(
        `UPDATE inclusion_plan_sections SET body = $4, themes = $5::text[], themes_version = $6, updated_by = $7,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND version_id = $2 AND id = $3 AND version = $8 RETURNING id`,
        [
          this.auth.tenantId,
          versionId,
          sectionId,
          body,
          themes,
          CURRENT_THEMES.version,
          this.auth.principal.userId,
          seen,
        ],
      )) as [{ id: string }[], number] | { id: string }[];
      const rows = Array.isArray(updated[0]) ? (updated[0] as { id: string }[]) : (updated as { id: string }[]);
      const current = (await PlanStore.sections(m, this.auth.tenantId, versionId)).find((x) => x.id === sectionId)!;
      if (!rows.length) {
        throw new ConflictException(
          problem(
            409,
            `This section has changed since you opened it: ${current.updatedBy?.name ?? 'someone'} saved version ${current.version} at ${current.updatedAt}. Your text was not saved; compare it with theirs and save again.`,
            {
              currentVersion: current.version,
              currentBody: current.body,
              currentThemes: current.themes.map((t) => t.code),
              updatedBy: current.updatedBy,
              updatedAt: current.updatedAt,
            },
          ),
        );
      }
      await this.audit.record({
        action: 'inclusion_plan.section_edit',
        subjectType: 'InclusionPlan',
        subjectIds: [planId, versionId, sectionId],
        laId: s.la_id ?? undefined,
        details: {
          section: s.section_key,
          versionNumber: v.number,
          sectionVersion: current.version,
          themes: themes.length,
        },
      });
      return { ...current, canEdit: true };
    });
  }

  /** The stage problem of an action on a version (409 body), naming what may be done instead. */
  stageConflict(v: PlanVersionSummary, action: string, allowed: PlanAction[]): ConflictException {
    return new ConflictException(
      problem(
        409,
        `Version ${v.number} is ${PLAN_STATUS_LABELS[v.status].toLowerCase()}: it cannot take “${action}”. ${allowed.length ? `You can: ${allowed.join(', ')}.` : 'No stage move is open to it now.'}`,
        { versionStatus: v.status, allowedActions: allowed },
      ),
    );
  }
}
