import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, JobQueue, problem, UUID_PATTERN } from '@rep-hub/platform';
import { PLAN_PDF_JOB } from './plan-pdf.jobs';
import { PlanStore } from './plan-store';
import {
  OPEN_STATUSES,
  PLAN_ACTIONS,
  PLAN_STATUS_LABELS,
  PLAN_TRANSITIONS,
  PlanAction,
  PlanVersionView,
  SignOffInput,
} from './plans.model';
import { PlansService } from './plans.service';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The field errors of a decision (the API's DTO and the sign-off page share them). */
export function signOffProblems(input: SignOffInput): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof input.memberId !== 'string' || !UUID_PATTERN.test(input.memberId))
    errors.push({ field: 'memberId', message: 'Choose the member organisation you are recording the decision for' });
  if (input.decision !== 'signed_off' && input.decision !== 'dissent')
    errors.push({ field: 'decision', message: 'Choose whether the organisation signs off or dissents' });
  const reason = input.reason;
  if (reason !== undefined && reason !== null && typeof reason !== 'string')
    errors.push({ field: 'reason', message: 'The reason must be text' });
  else if (typeof reason === 'string' && reason.trim().length > 5000)
    errors.push({ field: 'reason', message: 'The reason must be 5,000 characters or fewer' });
  else if (input.decision === 'dissent' && !text(reason))
    errors.push({ field: 'reason', message: 'Give the reason the organisation dissents' });
  return errors;
}

/**
 * The stages of a plan's versions, on the server: draft → co_production → signed_off → published
 * → superseded. Each move locks the version row, checks the stage (409 naming what may be done),
 * and writes the audit event in the same transaction. Sign-off needs a decision from every member
 * organisation of the plan's LAs' local partnerships; publishing supersedes the version published
 * before and queues the PDF; a new version is a draft copy of the latest, when none is open.
 */
@Injectable()
export class PlanLifecycleService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly plans: PlansService,
    private readonly jobs: JobQueue,
  ) {}

  async transition(planId: string, versionId: string, input: { action?: unknown; version?: unknown }) {
    this.plans.requireRead();
    if (!UUID_PATTERN.test(planId) || !UUID_PATTERN.test(versionId)) throw this.plans.notFound('version');
    const errors: FieldError[] = [];
    const action = input.action;
    if (typeof action !== 'string' || !(PLAN_ACTIONS as readonly string[]).includes(action))
      errors.push({ field: 'action', message: `Choose the stage move: ${PLAN_ACTIONS.join(', ')}` });
    const seen = input.version;
    if (seen !== undefined && seen !== null && (typeof seen !== 'number' || !Number.isInteger(seen)))
      errors.push({ field: 'version', message: 'version must be the plan version’s version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const a = action as PlanAction;
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      const v = await PlanStore.version(m, tenantId, planId, versionId, 'update');
      const plan = v && (await PlanStore.plan(m, tenantId, planId));
      if (!v || !plan) throw this.plans.notFound('version');
      if (!this.plans.canManage(plan.las.map((l) => l.id)))
        throw new ForbiddenException(problem(403, 'Your role cannot move this plan through its stages.'));
      const step = PLAN_TRANSITIONS[a];
      if (v.status !== step.from) {
        const allowed = PLAN_ACTIONS.filter((x) => PLAN_TRANSITIONS[x].from === v.status);
        throw this.plans.stageConflict(v, a, allowed);
      }
      if (typeof seen === 'number' && seen !== v.version)
        throw new ConflictException(
          problem(409, 'This version has changed since you opened it. Open it again to see what changed.', {
            currentVersion: v.version,
            versionStatus: v.status,
          }),
        );
      const details: Record<string, string | number | boolean> = {
        from: v.status,
        to: step.to,
        versionNumber: v.number,
      };
      if (a === 'sign_off') {
        const decisions = await PlanStore.decisions(m, tenantId, planId, versionId);
        if (!decisions.length)
          throw new ConflictException(
            problem(
              409,
              'The plan’s local partnerships have no member organisations: add them before the plan is signed off.',
              { waitingFor: [] },
            ),
          );
        const waiting = decisions.filter((d) => d.decision === null);
        if (waiting.length)
          throw new ConflictException(
            problem(
              409,
              `Every member organisation decides before the plan is signed off. Still to decide: ${waiting.map((d) => d.name).join(', ')}.`,
              { waitingFor: waiting.map((d) => ({ memberId: d.memberId, name: d.name })) },
            ),
          );
        details['signedOff'] = decisions.filter((d) => d.decision === 'signed_off').length;
        details['dissents'] = decisions.filter((d) => d.decision === 'dissent').length;
      }
      if (a === 'publish') {
        const superseded = (await m.query(
          `UPDATE inclusion_plan_versions SET status = 'superseded', superseded_at = now(), updated_at = now(), version = version + 1
            WHERE tenant_id = $1 AND plan_id = $2 AND status = 'published' RETURNING id, number`,
          [tenantId, planId],
        )) as unknown[];
        const rows = (Array.isArray(superseded[0]) ? superseded[0] : superseded) as { id: string; number: number }[];
        if (rows.length) details['supersededNumber'] = rows[0].number;
      }
      await m.query(
        `UPDATE inclusion_plan_versions SET status = $4, updated_at = now(), version = version + 1,
                co_production_at = CASE WHEN $4 = 'co_production' THEN now() ELSE co_production_at END,
                signed_off_at = CASE WHEN $4 = 'signed_off' THEN now() ELSE signed_off_at END,
                published_at = CASE WHEN $4 = 'published' THEN now() ELSE published_at END,
                published_by = CASE WHEN $4 = 'published' THEN $5::uuid ELSE published_by END,
                pdf_status = CASE WHEN $4 = 'published' THEN 'queued' ELSE pdf_status END
          WHERE tenant_id = $1 AND plan_id = $2 AND id = $3`,
        [tenantId, planId, versionId, step.to, this.auth.principal.userId],
      );
      if (a === 'publish')
        await this.jobs.enqueue(PLAN_PDF_JOB, { planId, versionId }, { idempotencyKey: `plans-pdf:${versionId}` });
      await this.audit.record({
        action: `inclusion_plan.${a}`,
        subjectType: 'InclusionPlan',
        subjectIds: [planId, versionId],
        details,
      });
      return this.plans.loadVersion(m, planId, versionId);
    });
  }

  /**
   * A member organisation's decision on a version in co-production: sign-off, or dissent with a
   * reason. A user decides for the member whose organisation is their membership's; for a member
   * with no REP Hub organisation, the lead or the LA's officer records it (and the record says who).
   * A second decision replaces the first while the version is in co-production.
   */
  async signOff(planId: string, versionId: string, input: SignOffInput): Promise<PlanVersionView> {
    this.plans.requireRead();
    if (!UUID_PATTERN.test(planId) || !UUID_PATTERN.test(versionId)) throw this.plans.notFound('version');
    const errors = signOffProblems(input);
    if (errors.length) throw new InvalidFieldsException(errors);
    const memberId = input.memberId as string;
    const decision = input.decision as 'signed_off' | 'dissent';
    const reason = text(input.reason) ?? null;
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      const v = await PlanStore.version(m, tenantId, planId, versionId, 'share');
      if (!v) throw this.plans.notFound('version');
      const member = (await PlanStore.decisions(m, tenantId, planId, versionId)).find((d) => d.memberId === memberId);
      if (!member)
        throw new InvalidFieldsException([
          { field: 'memberId', message: 'Choose one of the member organisations of the plan’s local partnerships' },
        ]);
      if (!this.plans.canDecideFor(member))
        throw new ForbiddenException(
          problem(
            403,
            member.organisationId
              ? `Only a member of ${member.name} records its decision.`
              : `Only the partnership lead or the local authority’s officer records the decision of ${member.name}.`,
          ),
        );
      if (v.status !== 'co_production')
        throw new ConflictException(
          problem(
            409,
            `Version ${v.number} is ${PLAN_STATUS_LABELS[v.status].toLowerCase()}: decisions are recorded only in co-production.`,
            { versionStatus: v.status },
          ),
        );
      await m.query(
        `INSERT INTO inclusion_plan_signoffs (tenant_id, version_id, member_id, decision, reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, version_id, member_id)
         DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [tenantId, versionId, memberId, decision, reason, this.auth.principal.userId],
      );
      await this.audit.record({
        action: decision === 'dissent' ? 'inclusion_plan.dissent' : 'inclusion_plan.member_sign_off',
        subjectType: 'InclusionPlan',
        subjectIds: [planId, versionId, memberId],
        laId: member.laId,
        details: { memberKind: member.kind, onBehalf: member.organisationId === null, versionNumber: v.number },
      });
      return this.plans.loadVersion(m, planId, versionId);
    });
  }

  /** A new version (a draft copy of the latest, sections and themes), when no version of the plan is open. */
  async newVersion(planId: string, input: { changeSummary?: unknown }): Promise<PlanVersionView> {
    this.plans.requireRead();
    if (!UUID_PATTERN.test(planId)) throw this.plans.notFound();
    const summary = input.changeSummary;
    if (summary !== undefined && summary !== null && (typeof summary !== 'string' || summary.trim().length > 2000))
      throw new InvalidFieldsException([
        { field: 'changeSummary', message: 'The summary of changes must be text of 2,000 characters or fewer' },
      ]);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      const plan = await PlanStore.plan(m, tenantId, planId, true);
      if (!plan) throw this.plans.notFound();
      if (!this.plans.canManage(plan.las.map((l) => l.id)))
        throw new ForbiddenException(problem(403, 'Your role cannot start a new version of this plan.'));
      const versions = await PlanStore.versions(m, tenantId, planId);
      const open = versions.find((v) => OPEN_STATUSES.includes(v.status));
      if (open)
        throw new ConflictException(
          problem(
            409,
            `Version ${open.number} is still open (${PLAN_STATUS_LABELS[open.status].toLowerCase()}): publish it before starting another.`,
            { openVersionId: open.id, versionStatus: open.status },
          ),
        );
      const latest = versions[0];
      const number = (latest?.number ?? 0) + 1;
      const [created] = (await m.query(
        `INSERT INTO inclusion_plan_versions (tenant_id, plan_id, number, status, created_by, change_summary)
         VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id`,
        [tenantId, planId, number, this.auth.principal.userId, text(summary) ?? ''],
      )) as { id: string }[];
      await m.query(
        `INSERT INTO inclusion_plan_sections (tenant_id, version_id, section_key, la_id, body, themes, themes_version, updated_by, updated_at)
         SELECT tenant_id, $3, section_key, la_id, body, themes, themes_version, updated_by, updated_at
           FROM inclusion_plan_sections WHERE tenant_id = $1 AND version_id = $2`,
        [tenantId, latest.id, created.id],
      );
      await this.audit.record({
        action: 'inclusion_plan.new_version',
        subjectType: 'InclusionPlan',
        subjectIds: [planId, created.id],
        details: { versionNumber: number, copiedFrom: latest.number },
      });
      return this.plans.loadVersion(m, planId, created.id);
    });
  }
}
