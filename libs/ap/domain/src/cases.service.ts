import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, deriveKey, positionalScope, sqlScope } from '@rep-hub/auth';
import { APP_CONFIG, AppConfig, FieldError, InvalidFieldsException, JobQueue, preparedQuery, problem, SCHOOL_TODAY_SQL } from '@rep-hub/platform';
import { AP_TIERS, PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { createHmac } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  allowedActions,
  CASE_ROUTES,
  CaseAction,
  CaseRelation,
  CaseRoute,
  CaseStatus,
  check,
  initialStatus,
  isCaseAction,
  sixthDayDuty,
  TRANSITIONS,
} from './case-machine';
import { AP_CASE_NOTICE_JOB } from './case-notices.jobs';
import { academicYearOf, ApDirectoryService } from './directory.service';
import { ApSettingsService } from './settings.service';
import { ApReviewsService } from './reviews.service';
import { ApFollowUpsService } from './followups.service';
import { isoToday, realDate, text, UUID } from './input';
import { apProviderIds } from './ap-principal';
import type { PupilContact } from './pupils.service';

const TIER_CODES = AP_TIERS.map((t) => t.code);

/** Why a case is opened (REP Hub vocabulary; DOMAIN §4.1: pupils on part-time timetables, suspended or at risk of exclusion). */
export const CASE_REASONS = [
  { code: 'permanent_exclusion', label: 'Permanent exclusion' },
  { code: 'suspension', label: 'Suspension' },
  { code: 'at_risk_of_exclusion', label: 'At risk of permanent exclusion' },
  { code: 'part_time_timetable', label: 'On a part-time timetable' },
  { code: 'medical_needs', label: 'Medical needs (unable to attend school)' },
  { code: 'ehc_plan', label: 'EHC plan: provision named or needed' },
  { code: 'emotionally_based_school_avoidance', label: 'Emotionally based school avoidance' },
  { code: 'other', label: 'Other' },
] as const;
export const URGENCIES = ['urgent', 'high', 'standard'] as const;
/** Statuses of each stage, for list filters. */
export const CASE_STAGES: Record<string, readonly CaseStatus[]> = {
  panel: ['referred', 'triaged', 'screened', 'more_information_needed'],
  offers: ['offered', 'offer_declined'],
  placements: ['placement_planned', 'placement_active'],
  closed: ['ended', 'declined', 'withdrawn'],
};
export const CASE_SORTS = ['updated', 'oldest', 'panel'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseInput {
  route?: unknown;
  pupilId?: unknown;
  settingId?: unknown;
  reason?: unknown;
  reasonDetail?: unknown;
  requestedTier?: unknown;
  familyViews?: unknown;
  childViews?: unknown;
  exclusionType?: unknown;
  exclusionStart?: unknown;
  exclusionDays?: unknown;
  providerId?: unknown;
}

export interface TransitionInput {
  version?: unknown;
  note?: unknown;
  urgency?: unknown;
  panelDate?: unknown;
  decision?: unknown;
  providerId?: unknown;
  tier?: unknown;
  plannedStart?: unknown;
  plannedEnd?: unknown;
  startedOn?: unknown;
  endedOn?: unknown;
  destination?: unknown;
}

/** What every view of a case says, named or not. */
interface CaseCore {
  id: string;
  reference: string;
  laId: string;
  laName: string;
  route: CaseRoute;
  status: CaseStatus;
  reason: string;
  requestedTier: string;
  tier: string | null;
  providerName: string | null;
  createdAt: string;
}

export interface CaseListItem extends CaseCore {
  urgency: string | null;
  panelDate: string | null;
  providerId: string | null;
  settingName: string | null;
  pupil: { id: string; givenName: string; familyName: string; dateOfBirth: string; upn: string | null; lookedAfter: boolean };
  updatedAt: string;
}

export interface CaseSummaryItem extends CaseCore {
  /** A keyed hash of the pupil id under the partnership's key: the same child, the same pseudonym. */
  pupilPseudonym: string;
  senProvision: string;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
}

export interface TimelineEntry {
  at: string;
  action: string;
  label: string;
  fromStatus: string | null;
  toStatus: string;
  by: { userId: string | null; name: string | null; role: string | null };
  note: string | null;
  details: Record<string, unknown>;
}

export interface PlacementView {
  id: string;
  providerId: string;
  tier: string;
  academicYear: string;
  status: 'planned' | 'active' | 'ended';
  plannedStart: string;
  plannedEnd: string | null;
  startedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  destination: string | null;
}

export interface CaseView extends CaseListItem {
  settingId: string | null;
  reasonDetail: string | null;
  lawfulBasis: 'public_task';
  familyViews: string;
  childViews: string;
  exclusion: { type: 'suspension' | 'permanent_exclusion'; start: string; days: number | null } | null;
  sixthDayDuty: ReturnType<typeof sixthDayDuty>;
  decisionReason: string | null;
  pupil: CaseListItem['pupil'] & {
    senProvision: string;
    needs: string[];
    currentSchoolId: string | null;
    safeguardingFlags: string[];
    contacts: PupilContact[];
    ehcPlan: { caseworker: string | null; nextAnnualReview: string | null } | null;
  };
  placement: PlacementView | null;
  timeline: TimelineEntry[];
  /** How the caller stands to the case: an officer of its LA (`la`), the school that opened it, the provider offered. */
  relations: CaseRelation[];
  /** What the caller may do now (each an action of POST /cases/{id}/transitions). */
  allowedActions: CaseAction[];
  version: number;
}

export interface CaseRow {
  id: string;
  reference: string;
  la_id: string;
  la_name: string;
  pupil_id: string;
  route: CaseRoute;
  setting_id: string | null;
  setting_name: string | null;
  reason: string;
  reason_detail: string | null;
  requested_tier: string;
  family_views: string;
  child_views: string;
  exclusion_type: 'suspension' | 'permanent_exclusion' | null;
  exclusion_start: string | null;
  exclusion_days: number | null;
  status: CaseStatus;
  urgency: string | null;
  panel_date: string | null;
  decision_reason: string | null;
  tier: string | null;
  provider_id: string | null;
  provider_name: string | null;
  /** The timestamps as toISOString prints them (isoTimestamp). */
  created_iso: string;
  updated_iso: string;
  /** The timestamps as PostgreSQL prints them (microseconds), for keyset cursors. */
  created_key: string;
  updated_key: string;
  version: number;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  upn: string | null;
  looked_after: boolean;
  free_school_meals: boolean;
  sen_provision: string;
  needs: string[];
  current_school_id: string | null;
  safeguarding_flags: string[];
  contacts: PupilContact[];
  ehc_caseworker: string | null;
  ehc_next_annual_review: string | null;
}

/** A row of the case list (CASE_LIST_SELECT). */
export type CaseListRow = Pick<
  CaseRow,
  | 'id' | 'reference' | 'la_id' | 'la_name' | 'pupil_id' | 'route' | 'setting_name' | 'reason' | 'requested_tier' | 'status' | 'urgency' | 'panel_date' | 'tier'
  | 'provider_id' | 'provider_name' | 'created_iso' | 'updated_iso' | 'created_key' | 'updated_key' | 'given_name' | 'family_name' | 'date_of_birth' | 'upn' | 'looked_after'
>;

/** A timestamp as JavaScript's toISOString prints it (UTC, milliseconds), made by PostgreSQL rather than through a Date per row. */
const isoTimestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const CASE_FROM = `FROM ap_cases c
  JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
  JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
  LEFT JOIN organisations s ON s.tenant_id = c.tenant_id AND s.id = c.setting_id
  LEFT JOIN ap_providers pr ON pr.tenant_id = c.tenant_id AND pr.id = c.provider_id`;

/** What a row of the case list shows (caseListItem), with the keyset keys. */
const CASE_LIST_COLUMNS = `c.id, c.reference::text AS reference, c.la_id, la.name AS la_name, c.pupil_id, c.route, s.name AS setting_name,
    c.reason, c.requested_tier, c.status, c.urgency, to_char(c.panel_date, 'YYYY-MM-DD') AS panel_date, c.tier, c.provider_id, pr.name AS provider_name,
    ${isoTimestamp('c.created_at')} AS created_iso, ${isoTimestamp('c.updated_at')} AS updated_iso, c.created_at::text AS created_key, c.updated_at::text AS updated_key,
    p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.upn, p.looked_after`;

/**
 * The case list's SQL, to which the list adds its WHERE, ORDER BY and LIMIT (shared with
 * `npm run bench:ap`'s baseline, which must run the same query). Only the columns the list shows:
 * every column more is parsed and thrown away 50 times a page.
 */
export const CASE_LIST_SELECT = `SELECT ${CASE_LIST_COLUMNS}
  ${CASE_FROM}`;

/** One case in full (the case page). */
const CASE_SELECT = `SELECT ${CASE_LIST_COLUMNS}, c.setting_id,
    c.reason_detail, c.family_views, c.child_views, c.exclusion_type,
    to_char(c.exclusion_start, 'YYYY-MM-DD') AS exclusion_start, c.exclusion_days, c.decision_reason, c.version,
    p.free_school_meals, p.sen_provision, p.needs, p.current_school_id, p.safeguarding_flags, p.contacts, p.ehc_caseworker,
    to_char(p.ehc_next_annual_review, 'YYYY-MM-DD') AS ehc_next_annual_review
  ${CASE_FROM}`;

const CASE_COLUMNS = { tenantId: 'tenant_id', laId: 'la_id', settingId: 'setting_id', providerId: 'provider_id' };

export const caseReference = (n: string | number) => `AP-${String(n).padStart(6, '0')}`;

type CoreRow = Pick<CaseRow, 'id' | 'reference' | 'la_id' | 'la_name' | 'route' | 'status' | 'reason' | 'requested_tier' | 'tier' | 'provider_name' | 'created_iso'>;

const core = (r: CoreRow): CaseCore => ({
  id: r.id,
  reference: caseReference(r.reference),
  laId: r.la_id,
  laName: r.la_name,
  route: r.route,
  status: r.status,
  reason: r.reason,
  requestedTier: r.requested_tier,
  tier: r.tier,
  providerName: r.provider_name,
  createdAt: r.created_iso,
});

/** A row of the list: core() with the list's own fields added to it, not spread into a new object (a spread per row was a tenth of the list's CPU). */
export const caseListItem = (r: CaseListRow): CaseListItem => {
  const item = core(r) as CaseListItem;
  item.urgency = r.urgency;
  item.panelDate = r.panel_date;
  item.providerId = r.provider_id;
  item.settingName = r.setting_name;
  item.pupil = { id: r.pupil_id, givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth, upn: r.upn, lookedAfter: r.looked_after };
  item.updatedAt = r.updated_iso;
  return item;
};

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/**
 * AP cases: referrals and commissions, the panel's staged decisions, offers, placements and their
 * end. The status changes only through `transition`, which asks the state machine, locks the case
 * row, writes the timeline and the audit in the same transaction, and answers 409 naming what the
 * caller may do instead.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly directory: ApDirectoryService,
    private readonly settings: ApSettingsService,
    private readonly reviews: ApReviewsService,
    private readonly followUps: ApFollowUpsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pseudonymKey = deriveKey(config.appSecret, 'pupil-pseudonym');
  }

  private readonly pseudonymKey: Buffer;

  /** Opens a case: a school's referral or commission, or an LA officer's commission for its panel. */
  async create(input: CaseInput): Promise<CaseView> {
    const errors: FieldError[] = [];
    const route = text(input.route) as CaseRoute | undefined;
    if (!route || !CASE_ROUTES.includes(route)) errors.push({ field: 'route', message: 'route must be school_referral, school_commission or la_commission' });
    const pupilId = text(input.pupilId);
    if (!pupilId || !UUID.test(pupilId)) errors.push({ field: 'pupilId', message: 'Choose the pupil' });
    const reason = text(input.reason);
    if (!reason || !CASE_REASONS.some((r) => r.code === reason)) errors.push({ field: 'reason', message: `Choose the reason: ${CASE_REASONS.map((r) => r.code).join(', ')}` });
    const reasonDetail = text(input.reasonDetail);
    if (reasonDetail && reasonDetail.length > 2000) errors.push({ field: 'reasonDetail', message: 'The detail must be 2,000 characters or fewer' });
    const requestedTier = text(input.requestedTier);
    if (!requestedTier || !TIER_CODES.includes(requestedTier as never)) errors.push({ field: 'requestedTier', message: 'Choose the tier: tier_1, tier_2 or tier_3' });
    else if (route === 'school_commission' && requestedTier === 'tier_3') errors.push({ field: 'requestedTier', message: 'A school commissions tier 1 or tier 2 itself; refer to the LA for tier 3' });
    const familyViews = text(input.familyViews);
    const childViews = text(input.childViews);
    if (!familyViews) errors.push({ field: 'familyViews', message: 'Record the views of the family (parents or carers)' });
    else if (familyViews.length > 4000) errors.push({ field: 'familyViews', message: 'The family’s views must be 4,000 characters or fewer' });
    if (!childViews) errors.push({ field: 'childViews', message: 'Record the views of the child or young person' });
    else if (childViews.length > 4000) errors.push({ field: 'childViews', message: 'The child’s views must be 4,000 characters or fewer' });
    const exclusionType = text(input.exclusionType);
    const exclusionStart = text(input.exclusionStart);
    const rawDays = input.exclusionDays;
    let exclusionDays: number | null = null;
    if (exclusionType) {
      if (!['suspension', 'permanent_exclusion'].includes(exclusionType)) errors.push({ field: 'exclusionType', message: 'exclusionType must be suspension or permanent_exclusion' });
      if (!realDate(exclusionStart)) errors.push({ field: 'exclusionStart', message: 'Enter the first day of the exclusion as YYYY-MM-DD' });
      if (exclusionType === 'suspension') {
        const n = typeof rawDays === 'number' ? rawDays : typeof rawDays === 'string' && /^\d+$/.test(rawDays.trim()) ? Number(rawDays) : NaN;
        if (!Number.isInteger(n) || n < 1 || n > 45) errors.push({ field: 'exclusionDays', message: 'Enter the length of the suspension in school days, from 1 to 45' });
        else exclusionDays = n;
      }
    } else if (exclusionStart || (rawDays !== undefined && rawDays !== '' && rawDays !== null)) {
      errors.push({ field: 'exclusionType', message: 'Say whether the exclusion is a suspension or a permanent exclusion' });
    }
    const providerId = text(input.providerId);
    if (route === 'school_commission' && (!providerId || !UUID.test(providerId))) errors.push({ field: 'providerId', message: 'Choose the provider the school commissions' });
    if (route !== 'school_commission' && providerId) errors.push({ field: 'providerId', message: 'Only a school commission names a provider when it is opened; the LA panel decides otherwise' });
    if (errors.length) throw new InvalidFieldsException(errors);

    const p = this.auth.principal;
    let settingId: string | null = null;
    if (route !== 'la_commission') {
      const schools = p.memberships.filter((m) => m.role === 'setting_staff' && m.organisationKind === 'school').map((m) => m.organisationId);
      const wanted = text(input.settingId);
      settingId = wanted ?? (schools.length === 1 ? schools[0] : null);
      if (!schools.length) throw new ForbiddenException(problem(403, 'Only a school’s staff refer or commission for the school.'));
      if (!settingId || !schools.includes(settingId)) throw new InvalidFieldsException([{ field: 'settingId', message: 'Choose which of your schools is referring' }]);
    }

    return this.auth.inTenant(async (m) => {
      const pupil = await this.readablePupil(m, pupilId!);
      if (!pupil) throw new InvalidFieldsException([{ field: 'pupilId', message: 'pupilId must be a pupil you can open' }]);
      if (!this.auth.ability.can('create', subject('ApCase', { tenantId: this.auth.tenantId, laId: pupil.la_id, settingId: settingId ?? undefined }) as never)) {
        throw new ForbiddenException(problem(403, route === 'la_commission' ? 'You can commission for pupils of your own local authority only.' : 'Your role does not allow this.'));
      }
      const [open] = (await m.query(`SELECT reference::text AS reference FROM ap_cases WHERE tenant_id = $1 AND pupil_id = $2 AND status NOT IN ('ended', 'declined', 'withdrawn') LIMIT 1`, [
        this.auth.tenantId,
        pupilId,
      ])) as { reference: string }[];
      if (open) throw new ConflictException(problem(409, `This pupil already has an open case (${caseReference(open.reference)}). Withdraw or end it first.`, { openCase: { reference: caseReference(open.reference) } }));
      if (route === 'school_commission') await this.assertOfferable(m, providerId!, requestedTier!, pupil.la_id, 'providerId');
      const status = initialStatus(route!);
      const [row] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, reason_detail, requested_tier, family_views, child_views,
                               exclusion_type, exclusion_start, exclusion_days, status, tier, provider_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id, reference::text AS reference`,
        [
          this.auth.tenantId, pupil.la_id, pupilId, route, settingId, reason, reasonDetail ?? null, requestedTier, familyViews, childViews,
          exclusionType ?? null, exclusionType ? exclusionStart : null, exclusionDays, status,
          route === 'school_commission' ? requestedTier : null, route === 'school_commission' ? providerId : null, p.userId,
        ],
      )) as { id: string; reference: string }[];
      const action = route === 'school_commission' ? 'commission' : route === 'school_referral' ? 'refer' : 'commission_for_panel';
      await this.event(m, { caseId: row.id, laId: pupil.la_id, action, from: null, to: status, note: reasonDetail ?? null, details: route === 'school_commission' ? { providerId, tier: requestedTier } : {} });
      await this.audit.record({ action: 'ap_case.create', subjectType: 'ApCase', subjectIds: [row.id], laId: pupil.la_id, details: { route: route!, status } });
      // a school's own commission needs no panel, and its LA is told
      if (route === 'school_commission') await this.notice({ ...row, setting_id: settingId }, pupil.la_id, 'school_commission');
      return this.load(m, row.id);
    });
  }

  /**
   * The open case of a pupil the caller may open, if there is one (a new case would be refused):
   * its reference, and its id only when the caller may open that case too. Null when the pupil has
   * none, or is not one the caller may open. Used to tell a user before they answer the questions.
   */
  openCaseOf(pupilId: string): Promise<{ reference: string; id: string | null } | null> {
    if (!UUID.test(pupilId)) return Promise.resolve(null);
    return this.auth.inTenant(async (m) => {
      if (!(await this.readablePupil(m, pupilId))) return null;
      const params: unknown[] = [this.auth.tenantId, pupilId];
      const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
      const [open] = (await m.query(
        `SELECT c.id, c.reference::text AS reference, (${scope}) AS readable FROM ap_cases c
          WHERE c.tenant_id = $1 AND c.pupil_id = $2 AND c.status NOT IN ('ended', 'declined', 'withdrawn') LIMIT 1`,
        params,
      )) as { id: string; reference: string; readable: boolean }[];
      return open ? { reference: caseReference(open.reference), id: open.readable ? open.id : null } : null;
    });
  }

  /** One case with its pupil, placement and timeline; 404 when the caller may not open it. Audited. */
  get(id: string): Promise<CaseView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const view = await this.load(m, id);
      await this.audit.record({ action: 'ap_case.read', subjectType: 'Pupil', subjectIds: [view.pupil.id], laId: view.laId, details: { caseId: id } });
      return view;
    });
  }

  /**
   * The caller's cases (an LA officer: their LAs; a school: its own; a provider: those offered to
   * it), filtered and sorted, in keyset pages. The page shown is audited.
   */
  list(opts: {
    stage?: string;
    status?: string;
    tier?: string;
    route?: string;
    laId?: string;
    providerId?: string;
    sort?: string;
    after?: [string, string] | null;
    limit: number;
  }): Promise<{ items: CaseListItem[]; last: [string, string] | null; more: boolean }> {
    this.requireRead();
    const sort = (opts.sort ?? 'updated') as CaseSort;
    const errors: FieldError[] = [];
    if (!CASE_SORTS.includes(sort)) errors.push({ field: 'sort', message: `sort is one of ${CASE_SORTS.join(', ')}` });
    if (opts.stage && !CASE_STAGES[opts.stage]) errors.push({ field: 'stage', message: `stage is one of ${Object.keys(CASE_STAGES).join(', ')}` });
    if (opts.status && !Object.values(CASE_STAGES).flat().includes(opts.status as CaseStatus) && !['offered'].includes(opts.status)) errors.push({ field: 'status', message: 'status is a case status' });
    if (opts.tier && !TIER_CODES.includes(opts.tier as never)) errors.push({ field: 'tier', message: 'tier is tier_1, tier_2 or tier_3' });
    if (opts.route && !CASE_ROUTES.includes(opts.route as CaseRoute)) errors.push({ field: 'route', message: `route is one of ${CASE_ROUTES.join(', ')}` });
    if (opts.laId && !UUID.test(opts.laId)) errors.push({ field: 'laId', message: 'laId must be a local authority id' });
    if (opts.providerId && !UUID.test(opts.providerId)) errors.push({ field: 'providerId', message: 'providerId must be a provider id' });
    if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 100) errors.push({ field: 'limit', message: 'limit is a whole number from 1 to 100' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const pageLimit = opts.limit;
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId];
      const where = [`c.tenant_id = $1`, positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params)];
      if (opts.stage) {
        params.push(CASE_STAGES[opts.stage]);
        where.push(`c.status = ANY ($${params.length}::text[])`);
      }
      for (const [col, v] of [['status', opts.status], ['tier', opts.tier], ['route', opts.route], ['la_id', opts.laId], ['provider_id', opts.providerId]] as const) {
        if (!v) continue;
        params.push(v);
        where.push(col === 'tier' ? `coalesce(c.tier, c.requested_tier) = $${params.length}` : `c.${col} = $${params.length}`);
      }
      // keyset: each sort has a total order ending in the id
      const key =
        sort === 'oldest'
          ? { expr: `c.created_at`, dir: 'ASC', val: (r: CaseListRow) => r.created_key, cast: 'timestamptz' }
          : sort === 'panel'
            ? { expr: `coalesce(c.panel_date, DATE '9999-12-31')`, dir: 'ASC', val: (r: CaseListRow) => r.panel_date ?? '9999-12-31', cast: 'date' }
            : { expr: `c.updated_at`, dir: 'DESC', val: (r: CaseListRow) => r.updated_key, cast: 'timestamptz' };
      if (opts.after) {
        params.push(opts.after[0], opts.after[1]);
        where.push(`(${key.expr}, c.id) ${key.dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${key.cast}, $${params.length}::uuid)`);
      }
      // a prepared statement, planned once per connection: the LIMIT is in the text (a whole number
      // the controller bounds) so that PostgreSQL's generic plan knows how few rows it reads
      const rows = await preparedQuery<CaseListRow>(
        m,
        `${CASE_LIST_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${key.expr} ${key.dir}, c.id ${key.dir} LIMIT ${pageLimit + 1}`,
        params,
      );
      const page = rows.slice(0, opts.limit);
      // the DPO's access log is by pupil: a list shows these children
      if (page.length) await this.audit.record({ action: 'ap_case.list', subjectType: 'Pupil', subjectIds: [...new Set(page.map((r) => r.pupil_id))] });
      const last = page[page.length - 1];
      return { items: page.map(caseListItem), last: last ? [key.val(last), last.id] : null, more: rows.length > opts.limit };
    });
  }

  /**
   * The partnership's AP picture for its lead: every LA's cases without a name, UPN or date of
   * birth, each child under a keyed pseudonym. Empty until the partnership has recorded a
   * data-sharing agreement in force; then the LAs that are party to one.
   */
  async summaries(opts: { after?: [string, string] | null; limit: number }): Promise<{ items: CaseSummaryItem[]; last: [string, string] | null; more: boolean; sharingLaIds: string[] }> {
    if (!this.auth.ability.can('read', 'ApCaseSummary')) throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    const sharingLaIds = await this.auth.inTenant(async (m) => {
      const parties = (await m.query(
        `SELECT DISTINCT p.la_id FROM data_sharing_agreements a
           JOIN data_sharing_agreement_parties p ON p.tenant_id = a.tenant_id AND p.agreement_id = a.id
          WHERE a.tenant_id = $1 AND a.status = 'active' AND a.starts_on <= ${SCHOOL_TODAY_SQL} AND (a.ends_on IS NULL OR a.ends_on >= ${SCHOOL_TODAY_SQL})`,
        [this.auth.tenantId],
      )) as { la_id: string }[];
      return parties.map((r) => r.la_id).sort();
    });
    if (!sharingLaIds.length) return { items: [], last: null, more: false, sharingLaIds };
    const params: unknown[] = [this.auth.tenantId, sharingLaIds, opts.limit + 1];
    let where = `c.tenant_id = $1 AND c.la_id = ANY ($2::uuid[])`;
    if (opts.after) {
      params.push(opts.after[0], opts.after[1]);
      where += ` AND (c.created_at, c.id) < ($4::timestamptz, $5::uuid)`;
    }
    // the lead's own units of work see no pupil rows; this one reads the sharing LAs' rows and
    // selects no identifying column
    return this.auth.inTenantWithLas(sharingLaIds, async (m) => {
      const rows = (await m.query(
          `SELECT c.id, c.reference::text AS reference, c.pupil_id, c.la_id, la.name AS la_name, c.route, c.status, c.reason, c.requested_tier, c.tier,
                  pr.name AS provider_name, p.sen_provision, p.looked_after, p.free_school_meals, ${isoTimestamp('c.created_at')} AS created_iso, c.created_at::text AS created_key
             FROM ap_cases c
             JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
             JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
             LEFT JOIN ap_providers pr ON pr.tenant_id = c.tenant_id AND pr.id = c.provider_id
            WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT $3`,
        params,
      )) as (CaseRow & { pupil_id: string })[];
      const page = rows.slice(0, opts.limit);
      const key = this.pseudonymKey;
      const items = page.map(
        (r): CaseSummaryItem => ({
          ...core(r),
          pupilPseudonym: createHmac('sha256', key).update(`${this.auth.tenantId}:${r.pupil_id}`).digest('hex').slice(0, 16),
          senProvision: r.sen_provision,
          lookedAfter: r.looked_after,
          freeSchoolMeals: r.free_school_meals,
        }),
      );
      if (page.length) await this.audit.record({ action: 'ap_case.summary_list', subjectType: 'ApCase', subjectIds: page.map((r) => r.id) });
      const last = page[page.length - 1];
      return { items, last: last ? [last.created_key, last.id] : null, more: rows.length > opts.limit, sharingLaIds };
    });
  }

  /**
   * Moves a case on: checks the action against the state machine for the caller's relation to the
   * case (403 when they may never take it, 409 naming what they can do when not from this status),
   * under a row lock, with the timeline and audit written in the same transaction.
   */
  async transition(id: string, actionName: string, input: TransitionInput): Promise<CaseView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    if (!isCaseAction(actionName)) throw new NotFoundException(problem(404, `There is no case action "${actionName}".`));
    const action: CaseAction = actionName;
    const version = input.version === undefined || input.version === null || input.version === '' ? undefined : Number(input.version);
    if (version !== undefined && !Number.isInteger(version)) throw new InvalidFieldsException([{ field: 'version', message: 'version must be the case’s version number' }]);
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, id];
      const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
      const [c] = (await m.query(
        `SELECT c.id, c.reference::text AS reference, c.la_id, c.route, c.setting_id, c.status, c.tier, c.requested_tier, c.provider_id, c.version, c.pupil_id
           FROM ap_cases c WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope} FOR UPDATE`,
        params,
      )) as CaseRow[];
      if (!c) throw this.notFound();
      const relations = this.relations(c);
      const verdict = check(action, c.status, c.route, relations);
      if (!verdict.ok && verdict.reason === 'forbidden') throw new ForbiddenException(problem(403, `Your role cannot ${TRANSITIONS[action].label.toLowerCase()} on this case.`));
      if (!verdict.ok) {
        throw new ConflictException(
          problem(409, `A case that is ${c.status.replace(/_/g, ' ')} cannot take “${action}”. ${verdict.allowed.length ? `You can: ${verdict.allowed.join(', ')}.` : 'You can take no action on it now.'}`, {
            caseStatus: c.status,
            allowedTransitions: verdict.allowed,
          }),
        );
      }
      if (version !== undefined && version !== c.version) {
        throw new ConflictException(problem(409, 'This case has changed since you opened it. Open it again to see what changed.', { currentVersion: c.version }));
      }
      const result = await this.apply(m, c, action, input);
      await m.query(
        `UPDATE ap_cases SET status = $3, updated_at = now(), version = version + 1,
             urgency = coalesce($4, urgency), panel_date = coalesce($5::date, panel_date), decision_reason = coalesce($6, decision_reason),
             tier = coalesce($7, tier), provider_id = coalesce($8::uuid, provider_id),
             closed_at = CASE WHEN $3 IN ('ended', 'withdrawn', 'declined') THEN now() ELSE closed_at END
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, c.id, result.to, result.set.urgency ?? null, result.set.panelDate ?? null, result.set.decisionReason ?? null, result.set.tier ?? null, result.set.providerId ?? null],
      );
      await this.event(m, { caseId: c.id, laId: c.la_id, action: result.event ?? action, from: c.status, to: result.to, note: result.note ?? null, details: result.details ?? {} });
      await this.audit.record({ action: `ap_case.${action}`, subjectType: 'ApCase', subjectIds: [c.id], laId: c.la_id, details: { from: c.status, to: result.to, ...(result.details ?? {}) } });
      return this.load(m, c.id);
    });
  }

  // ---- internals ----

  /** Validates one action's input and does its work besides the status (placements, capacity, notices). */
  private async apply(
    m: EntityManager,
    c: CaseRow,
    action: CaseAction,
    input: TransitionInput,
  ): Promise<{
    to: CaseStatus;
    event?: string;
    note?: string | null;
    details?: Record<string, unknown>;
    set: { urgency?: string; panelDate?: string; decisionReason?: string; tier?: string; providerId?: string };
  }> {
    const note = text(input.note);
    if (note && note.length > 4000) throw new InvalidFieldsException([{ field: 'note', message: 'The note must be 4,000 characters or fewer' }]);
    const need = (ok: boolean, field: string, message: string) => {
      if (!ok) throw new InvalidFieldsException([{ field, message }]);
    };
    switch (action) {
      case 'triage': {
        const errors: FieldError[] = [];
        const urgency = text(input.urgency);
        const panelDate = text(input.panelDate);
        if (!urgency || !URGENCIES.includes(urgency as never)) errors.push({ field: 'urgency', message: 'Choose the urgency: urgent, high or standard' });
        if (!realDate(panelDate)) errors.push({ field: 'panelDate', message: 'Enter the panel date as YYYY-MM-DD' });
        else if (panelDate < isoToday()) errors.push({ field: 'panelDate', message: 'The panel date must be today or later' });
        else {
          const dates = await this.settings.panelDatesFor(m, c.la_id, 26);
          if (dates.length && !dates.includes(panelDate)) errors.push({ field: 'panelDate', message: `Choose one of the LA’s panel dates: ${dates.slice(0, 4).join(', ')}…` });
        }
        if (errors.length) throw new InvalidFieldsException(errors);
        return { to: 'triaged', note, details: { urgency, panelDate }, set: { urgency, panelDate } };
      }
      case 'screen':
        need(!!note, 'note', 'Summarise the screening: what the panel needs to know');
        return { to: 'screened', note, set: {} };
      case 'request_information':
      case 'provide_information':
        need(!!note, 'note', action === 'request_information' ? 'Say what information is needed' : 'Give the information that was asked for');
        return { to: action === 'request_information' ? 'more_information_needed' : 'referred', note, set: {} };
      case 'decide': {
        const decision = text(input.decision);
        need(!!decision && ['offer', 'more_information', 'decline'].includes(decision), 'decision', 'Choose the decision: offer, more_information or decline');
        if (decision === 'decline') {
          need(!!note, 'note', 'Give the reason the panel declined');
          return { to: 'declined', event: 'decide_decline', note, details: { decision }, set: { decisionReason: note } };
        }
        if (decision === 'more_information') {
          need(!!note, 'note', 'Say what information the panel needs');
          return { to: 'more_information_needed', event: 'decide_more_information', note, details: { decision }, set: {} };
        }
        const { providerId, tier } = await this.offerInput(m, c, input);
        return { to: 'offered', event: 'decide_offer', note, details: { decision, providerId, tier }, set: { providerId, tier, decisionReason: note } };
      }
      case 'offer': {
        const { providerId, tier } = await this.offerInput(m, c, input);
        return { to: 'offered', note, details: { providerId, tier }, set: { providerId, tier } };
      }
      case 'decline_offer':
        need(!!note, 'note', 'Give the reason the provider declines');
        return { to: 'offer_declined', note, details: { providerId: c.provider_id }, set: {} };
      case 'accept':
        return this.accept(m, c, input, note);
      case 'start': {
        const startedOn = text(input.startedOn) ?? isoToday();
        need(realDate(startedOn), 'startedOn', 'Enter the first day of the placement as YYYY-MM-DD');
        need(startedOn <= isoToday(), 'startedOn', 'The placement cannot start in the future: start it on its first day');
        await m.query(`UPDATE ap_placements SET status = 'active', started_on = $3 WHERE tenant_id = $1 AND case_id = $2`, [this.auth.tenantId, c.id, startedOn]);
        // the placement's first review, the LA's firstReviewWeeks after the start
        const firstReviewDue = await this.reviews.scheduleFirst(m, c, startedOn);
        return { to: 'placement_active', note, details: { startedOn, firstReviewDue }, set: {} };
      }
      case 'end': {
        const errors: FieldError[] = [];
        const endedOn = text(input.endedOn) ?? isoToday();
        const destination = text(input.destination);
        if (!realDate(endedOn)) errors.push({ field: 'endedOn', message: 'Enter the last day of the placement as YYYY-MM-DD' });
        if (!destination || !PLACEMENT_END_DESTINATIONS.some((d) => d.code === destination))
          errors.push({ field: 'destination', message: `Choose the destination: ${PLACEMENT_END_DESTINATIONS.map((d) => d.code).join(', ')}` });
        if (!note) errors.push({ field: 'note', message: 'Give the reason the placement ended' });
        if (errors.length) throw new InvalidFieldsException(errors);
        const [pl] = (await m.query(`SELECT to_char(coalesce(started_on, planned_start), 'YYYY-MM-DD') AS since FROM ap_placements WHERE tenant_id = $1 AND case_id = $2`, [this.auth.tenantId, c.id])) as { since: string }[];
        if (pl && endedOn < pl.since && c.status === 'placement_active') throw new InvalidFieldsException([{ field: 'endedOn', message: `The placement cannot end before it started (${pl.since})` }]);
        await m.query(`UPDATE ap_placements SET status = 'ended', ended_on = $3, end_reason = $4, destination = $5 WHERE tenant_id = $1 AND case_id = $2`, [
          this.auth.tenantId,
          c.id,
          endedOn,
          note,
          destination,
        ]);
        // scheduled reviews end with the placement; a return to mainstream gets its follow-ups
        const reviewsCancelled = await this.reviews.cancelForEnd(m, c.id);
        const followUps = await this.followUps.createForEnd(m, c, endedOn, destination!);
        return { to: 'ended', note, details: { endedOn, destination, ...(reviewsCancelled ? { reviewsCancelled } : {}), ...(followUps ? { followUps } : {}) }, set: {} };
      }
      case 'withdraw':
        need(!!note, 'note', 'Give the reason for withdrawing');
        return { to: 'withdrawn', note, set: {} };
    }
  }

  /** The provider accepts: a place is taken under a lock on the LA's commissioned places, so the last place goes once. */
  private async accept(m: EntityManager, c: CaseRow, input: TransitionInput, note: string | undefined) {
    const plannedStart = text(input.plannedStart);
    if (!realDate(plannedStart)) throw new InvalidFieldsException([{ field: 'plannedStart', message: 'Enter the planned first day as YYYY-MM-DD' }]);
    let plannedEnd = text(input.plannedEnd);
    if (plannedEnd && (!realDate(plannedEnd) || plannedEnd <= plannedStart)) throw new InvalidFieldsException([{ field: 'plannedEnd', message: 'The planned end must be a date after the start' }]);
    const tier = c.tier!;
    if (!plannedEnd && tier === 'tier_2') plannedEnd = addDays(plannedStart, 7 * (await this.settings.tier2WeeksFor(m, c.la_id)));
    const academicYear = academicYearOf(new Date(`${plannedStart}T00:00:00Z`));
    const [places] = (await m.query(
      `SELECT places FROM ap_commissioned_places WHERE tenant_id = $1 AND provider_id = $2 AND la_id = $3 AND tier = $4 AND academic_year = $5 FOR UPDATE`,
      [this.auth.tenantId, c.provider_id, c.la_id, tier, academicYear],
    )) as { places: number }[];
    const [{ taken }] = (await m.query(
      `SELECT count(*)::int AS taken FROM ap_placements WHERE tenant_id = $1 AND provider_id = $2 AND la_id = $3 AND tier = $4 AND academic_year = $5 AND status <> 'ended'`,
      [this.auth.tenantId, c.provider_id, c.la_id, tier, academicYear],
    )) as { taken: number }[];
    if (!places || taken >= places.places) {
      throw new ConflictException(
        problem(409, `No ${tier.replace('_', ' ')} place is left for this LA in ${academicYear}: ${taken} of ${places?.places ?? 0} commissioned places are taken.`, {
          places: places?.places ?? 0,
          taken,
          academicYear,
        }),
      );
    }
    await m.query(
      `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end) VALUES ($1, $2, $3, $4, $5, $6, 'planned', $7, $8)`,
      [this.auth.tenantId, c.id, c.la_id, c.provider_id, tier, academicYear, plannedStart, plannedEnd ?? null],
    );
    const [pupil] = (await m.query(`SELECT looked_after FROM pupils WHERE tenant_id = $1 AND id = $2`, [this.auth.tenantId, c.pupil_id])) as { looked_after: boolean }[];
    // the virtual school hears of every placement of a looked-after child
    if (pupil?.looked_after) await this.notice(c, c.la_id, 'virtual_school');
    return { to: 'placement_planned' as CaseStatus, note, details: { plannedStart, plannedEnd: plannedEnd ?? null, academicYear, ...(pupil?.looked_after ? { virtualSchoolNotified: true } : {}) }, set: {} };
  }

  private async offerInput(m: EntityManager, c: CaseRow, input: TransitionInput): Promise<{ providerId: string; tier: string }> {
    const errors: FieldError[] = [];
    const providerId = text(input.providerId);
    const tier = text(input.tier);
    if (!providerId || !UUID.test(providerId)) errors.push({ field: 'providerId', message: 'Choose the provider to offer the place to' });
    if (!tier || !TIER_CODES.includes(tier as never)) errors.push({ field: 'tier', message: 'Choose the tier: tier_1, tier_2 or tier_3' });
    else if (c.route === 'school_commission' && tier === 'tier_3') errors.push({ field: 'tier', message: 'A school commissions tier 1 or tier 2 itself' });
    if (errors.length) throw new InvalidFieldsException(errors);
    await this.assertOfferable(m, providerId!, tier!, c.la_id, 'providerId');
    return { providerId: providerId!, tier: tier! };
  }

  /** A new offer needs an active provider offering the tier, every required check in date, and places the LA commissions there this year. */
  private async assertOfferable(m: EntityManager, providerId: string, tier: string, laId: string, field: string): Promise<void> {
    const provider = await this.directory.loadProvider(m, providerId);
    if (!provider || provider.status !== 'active') throw new InvalidFieldsException([{ field, message: `${field} must be an active provider of this partnership` }]);
    if (!provider.tiers.includes(tier)) throw new InvalidFieldsException([{ field: 'tier', message: `${provider.name} does not offer ${tier.replace('_', ' ')}` }]);
    if (!provider.offerability.canReceiveOffers) {
      const why = provider.offerability.blockedBy.map((b) => `${b.kind.replace('_', ' ')} ${b.reason}${b.expiredOn ? ` on ${b.expiredOn}` : ''}`).join('; ');
      throw new ConflictException(problem(409, `${provider.name} cannot be offered a pupil until its checks are in date: ${why}.`, { blockedBy: provider.offerability.blockedBy }));
    }
    const year = academicYearOf(new Date());
    const commissioned = provider.places.find((pl) => pl.laId === laId && pl.tier === tier && pl.academicYear === year);
    if (!commissioned || commissioned.places < 1) {
      throw new InvalidFieldsException([{ field, message: `The pupil’s LA commissions no ${tier.replace('_', ' ')} places from ${provider.name} in ${year}` }]);
    }
  }

  private relations(c: Pick<CaseRow, 'la_id' | 'setting_id' | 'provider_id'>): CaseRelation[] {
    const p = this.auth.principal;
    const out: CaseRelation[] = [];
    if (p.memberships.some((x) => x.role === 'la_officer' && x.localAuthorityId === c.la_id)) out.push('la');
    if (c.setting_id && p.memberships.some((x) => x.role === 'setting_staff' && x.organisationId === c.setting_id)) out.push('school');
    if (c.provider_id && apProviderIds(p).includes(c.provider_id)) out.push('provider');
    return out;
  }

  private async readablePupil(m: EntityManager, pupilId: string): Promise<{ id: string; la_id: string } | null> {
    const params: unknown[] = [this.auth.tenantId, pupilId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'Pupil', 'p', { tenantId: 'tenant_id', laId: 'la_id', settingId: 'setting_id' }), params);
    const [row] = (await m.query(`SELECT p.id, p.la_id FROM pupils p WHERE p.tenant_id = $1 AND p.id = $2 AND ${scope}`, params)) as { id: string; la_id: string }[];
    return row ?? null;
  }

  private async load(m: EntityManager, id: string): Promise<CaseView> {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
    const [r] = (await m.query(`${CASE_SELECT} WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope}`, params)) as CaseRow[];
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
    )) as { at: Date; action: string; from_status: string | null; to_status: string; actor_id: string | null; actor_role: string | null; note: string | null; details: Record<string, unknown>; display_name: string | null }[];
    const exclusion = r.exclusion_type ? { type: r.exclusion_type, start: r.exclusion_start!, days: r.exclusion_days } : null;
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
        ehcPlan: r.sen_provision === 'E' ? { caseworker: r.ehc_caseworker, nextAnnualReview: r.ehc_next_annual_review } : null,
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

  private async event(m: EntityManager, e: { caseId: string; laId: string; action: string; from: CaseStatus | null; to: CaseStatus; note: string | null; details: Record<string, unknown> }) {
    const p = this.auth.principal;
    const role = p.memberships.find((x) => (x.role === 'la_officer' && x.localAuthorityId === e.laId) || x.role === 'setting_staff' || x.role === 'ap_provider_staff')?.role ?? p.memberships[0]?.role ?? null;
    await m.query(
      `INSERT INTO ap_case_events (tenant_id, case_id, la_id, actor_id, actor_role, action, from_status, to_status, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [this.auth.tenantId, e.caseId, e.laId, p.userId, role, e.action, e.from, e.to, e.note, JSON.stringify(e.details)],
    );
  }

  /** Enqueued in the case's transaction: the email goes after commit, and names no child. */
  private async notice(c: { id: string; reference: string; setting_id?: string | null }, laId: string, kind: 'school_commission' | 'virtual_school'): Promise<void> {
    await this.jobs.enqueue(AP_CASE_NOTICE_JOB, { caseId: c.id, reference: caseReference(c.reference), laId, kind, settingId: c.setting_id ?? null }, { idempotencyKey: `ap-case-notice:${kind}:${c.id}` });
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'ApCase')) throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such case among those you can open.'));
  }
}

export const EVENT_LABELS: Record<string, string> = {
  refer: 'Referred to the LA by the school',
  commission: 'Commissioned by the school (no panel)',
  commission_for_panel: 'Opened by the LA for its AP panel',
  triage: 'Triaged',
  screen: 'Screened for panel',
  request_information: 'More information asked for',
  provide_information: 'Information given',
  decide_offer: 'Panel decision: offer',
  decide_more_information: 'Panel decision: more information needed',
  decide_decline: 'Panel decision: declined',
  offer: 'Offered to a provider',
  accept: 'Offer accepted by the provider',
  decline_offer: 'Offer declined by the provider',
  start: 'Placement started',
  end: 'Placement ended',
  withdraw: 'Withdrawn',
  review_scheduled: 'Review scheduled',
  review_held: 'Review held',
  review_rescheduled: 'Review rescheduled',
  review_cancelled: 'Review cancelled',
  follow_up_recorded: 'Reintegration follow-up recorded',
  // alerts (alerts.service.ts): a closed alert, and a children-missing-education decision
  alert_closed: 'Alert closed',
  cme_decision: 'Children missing education: decision recorded',
};

