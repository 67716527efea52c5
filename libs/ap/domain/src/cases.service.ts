import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, deriveKey, positionalScope, scopeTerms, sqlScope } from '@rep-hub/auth';
import { APP_CONFIG, AppConfig, FieldError, InvalidFieldsException, preparedQuery, problem } from '@rep-hub/platform';
import { createHmac } from 'node:crypto';
import { CASE_ROUTES, CaseRoute, CaseStatus, initialStatus, sixthDayDuty } from './case-machine';
import { realDate, text, UUID } from './input';
import {
  CASE_COLUMNS,
  caseDrivers,
  caseListStatement,
  CASE_LIST_SETTINGS,
  CASE_REASONS,
  CASE_SORTS,
  CASE_STAGES,
  CaseInput,
  caseListItem,
  CaseListItem,
  CaseListRow,
  caseReference,
  CaseRow,
  CaseSort,
  CaseSummaryItem,
  CaseView,
  core,
  isoTimestamp,
  TIER_CODES,
} from './cases.model';
import { CaseStore } from './case-store';

/**
 * AP cases: referrals and commissions opened, one case read, the lists and the lead's
 * pseudonymised summaries. How a case moves on is CaseTransitionsService.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: CaseStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pseudonymKey = deriveKey(config.appSecret, 'pupil-pseudonym');
  }

  private readonly pseudonymKey: Buffer;

  /** Opens a case: a school's referral or commission, or an LA officer's commission for its panel. */
  async create(input: CaseInput): Promise<CaseView> {
    const errors: FieldError[] = [];
    const route = text(input.route) as CaseRoute | undefined;
    if (!route || !CASE_ROUTES.includes(route))
      errors.push({ field: 'route', message: 'route must be school_referral, school_commission or la_commission' });
    const pupilId = text(input.pupilId);
    if (!pupilId || !UUID.test(pupilId)) errors.push({ field: 'pupilId', message: 'Choose the pupil' });
    const reason = text(input.reason);
    if (!reason || !CASE_REASONS.some((r) => r.code === reason))
      errors.push({ field: 'reason', message: `Choose the reason: ${CASE_REASONS.map((r) => r.code).join(', ')}` });
    const reasonDetail = text(input.reasonDetail);
    if (reasonDetail && reasonDetail.length > 2000)
      errors.push({ field: 'reasonDetail', message: 'The detail must be 2,000 characters or fewer' });
    const requestedTier = text(input.requestedTier);
    if (!requestedTier || !TIER_CODES.includes(requestedTier as never))
      errors.push({ field: 'requestedTier', message: 'Choose the tier: tier_1, tier_2 or tier_3' });
    else if (route === 'school_commission' && requestedTier === 'tier_3')
      errors.push({
        field: 'requestedTier',
        message: 'A school commissions tier 1 or tier 2 itself; refer to the LA for tier 3',
      });
    const familyViews = text(input.familyViews);
    const childViews = text(input.childViews);
    if (!familyViews)
      errors.push({ field: 'familyViews', message: 'Record the views of the family (parents or carers)' });
    else if (familyViews.length > 4000)
      errors.push({ field: 'familyViews', message: 'The family’s views must be 4,000 characters or fewer' });
    if (!childViews) errors.push({ field: 'childViews', message: 'Record the views of the child or young person' });
    else if (childViews.length > 4000)
      errors.push({ field: 'childViews', message: 'The child’s views must be 4,000 characters or fewer' });
    const exclusionType = text(input.exclusionType);
    const exclusionStart = text(input.exclusionStart);
    const rawDays = input.exclusionDays;
    let exclusionDays: number | null = null;
    if (exclusionType) {
      if (!['suspension', 'permanent_exclusion'].includes(exclusionType))
        errors.push({ field: 'exclusionType', message: 'exclusionType must be suspension or permanent_exclusion' });
      if (!realDate(exclusionStart))
        errors.push({ field: 'exclusionStart', message: 'Enter the first day of the exclusion as YYYY-MM-DD' });
      if (exclusionType === 'suspension') {
        const n =
          typeof rawDays === 'number'
            ? rawDays
            : typeof rawDays === 'string' && /^\d+$/.test(rawDays.trim())
              ? Number(rawDays)
              : NaN;
        if (!Number.isInteger(n) || n < 1 || n > 45)
          errors.push({
            field: 'exclusionDays',
            message: 'Enter the length of the suspension in school days, from 1 to 45',
          });
        else exclusionDays = n;
      }
    } else if (exclusionStart || (rawDays !== undefined && rawDays !== '' && rawDays !== null)) {
      errors.push({
        field: 'exclusionType',
        message: 'Say whether the exclusion is a suspension or a permanent exclusion',
      });
    }
    const providerId = text(input.providerId);
    if (route === 'school_commission' && (!providerId || !UUID.test(providerId)))
      errors.push({ field: 'providerId', message: 'Choose the provider the school commissions' });
    if (route !== 'school_commission' && providerId)
      errors.push({
        field: 'providerId',
        message: 'Only a school commission names a provider when it is opened; the LA panel decides otherwise',
      });
    if (errors.length) throw new InvalidFieldsException(errors);

    const p = this.auth.principal;
    let settingId: string | null = null;
    if (route !== 'la_commission') {
      const schools = p.memberships
        .filter((m) => m.role === 'setting_staff' && m.organisationKind === 'school')
        .map((m) => m.organisationId);
      const wanted = text(input.settingId);
      settingId = wanted ?? (schools.length === 1 ? schools[0] : null);
      if (!schools.length)
        throw new ForbiddenException(problem(403, 'Only a school’s staff refer or commission for the school.'));
      if (!settingId || !schools.includes(settingId))
        throw new InvalidFieldsException([
          { field: 'settingId', message: 'Choose which of your schools is referring' },
        ]);
    }

    return this.auth.inTenant(async (m) => {
      const pupil = await this.store.readablePupil(m, pupilId!);
      if (!pupil)
        throw new InvalidFieldsException([{ field: 'pupilId', message: 'pupilId must be a pupil you can open' }]);
      if (
        !this.auth.ability.can(
          'create',
          subject('ApCase', {
            tenantId: this.auth.tenantId,
            laId: pupil.la_id,
            settingId: settingId ?? undefined,
          }) as never,
        )
      ) {
        throw new ForbiddenException(
          problem(
            403,
            route === 'la_commission'
              ? 'You can commission for pupils of your own local authority only.'
              : 'Your role does not allow this.',
          ),
        );
      }
      const [open] = (await m.query(
        `SELECT reference::text AS reference FROM ap_cases WHERE tenant_id = $1 AND pupil_id = $2 AND status NOT IN ('ended', 'declined', 'withdrawn') LIMIT 1`,
        [this.auth.tenantId, pupilId],
      )) as { reference: string }[];
      if (open)
        throw new ConflictException(
          problem(
            409,
            `This pupil already has an open case (${caseReference(open.reference)}). Withdraw or end it first.`,
            { openCase: { reference: caseReference(open.reference) } },
          ),
        );
      if (route === 'school_commission')
        await this.store.assertOfferable(m, providerId!, requestedTier!, pupil.la_id, 'providerId');
      const status = initialStatus(route!);
      const [row] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, reason_detail, requested_tier, family_views, child_views,
                               exclusion_type, exclusion_start, exclusion_days, status, tier, provider_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id, reference::text AS reference`,
        [
          this.auth.tenantId,
          pupil.la_id,
          pupilId,
          route,
          settingId,
          reason,
          reasonDetail ?? null,
          requestedTier,
          familyViews,
          childViews,
          exclusionType ?? null,
          exclusionType ? exclusionStart : null,
          exclusionDays,
          status,
          route === 'school_commission' ? requestedTier : null,
          route === 'school_commission' ? providerId : null,
          p.userId,
        ],
      )) as { id: string; reference: string }[];
      const action =
        route === 'school_commission' ? 'commission' : route === 'school_referral' ? 'refer' : 'commission_for_panel';
      await this.store.event(m, {
        caseId: row.id,
        laId: pupil.la_id,
        action,
        from: null,
        to: status,
        note: reasonDetail ?? null,
        details: route === 'school_commission' ? { providerId, tier: requestedTier } : {},
      });
      await this.audit.record({
        action: 'ap_case.create',
        subjectType: 'ApCase',
        subjectIds: [row.id],
        laId: pupil.la_id,
        details: { route: route!, status },
      });
      // a school's own commission needs no panel, and its LA is told
      if (route === 'school_commission')
        await this.store.notice({ ...row, setting_id: settingId }, pupil.la_id, 'school_commission');
      return this.store.load(m, row.id);
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
      if (!(await this.store.readablePupil(m, pupilId))) return null;
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

  /**
   * The date the sixth-day duty starts for each of these cases that the caller may read and that
   * has one (an exclusion of more than five days): the panel's tray shows it beside each case.
   */
  sixthDays(ids: string[]): Promise<Map<string, string>> {
    this.store.requireRead();
    const wanted = ids.filter((id) => UUID.test(id));
    if (!wanted.length) return Promise.resolve(new Map());
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, wanted];
      const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
      const rows = (await m.query(
        `SELECT c.id, c.exclusion_type, to_char(c.exclusion_start, 'YYYY-MM-DD') AS exclusion_start, c.exclusion_days
           FROM ap_cases c WHERE c.tenant_id = $1 AND c.id = ANY ($2::uuid[]) AND c.exclusion_type IS NOT NULL AND ${scope}`,
        params,
      )) as {
        id: string;
        exclusion_type: 'suspension' | 'permanent_exclusion';
        exclusion_start: string;
        exclusion_days: number | null;
      }[];
      const out = new Map<string, string>();
      for (const r of rows) {
        const duty = sixthDayDuty({ type: r.exclusion_type, start: r.exclusion_start, days: r.exclusion_days });
        if (duty) out.set(r.id, duty.from);
      }
      return out;
    });
  }

  /** One case with its pupil, placement and timeline; 404 when the caller may not open it. Audited. */
  get(id: string): Promise<CaseView> {
    this.store.requireRead();
    if (!UUID.test(id)) throw this.store.notFound();
    return this.auth.inTenant(async (m) => {
      const view = await this.store.load(m, id);
      await this.audit.record({
        action: 'ap_case.read',
        subjectType: 'Pupil',
        subjectIds: [view.pupil.id],
        laId: view.laId,
        details: { caseId: id },
      });
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
    this.store.requireRead();
    const sort = (opts.sort ?? 'updated') as CaseSort;
    const errors: FieldError[] = [];
    if (!CASE_SORTS.includes(sort)) errors.push({ field: 'sort', message: `sort is one of ${CASE_SORTS.join(', ')}` });
    if (opts.stage && !CASE_STAGES[opts.stage])
      errors.push({ field: 'stage', message: `stage is one of ${Object.keys(CASE_STAGES).join(', ')}` });
    if (
      opts.status &&
      !Object.values(CASE_STAGES)
        .flat()
        .includes(opts.status as CaseStatus) &&
      !['offered'].includes(opts.status)
    )
      errors.push({ field: 'status', message: 'status is a case status' });
    if (opts.tier && !TIER_CODES.includes(opts.tier as never))
      errors.push({ field: 'tier', message: 'tier is tier_1, tier_2 or tier_3' });
    if (opts.route && !CASE_ROUTES.includes(opts.route as CaseRoute))
      errors.push({ field: 'route', message: `route is one of ${CASE_ROUTES.join(', ')}` });
    if (opts.laId && !UUID.test(opts.laId))
      errors.push({ field: 'laId', message: 'laId must be a local authority id' });
    if (opts.providerId && !UUID.test(opts.providerId))
      errors.push({ field: 'providerId', message: 'providerId must be a provider id' });
    if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 100)
      errors.push({ field: 'limit', message: 'limit is a whole number from 1 to 100' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const pageLimit = opts.limit;
    const params: unknown[] = [this.auth.tenantId];
    const ability = this.auth.ability;
    const { text, key, ordered } = caseListStatement(params, {
      ...opts,
      scope: positionalScope(sqlScope(ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params),
      drivers: caseDrivers(scopeTerms(ability, 'read', 'ApCase', CASE_COLUMNS)),
      sort,
      limit: pageLimit,
    });
    // an ordered statement runs with CASE_LIST_SETTINGS, sent with the unit of work's
    // context as its transaction starts (one round trip fewer per list than a statement of their own)
    return this.auth.inTenant(
      async (m) => {
        // a prepared statement, planned once per connection: the LIMIT is in the text (a whole number
        // the controller bounds) so that PostgreSQL's generic plan knows how few rows it reads
        const rows = await preparedQuery<CaseListRow>(m, text, params);
        const page = rows.slice(0, opts.limit);
        // the DPO's access log is by pupil: a list shows these children
        if (page.length)
          await this.audit.record({
            action: 'ap_case.list',
            subjectType: 'Pupil',
            subjectIds: [...new Set(page.map((r) => r.pupil_id))],
          });
        const last = page[page.length - 1];
        return {
          items: page.map(caseListItem),
          last: last ? [key(last), last.id] : null,
          more: rows.length > opts.limit,
        };
      },
      ordered ? CASE_LIST_SETTINGS : undefined,
    );
  }

  /**
   * How many of the caller's cases are in these statuses (of these LAs, when given), as their case
   * lists show them, for their home page: a number, no child, so not audited.
   */
  async countIn(statuses: readonly CaseStatus[], laIds?: readonly string[]): Promise<number> {
    this.store.requireRead();
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, statuses];
      const where = [
        `c.tenant_id = $1`,
        `c.status = ANY ($2::text[])`,
        positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params),
      ];
      if (laIds) {
        params.push(laIds);
        where.push(`c.la_id = ANY ($${params.length}::uuid[])`);
      }
      const [row] = (await m.query(
        `SELECT count(*)::int AS n FROM ap_cases c WHERE ${where.join(' AND ')}`,
        params,
      )) as {
        n: number;
      }[];
      return row?.n ?? 0;
    });
  }

  /**
   * The partnership's AP picture for its lead: every LA's cases without a name, UPN or date of
   * birth, each child under a keyed pseudonym. Empty until every party LA has confirmed a
   * data-sharing agreement granting the partnership view and it is in force (the core's
   * `data_sharing_in_force()`); then the LAs that are party to one.
   */
  async summaries(opts: {
    after?: [string, string] | null;
    limit: number;
  }): Promise<{ items: CaseSummaryItem[]; last: [string, string] | null; more: boolean; sharingLaIds: string[] }> {
    if (!this.auth.ability.can('read', 'ApCaseSummary'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    const sharingLaIds = await this.auth.inTenant(async (m) => {
      const parties = (await m.query(`SELECT DISTINCT la_id FROM data_sharing_in_force($1, 'partnership_view')`, [
        this.auth.tenantId,
      ])) as { la_id: string }[];
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
      const items = page.map((r): CaseSummaryItem => ({
        ...core(r),
        pupilPseudonym: createHmac('sha256', key)
          .update(`${this.auth.tenantId}:${r.pupil_id}`)
          .digest('hex')
          .slice(0, 16),
        senProvision: r.sen_provision,
        lookedAfter: r.looked_after,
        freeSchoolMeals: r.free_school_meals,
      }));
      if (page.length)
        await this.audit.record({
          action: 'ap_case.summary_list',
          subjectType: 'ApCase',
          subjectIds: page.map((r) => r.id),
        });
      const last = page[page.length - 1];
      return { items, last: last ? [last.created_key, last.id] : null, more: rows.length > opts.limit, sharingLaIds };
    });
  }
}
