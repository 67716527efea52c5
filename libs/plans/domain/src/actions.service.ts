import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { IndicatorRegistry } from '@rep-hub/contracts';
import {
  assertVersion,
  codeOf,
  FieldError,
  InvalidFieldsException,
  isUuid,
  optionalId,
  optionalText,
  problem,
  requiredDate,
  requiredText,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import {
  ACTION_RAGS,
  ACTION_STATUSES,
  ActionDetail,
  ActionRag,
  ActionStatus,
  ActionUpdateView,
  ActionView,
  OPEN_STATUSES,
} from './actions.model';
import { CURRENT_THEMES, PLAN_SECTIONS } from './themes';

const SECTION_KEYS = PLAN_SECTIONS.map((s) => s.key);
const THEME_CODES = CURRENT_THEMES.themes.map((t) => t.code);
/** The fields only the lead and the plan's LA officers may change (an owner updates progress only). */
const MANAGED_FIELDS = [
  'title',
  'sectionKey',
  'themeCode',
  'indicatorCode',
  'laId',
  'ownerOrganisationId',
  'dueOn',
] as const;

export interface ActionInput {
  title?: unknown;
  sectionKey?: unknown;
  themeCode?: unknown;
  indicatorCode?: unknown;
  laId?: unknown;
  ownerOrganisationId?: unknown;
  dueOn?: unknown;
  status?: unknown;
  rag?: unknown;
  progressNote?: unknown;
}

const SELECT_ACTION = `
  SELECT a.id, a.plan_id, p.title AS plan_title, a.title, a.section_key, a.theme_code, a.indicator_code, a.la_id, la.name AS la_name,
         a.owner_organisation_id, owner.name AS owner_name, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.status, a.rag,
         a.progress_note, to_char(a.completed_on, 'YYYY-MM-DD') AS completed_on,
         to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, a.version,
         coalesce((SELECT array_agg(pl.la_id ORDER BY pl.la_id) FROM inclusion_plan_las pl WHERE pl.tenant_id = a.tenant_id AND pl.plan_id = a.plan_id), '{}') AS plan_las
    FROM inclusion_plan_actions a
    JOIN inclusion_plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
    JOIN organisations owner ON owner.tenant_id = a.tenant_id AND owner.id = a.owner_organisation_id
    LEFT JOIN organisations la ON la.tenant_id = a.tenant_id AND la.id = a.la_id`;

interface ActionRow {
  id: string;
  plan_id: string;
  plan_title: string;
  title: string;
  section_key: string;
  theme_code: string | null;
  indicator_code: string | null;
  la_id: string | null;
  la_name: string | null;
  owner_organisation_id: string;
  owner_name: string;
  due_on: string;
  status: ActionStatus;
  rag: ActionRag;
  progress_note: string;
  completed_on: string | null;
  updated_at: string;
  version: number;
  plan_las: string[];
}

const view = (r: ActionRow, today: string): ActionView => ({
  id: r.id,
  planId: r.plan_id,
  planTitle: r.plan_title,
  title: r.title,
  sectionKey: r.section_key,
  themeCode: r.theme_code,
  indicatorCode: r.indicator_code,
  laId: r.la_id,
  laName: r.la_name,
  ownerOrganisationId: r.owner_organisation_id,
  ownerOrganisationName: r.owner_name,
  dueOn: r.due_on,
  status: r.status,
  rag: r.rag,
  progressNote: r.progress_note,
  completedOn: r.completed_on,
  overdue: OPEN_STATUSES.includes(r.status) && r.due_on < today,
  updatedAt: r.updated_at,
  version: r.version,
});

/**
 * A local inclusion plan's actions: what is to be done, by which organisation, by when, linked to
 * a section, a theme and (where one exists) an indicator. The lead and the plan's LA officers
 * manage every action of the plan; an owner organisation's members update the status, RAG and
 * progress of the actions it owns, and nothing else. Each change is logged (who, when) and audited.
 */
@Injectable()
export class PlanActionsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly indicators: IndicatorRegistry,
  ) {}

  /** The plan's actions by due date. 404 when the plan is not in this partnership. */
  listForPlan(
    planId: string,
    today = schoolToday(),
  ): Promise<{ plan: { id: string; title: string; laIds: string[]; canCreate: boolean }; items: ActionView[] }> {
    this.requireRead();
    if (!isUuid(planId)) throw this.planNotFound();
    return this.auth.inTenant(async (m) => {
      const plan = await this.findPlan(m, planId);
      const rows = (await m.query(
        `${SELECT_ACTION} WHERE a.tenant_id = $1 AND a.plan_id = $2 ORDER BY a.due_on, a.title, a.id`,
        [this.auth.tenantId, planId],
      )) as ActionRow[];
      return {
        plan: { ...plan, canCreate: this.mayManage(plan.laIds, 'create') },
        items: rows.map((r) => view(r, today)),
      };
    });
  }

  /** The actions owned by the caller's organisations, by due date. */
  listMine(today = schoolToday()): Promise<ActionView[]> {
    this.requireRead();
    const orgs = [...new Set(this.auth.principal.memberships.map((m) => m.organisationId))];
    if (!orgs.length) return Promise.resolve([]);
    return this.auth.inTenant(async (m) => {
      const rows = (await m.query(
        `${SELECT_ACTION} WHERE a.tenant_id = $1 AND a.owner_organisation_id = ANY ($2::uuid[]) ORDER BY a.due_on, a.title, a.id`,
        [this.auth.tenantId, orgs],
      )) as ActionRow[];
      return rows.map((r) => view(r, today));
    });
  }

  /** One action; with `planId`, 404 unless it is that plan's. */
  get(id: string, planId?: string, today = schoolToday()): Promise<ActionDetail> {
    this.requireRead();
    if (!isUuid(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => this.detail(m, await this.findAction(m, id, false, planId), today));
  }

  /** The organisations of the partnership an action may be owned by, and the plan's LAs. */
  organisations(): Promise<{ id: string; name: string; kind: string }[]> {
    this.requireRead();
    return this.auth.inTenant(
      (m) =>
        m.query(`SELECT id, name, kind FROM organisations WHERE tenant_id = $1 ORDER BY name, id`, [
          this.auth.tenantId,
        ]) as Promise<{ id: string; name: string; kind: string }[]>,
    );
  }

  /** The indicator codes an action may link to (every module's published indicators). */
  indicatorCodes(): { code: string; name: string }[] {
    return this.indicators.definitions().map((d) => ({ code: d.code, name: d.name }));
  }

  async create(planId: string, input: ActionInput): Promise<ActionDetail> {
    if (!this.auth.ability.can('create', 'InclusionPlanAction'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    if (!isUuid(planId)) throw this.planNotFound();
    const errors: FieldError[] = [];
    const title = requiredText(input.title, 'title', 300, 'Enter what is to be done', 'The title', errors);
    const sectionKey = codeOf(input.sectionKey, SECTION_KEYS, 'sectionKey', 'Select the section of the plan', errors);
    const themeCode = this.themeOf(input.themeCode, errors);
    const indicatorCode = this.indicatorOf(input.indicatorCode, errors);
    const laId = optionalId(input.laId, 'laId', 'laId must be a local authority of this plan', errors);
    const ownerOrganisationId = optionalId(
      input.ownerOrganisationId,
      'ownerOrganisationId',
      'Select the organisation that owns the action',
      errors,
    );
    if (ownerOrganisationId === null)
      errors.push({ field: 'ownerOrganisationId', message: 'Select the organisation that owns the action' });
    const dueOn = requiredDate(input.dueOn, 'dueOn', 'the date it is due', errors);
    const status =
      input.status === undefined
        ? 'not_started'
        : codeOf(input.status, ACTION_STATUSES, 'status', 'Select the status', errors);
    const rag =
      input.rag === undefined ? 'green' : codeOf(input.rag, ACTION_RAGS, 'rag', 'Select red, amber or green', errors);
    const progressNote = optionalText(input.progressNote, 'progressNote', 5000, 'The progress note', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const plan = await this.findPlan(m, planId, true);
      if (!this.mayManage(plan.laIds, 'create'))
        throw new ForbiddenException(
          problem(403, 'Only the lead and the plan’s local authority officers can add actions to it.'),
        );
      await this.checkOrganisations(m, plan.laIds, laId ?? null, ownerOrganisationId!);
      const [row] = (await m.query(
        `INSERT INTO inclusion_plan_actions (tenant_id, plan_id, title, section_key, theme_code, indicator_code, la_id, owner_organisation_id, due_on, status, rag, progress_note, completed_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $10 = 'done' THEN ${"(now() AT TIME ZONE 'Europe/London')::date"} END, $13) RETURNING id`,
        [
          this.auth.tenantId,
          planId,
          title,
          sectionKey,
          themeCode ?? null,
          indicatorCode ?? null,
          laId ?? null,
          ownerOrganisationId,
          dueOn,
          status,
          rag,
          progressNote ?? '',
          this.auth.principal.userId,
        ],
      )) as { id: string }[];
      await this.logUpdate(m, row.id, status!, rag!, progressNote ?? '');
      await this.audit.record({
        action: 'plans.action.create',
        subjectType: 'InclusionPlanAction',
        subjectIds: [planId, row.id],
        laId: laId ?? null,
        details: { sectionKey: sectionKey!, status: status!, rag: rag! },
      });
      return this.detail(m, await this.findAction(m, row.id, false), schoolToday());
    });
  }

  /**
   * Updates an action. An owner's member sends status, RAG and progress note; the lead and the
   * plan's LA officers may also change what it is (title, section, theme, indicator, LA, owner,
   * due date). Each update is logged with who and when; 409 when `version` is stale.
   */
  async update(id: string, input: ActionInput & { version?: unknown }, planId?: string): Promise<ActionDetail> {
    if (!this.auth.ability.can('update', 'InclusionPlanAction'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    if (!isUuid(id)) throw this.notFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const status =
      input.status === undefined
        ? undefined
        : codeOf(input.status, ACTION_STATUSES, 'status', 'Select the status', errors);
    const rag =
      input.rag === undefined ? undefined : codeOf(input.rag, ACTION_RAGS, 'rag', 'Select red, amber or green', errors);
    const progressNote =
      input.progressNote === undefined
        ? undefined
        : optionalText(input.progressNote, 'progressNote', 5000, 'The progress note', errors);
    const managed = MANAGED_FIELDS.filter((f) => input[f] !== undefined);
    const title =
      input.title === undefined
        ? undefined
        : requiredText(input.title, 'title', 300, 'Enter what is to be done', 'The title', errors);
    const sectionKey =
      input.sectionKey === undefined
        ? undefined
        : codeOf(input.sectionKey, SECTION_KEYS, 'sectionKey', 'Select the section of the plan', errors);
    const themeCode = input.themeCode === undefined ? undefined : this.themeOf(input.themeCode, errors);
    const indicatorCode = input.indicatorCode === undefined ? undefined : this.indicatorOf(input.indicatorCode, errors);
    const laId =
      input.laId === undefined
        ? undefined
        : optionalId(input.laId, 'laId', 'laId must be a local authority of this plan', errors);
    const ownerOrganisationId =
      input.ownerOrganisationId === undefined
        ? undefined
        : optionalId(
            input.ownerOrganisationId,
            'ownerOrganisationId',
            'Select the organisation that owns the action',
            errors,
          );
    if (ownerOrganisationId === null)
      errors.push({ field: 'ownerOrganisationId', message: 'Select the organisation that owns the action' });
    const dueOn =
      input.dueOn === undefined ? undefined : requiredDate(input.dueOn, 'dueOn', 'the date it is due', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const row = await this.findAction(m, id, true, planId);
      const manager = this.mayManage(row.plan_las);
      if (!manager && !this.mayOwn(row.owner_organisation_id))
        throw new ForbiddenException(
          problem(
            403,
            'Only the owner organisation, the lead and the plan’s local authority officers can update this action.',
          ),
        );
      if (managed.length && !manager)
        throw new ForbiddenException(
          problem(
            403,
            `As its owner you update the status, RAG and progress note; only the lead and the plan’s local authority officers can change ${managed.join(', ')}.`,
          ),
        );
      assertVersion('action', row.version, version!);
      const next = {
        title: title ?? row.title,
        sectionKey: sectionKey ?? row.section_key,
        themeCode: themeCode === undefined ? row.theme_code : themeCode,
        indicatorCode: indicatorCode === undefined ? row.indicator_code : indicatorCode,
        laId: laId === undefined ? row.la_id : laId,
        ownerOrganisationId: ownerOrganisationId ?? row.owner_organisation_id,
        dueOn: dueOn ?? row.due_on,
        status: status ?? row.status,
        rag: rag ?? row.rag,
        progressNote: progressNote ?? row.progress_note,
      };
      if (laId !== undefined || ownerOrganisationId !== undefined)
        await this.checkOrganisations(m, row.plan_las, next.laId, next.ownerOrganisationId);
      await m.query(
        `UPDATE inclusion_plan_actions SET title = $3, section_key = $4, theme_code = $5, indicator_code = $6, la_id = $7,
                owner_organisation_id = $8, due_on = $9, status = $10, rag = $11, progress_note = $12,
                completed_on = CASE WHEN $10 = 'done' THEN coalesce(completed_on, (now() AT TIME ZONE 'Europe/London')::date) END,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [
          this.auth.tenantId,
          id,
          next.title,
          next.sectionKey,
          next.themeCode,
          next.indicatorCode,
          next.laId,
          next.ownerOrganisationId,
          next.dueOn,
          next.status,
          next.rag,
          next.progressNote,
        ],
      );
      await this.logUpdate(m, id, next.status, next.rag, progressNote ?? '');
      await this.audit.record({
        action: 'plans.action.update',
        subjectType: 'InclusionPlanAction',
        subjectIds: [row.plan_id, id],
        laId: next.laId,
        details: { status: next.status, rag: next.rag, asOwner: !manager, managedFields: managed.length },
      });
      return this.detail(m, await this.findAction(m, id, false), schoolToday());
    });
  }

  // ---- helpers ----

  private themeOf(v: unknown, errors: FieldError[]): string | null | undefined {
    if (v === undefined || v === null || v === '') return null;
    return codeOf(v, THEME_CODES, 'themeCode', `Select a theme of the list ${CURRENT_THEMES.version}`, errors);
  }

  private indicatorOf(v: unknown, errors: FieldError[]): string | null | undefined {
    if (v === undefined || v === null || v === '') return null;
    const codes = this.indicators.definitions().map((d) => d.code);
    return codeOf(v, codes, 'indicatorCode', 'Select an indicator that REP Hub publishes, or none', errors);
  }

  private async checkOrganisations(
    m: EntityManager,
    planLas: string[],
    laId: string | null,
    ownerId: string,
  ): Promise<void> {
    if (laId && !planLas.includes(laId))
      throw new InvalidFieldsException([{ field: 'laId', message: 'laId must be a local authority of this plan' }]);
    const [owner] = (await m.query(`SELECT 1 AS ok FROM organisations WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      ownerId,
    ])) as { ok: number }[];
    if (!owner)
      throw new InvalidFieldsException([
        { field: 'ownerOrganisationId', message: 'The owner must be an organisation of this partnership' },
      ]);
  }

  private logUpdate(m: EntityManager, actionId: string, status: string, rag: string, note: string) {
    return m.query(
      `INSERT INTO inclusion_plan_action_updates (tenant_id, action_id, status, rag, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [this.auth.tenantId, actionId, status, rag, note, this.auth.principal.userId],
    );
  }

  private async findPlan(
    m: EntityManager,
    planId: string,
    lock = false,
  ): Promise<{ id: string; title: string; laIds: string[] }> {
    const [plan] = (await m.query(
      `SELECT p.id, p.title, coalesce((SELECT array_agg(pl.la_id ORDER BY pl.la_id) FROM inclusion_plan_las pl WHERE pl.tenant_id = p.tenant_id AND pl.plan_id = p.id), '{}') AS la_ids
         FROM inclusion_plans p WHERE p.tenant_id = $1 AND p.id = $2 ${lock ? 'FOR SHARE OF p' : ''}`,
      [this.auth.tenantId, planId],
    )) as { id: string; title: string; la_ids: string[] }[];
    if (!plan) throw this.planNotFound();
    return { id: plan.id, title: plan.title, laIds: plan.la_ids };
  }

  private async findAction(m: EntityManager, id: string, lock: boolean, planId?: string): Promise<ActionRow> {
    const [row] = (await m.query(
      `${SELECT_ACTION} WHERE a.tenant_id = $1 AND a.id = $2 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [this.auth.tenantId, id],
    )) as ActionRow[];
    if (!row || (planId && row.plan_id !== planId)) throw this.notFound();
    return row;
  }

  private async detail(m: EntityManager, row: ActionRow, today: string): Promise<ActionDetail> {
    const updates = (
      (await m.query(
        `SELECT u.id, u.status, u.rag, u.note, u.recorded_by, us.display_name,
                to_char(u.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS recorded_at
           FROM inclusion_plan_action_updates u LEFT JOIN users us ON us.id = u.recorded_by
          WHERE u.tenant_id = $1 AND u.action_id = $2 ORDER BY u.recorded_at DESC, u.id`,
        [this.auth.tenantId, row.id],
      )) as {
        id: string;
        status: ActionStatus;
        rag: ActionRag;
        note: string;
        recorded_by: string | null;
        display_name: string | null;
        recorded_at: string;
      }[]
    ).map((u): ActionUpdateView => ({
      id: u.id,
      status: u.status,
      rag: u.rag,
      note: u.note,
      recordedBy: u.recorded_by,
      recordedByName: u.display_name,
      recordedAt: u.recorded_at,
    }));
    const manager = this.mayManage(row.plan_las);
    return {
      ...view(row, today),
      updates,
      canManage: manager,
      canUpdate: manager || this.mayOwn(row.owner_organisation_id),
    };
  }

  private mayManage(planLas: string[], action: 'create' | 'update' = 'update'): boolean {
    return this.auth.ability.can(
      action,
      subject('InclusionPlanAction', { tenantId: this.auth.tenantId, laIds: planLas }) as never,
    );
  }

  private mayOwn(ownerOrganisationId: string): boolean {
    return this.auth.ability.can(
      'update',
      subject('InclusionPlanAction', { tenantId: this.auth.tenantId, ownerOrganisationId }) as never,
    );
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'InclusionPlanAction'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such plan action in your partnership.'));
  }
  private planNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such inclusion plan in your partnership.'));
  }
}
