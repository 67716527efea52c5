import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, JobQueue, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { allowedActions, CaseRelation, CaseStatus, sixthDayDuty } from './case-machine';
import { AP_CASE_NOTICE_JOB } from './case-notices.jobs';
import { academicYearOf, ApDirectoryService } from './directory.service';
import { apProviderIds } from './ap-principal';
import {
  CASE_COLUMNS,
  CASE_SELECT,
  caseListItem,
  caseReference,
  CaseRow,
  CaseView,
  EVENT_LABELS,
  PlacementView,
} from './cases.model';
import { PUPIL_SCOPE } from './pupils.model';

/**
 * What opening, reading and moving a case share: the case as one view (pupil, placement,
 * timeline), the caller's relations to it, the pupils they may open, a provider's offerability,
 * the timeline's events and the notices a case sends; each inside the caller's unit of work.
 */
@Injectable()
export class CaseStore {
  constructor(
    private readonly auth: AuthContext,
    private readonly jobs: JobQueue,
    private readonly directory: ApDirectoryService,
  ) {}

  /** A new offer needs an active provider offering the tier, every required check in date, and places the LA commissions there this year. */
  async assertOfferable(
    m: EntityManager,
    providerId: string,
    tier: string,
    laId: string,
    field: string,
  ): Promise<void> {
    const provider = await this.directory.loadProvider(m, providerId);
    if (!provider || provider.status !== 'active')
      throw new InvalidFieldsException([{ field, message: `${field} must be an active provider of this partnership` }]);
    if (!provider.tiers.includes(tier))
      throw new InvalidFieldsException([
        { field: 'tier', message: `${provider.name} does not offer ${tier.replace('_', ' ')}` },
      ]);
    if (!provider.offerability.canReceiveOffers) {
      const why = provider.offerability.blockedBy
        .map((b) => `${b.kind.replace('_', ' ')} ${b.reason}${b.expiredOn ? ` on ${b.expiredOn}` : ''}`)
        .join('; ');
      throw new ConflictException(
        problem(409, `${provider.name} cannot be offered a pupil until its checks are in date: ${why}.`, {
          blockedBy: provider.offerability.blockedBy,
        }),
      );
    }
    const year = academicYearOf(new Date());
    const commissioned = provider.places.find((pl) => pl.laId === laId && pl.tier === tier && pl.academicYear === year);
    if (!commissioned || commissioned.places < 1) {
      throw new InvalidFieldsException([
        {
          field,
          message: `The pupil’s LA commissions no ${tier.replace('_', ' ')} places from ${provider.name} in ${year}`,
        },
      ]);
    }
  }

  relations(c: Pick<CaseRow, 'la_id' | 'setting_id' | 'provider_id'>): CaseRelation[] {
    const p = this.auth.principal;
    const out: CaseRelation[] = [];
    if (p.memberships.some((x) => x.role === 'la_officer' && x.localAuthorityId === c.la_id)) out.push('la');
    if (c.setting_id && p.memberships.some((x) => x.role === 'setting_staff' && x.organisationId === c.setting_id))
      out.push('school');
    if (c.provider_id && apProviderIds(p).includes(c.provider_id)) out.push('provider');
    return out;
  }

  async readablePupil(m: EntityManager, pupilId: string): Promise<{ id: string; la_id: string } | null> {
    const params: unknown[] = [this.auth.tenantId, pupilId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'Pupil', 'p', PUPIL_SCOPE), params);
    const [row] = (await m.query(
      `SELECT p.id, p.la_id FROM pupils p WHERE p.tenant_id = $1 AND p.id = $2 AND ${scope}`,
      params,
    )) as { id: string; la_id: string }[];
    return row ?? null;
  }

  async load(m: EntityManager, id: string): Promise<CaseView> {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
    const [r] = (await m.query(
      `${CASE_SELECT} WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope}`,
      params,
    )) as CaseRow[];
    if (!r) throw this.notFound();
    const [pl] = (await m.query(
      `SELECT id, provider_id, tier, academic_year, status, to_char(planned_start, 'YYYY-MM-DD') AS planned_start, to_char(planned_end, 'YYYY-MM-DD') AS planned_end,
              to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(ended_on, 'YYYY-MM-DD') AS ended_on, end_reason, destination
         FROM ap_placements WHERE tenant_id = $1 AND case_id = $2`,
      [this.auth.tenantId, id],
    )) as Record<string, string | null>[];
    const events = (await m.query(
      `SELECT e.at, e.action, e.from_status, e.to_status, e.actor_id, e.actor_role, e.note, e.details, u.display_name
         FROM ap_case_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.tenant_id = $1 AND e.case_id = $2 ORDER BY e.at DESC, e.id`,
      [this.auth.tenantId, id],
    )) as {
      at: Date;
      action: string;
      from_status: string | null;
      to_status: string;
      actor_id: string | null;
      actor_role: string | null;
      note: string | null;
      details: Record<string, unknown>;
      display_name: string | null;
    }[];
    const exclusion = r.exclusion_type
      ? { type: r.exclusion_type, start: r.exclusion_start!, days: r.exclusion_days }
      : null;
    return {
      ...caseListItem(r),
      settingId: r.setting_id,
      reasonDetail: r.reason_detail,
      lawfulBasis: 'public_task',
      familyViews: r.family_views,
      childViews: r.child_views,
      exclusion,
      sixthDayDuty: sixthDayDuty(exclusion),
      decisionReason: r.decision_reason,
      pupil: {
        ...caseListItem(r).pupil,
        senProvision: r.sen_provision,
        needs: r.needs,
        currentSchoolId: r.current_school_id,
        safeguardingFlags: r.safeguarding_flags,
        contacts: r.contacts,
        ehcPlan:
          r.sen_provision === 'E' ? { caseworker: r.ehc_caseworker, nextAnnualReview: r.ehc_next_annual_review } : null,
      },
      placement: pl
        ? {
            id: pl['id']!,
            providerId: pl['provider_id']!,
            tier: pl['tier']!,
            academicYear: pl['academic_year']!,
            status: pl['status'] as PlacementView['status'],
            plannedStart: pl['planned_start']!,
            plannedEnd: pl['planned_end'],
            startedOn: pl['started_on'],
            endedOn: pl['ended_on'],
            endReason: pl['end_reason'],
            destination: pl['destination'],
          }
        : null,
      timeline: events.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        label: EVENT_LABELS[e.action] ?? e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        by: { userId: e.actor_id, name: e.display_name, role: e.actor_role },
        note: e.note,
        details: e.details,
      })),
      relations: this.relations(r),
      allowedActions: allowedActions(r.status, r.route, this.relations(r)),
      version: r.version,
    };
  }

  async event(
    m: EntityManager,
    e: {
      caseId: string;
      laId: string;
      action: string;
      from: CaseStatus | null;
      to: CaseStatus;
      note: string | null;
      details: Record<string, unknown>;
    },
  ) {
    const p = this.auth.principal;
    const role =
      p.memberships.find(
        (x) =>
          (x.role === 'la_officer' && x.localAuthorityId === e.laId) ||
          x.role === 'setting_staff' ||
          x.role === 'ap_provider_staff',
      )?.role ??
      p.memberships[0]?.role ??
      null;
    await m.query(
      `INSERT INTO ap_case_events (tenant_id, case_id, la_id, actor_id, actor_role, action, from_status, to_status, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [this.auth.tenantId, e.caseId, e.laId, p.userId, role, e.action, e.from, e.to, e.note, JSON.stringify(e.details)],
    );
  }

  /** Enqueued in the case's transaction: the email goes after commit, and names no child. */
  async notice(
    c: { id: string; reference: string; setting_id?: string | null },
    laId: string,
    kind: 'school_commission' | 'virtual_school',
  ): Promise<void> {
    await this.jobs.enqueue(
      AP_CASE_NOTICE_JOB,
      { caseId: c.id, reference: caseReference(c.reference), laId, kind, settingId: c.setting_id ?? null },
      { idempotencyKey: `ap-case-notice:${kind}:${c.id}` },
    );
  }

  requireRead(): void {
    if (!this.auth.ability.can('read', 'ApCase'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such case among those you can open.'));
  }
}
