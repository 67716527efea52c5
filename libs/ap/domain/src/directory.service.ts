import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { academicYearOfDay, FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { AP_PROVIDER_TYPES, AP_TIERS, validateUkprn, validateUrn } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID } from './input';

export const QUALITY_CHECK_KINDS = ['due_diligence', 'safeguarding', 'insurance', 'inspection'] as const;
export type QualityCheckKind = (typeof QUALITY_CHECK_KINDS)[number];
/** The checks a provider needs, current, before it can be offered a pupil. */
export const REQUIRED_CHECKS: readonly QualityCheckKind[] = ['due_diligence', 'safeguarding', 'insurance'];
const TIER_CODES = AP_TIERS.map((t) => t.code);

export interface ProviderInput {
  name?: unknown;
  providerType?: unknown;
  urn?: unknown;
  ukprn?: unknown;
  tiers?: unknown;
  organisationId?: unknown;
}
export interface QualityCheckInput {
  kind?: unknown;
  checkedOn?: unknown;
  expiresOn?: unknown;
  body?: unknown;
  outcome?: unknown;
}
export interface PlacesInput {
  laId?: unknown;
  tier?: unknown;
  academicYear?: unknown;
  places?: unknown;
}

export interface ProviderSummary {
  id: string;
  name: string;
  providerType: string;
  urn: string | null;
  ukprn: string | null;
  tiers: string[];
  status: string;
  organisationId: string | null;
}
export interface QualityCheckView {
  id: string;
  kind: QualityCheckKind;
  checkedOn: string;
  expiresOn: string;
  body: string | null;
  outcome: string | null;
  expired: boolean;
}
export interface PlacesView {
  laId: string;
  laName: string;
  tier: string;
  academicYear: string;
  places: number;
}
export interface Offerability {
  /** true when every required check is recorded and in date: a new offer may go to this provider. */
  canReceiveOffers: boolean;
  /** The required checks that are missing or expired. */
  blockedBy: { kind: QualityCheckKind; reason: 'missing' | 'expired'; expiredOn?: string }[];
}
export interface ProviderListItem extends ProviderSummary {
  offerability: Offerability;
}
export interface ProviderDetail extends ProviderSummary {
  checks: QualityCheckView[];
  places: PlacesView[];
  offerability: Offerability;
}

interface ProviderRow {
  id: string;
  name: string;
  provider_type: string;
  urn: string | null;
  ukprn: string | null;
  tiers: string[];
  status: string;
  organisation_id: string | null;
}

const view = (r: ProviderRow): ProviderSummary => ({
  id: r.id,
  name: r.name,
  providerType: r.provider_type,
  urn: r.urn,
  ukprn: r.ukprn,
  tiers: r.tiers,
  status: r.status,
  organisationId: r.organisation_id,
});

/** The academic year a date falls in (1 September to 31 August), like 2026/27. */
export function academicYearOf(d: Date): string {
  return academicYearOfDay(d.toISOString().slice(0, 10));
}

/** The checks that are missing or out of date on a day (ISO date): what blocks a new offer. */
export function offerability(checks: QualityCheckView[], today: string): Offerability {
  const blockedBy: Offerability['blockedBy'] = [];
  for (const kind of REQUIRED_CHECKS) {
    const latest = checks.filter((c) => c.kind === kind).sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
    if (!latest) blockedBy.push({ kind, reason: 'missing' });
    else if (latest.expiresOn < today) blockedBy.push({ kind, reason: 'expired', expiredOn: latest.expiresOn });
  }
  // an inspection is not required of every provider (unregistered provision has none), but a recorded one must be in date
  const inspection = checks
    .filter((c) => c.kind === 'inspection')
    .sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
  if (inspection && inspection.expiresOn < today)
    blockedBy.push({ kind: 'inspection', reason: 'expired', expiredOn: inspection.expiresOn });
  return { canReceiveOffers: blockedBy.length === 0, blockedBy };
}

/**
 * The partnership's AP directory: providers (type, URN or UKPRN, tiers), their quality checks
 * with expiry dates (one check serves every LA of the partnership), and the places each LA
 * commissions per tier and academic year. Every change writes its audit row in its transaction.
 */
@Injectable()
export class ApDirectoryService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Providers by name (keyset: after the last name and id of the previous page), optionally of one tier. */
  listProviders(
    opts: { after?: [string, string] | null; limit: number; tier?: string },
    today = schoolToday(),
  ): Promise<{ items: ProviderListItem[]; last: [string, string] | null; more: boolean }> {
    this.require('read', 'ApProvider');
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, opts.limit + 1];
      let where = 'tenant_id = $1';
      if (opts.tier) {
        params.push(opts.tier);
        where += ` AND $${params.length} = ANY (tiers)`;
      }
      if (opts.after) {
        params.push(opts.after[0], opts.after[1]);
        where += ` AND (name, id) > ($${params.length - 1}, $${params.length}::uuid)`;
      }
      const rows = (await m.query(
        `SELECT * FROM ap_providers WHERE ${where} ORDER BY name, id LIMIT $2`,
        params,
      )) as ProviderRow[];
      const page = rows.slice(0, opts.limit);
      const last = page[page.length - 1];
      // the page's checks in one query: whether each provider can receive offers today
      const checks = page.length
        ? ((await m.query(
            `SELECT provider_id, kind, to_char(expires_on, 'YYYY-MM-DD') AS expires_on FROM ap_quality_checks WHERE tenant_id = $1 AND provider_id = ANY ($2::uuid[])`,
            [this.auth.tenantId, page.map((r) => r.id)],
          )) as { provider_id: string; kind: QualityCheckKind; expires_on: string }[])
        : [];
      const items = page.map((r) => {
        const own = checks
          .filter((c) => c.provider_id === r.id)
          .map((c) => ({
            id: '',
            kind: c.kind,
            checkedOn: '',
            expiresOn: c.expires_on,
            body: null,
            outcome: null,
            expired: c.expires_on < today,
          }));
        return { ...view(r), offerability: offerability(own, today) };
      });
      return { items, last: last ? [last.name, last.id] : null, more: rows.length > opts.limit };
    });
  }

  /** One provider with its checks, places and whether it can receive offers today. 404 when not in this partnership. */
  getProvider(id: string, today = schoolToday()): Promise<ProviderDetail> {
    this.require('read', 'ApProvider');
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const detail = await this.loadProvider(m, id, today);
      if (!detail) throw this.notFound();
      return detail;
    });
  }

  /**
   * The providers an LA can offer a place to today: active, every required check in date, and
   * places commissioned by that LA this academic year; each with the tiers it has places in.
   */
  offerableProviders(laId: string, today = schoolToday()): Promise<{ id: string; name: string; tiers: string[] }[]> {
    this.require('read', 'ApProvider');
    return this.auth.inTenant(async (m) => {
      const rows = (await m.query(
        `SELECT p.id, p.name, array_agg(DISTINCT c.tier ORDER BY c.tier) AS tiers
           FROM ap_providers p
           JOIN ap_commissioned_places c ON c.tenant_id = p.tenant_id AND c.provider_id = p.id AND c.la_id = $2 AND c.academic_year = $3 AND c.places > 0 AND c.tier = ANY (p.tiers)
          WHERE p.tenant_id = $1 AND p.status = 'active'
          GROUP BY p.id, p.name ORDER BY p.name, p.id`,
        [this.auth.tenantId, laId, academicYearOf(new Date(`${today}T00:00:00Z`))],
      )) as { id: string; name: string; tiers: string[] }[];
      const checks = rows.length
        ? ((await m.query(
            `SELECT provider_id, kind, to_char(expires_on, 'YYYY-MM-DD') AS expires_on FROM ap_quality_checks WHERE tenant_id = $1 AND provider_id = ANY ($2::uuid[])`,
            [this.auth.tenantId, rows.map((r) => r.id)],
          )) as { provider_id: string; kind: QualityCheckKind; expires_on: string }[])
        : [];
      return rows.filter(
        (r) =>
          offerability(
            checks
              .filter((c) => c.provider_id === r.id)
              .map((c) => ({
                id: '',
                kind: c.kind,
                checkedOn: '',
                expiresOn: c.expires_on,
                body: null,
                outcome: null,
                expired: c.expires_on < today,
              })),
            today,
          ).canReceiveOffers,
      );
    });
  }

  /** In the caller's unit of work: one provider with checks, places and offerability, or null. */
  async loadProvider(m: EntityManager, id: string, today = schoolToday()): Promise<ProviderDetail | null> {
    const [provider] = (await m.query(`SELECT * FROM ap_providers WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      id,
    ])) as ProviderRow[];
    if (!provider) return null;
    const checks = (
      (await m.query(
        `SELECT id, kind, to_char(checked_on, 'YYYY-MM-DD') AS checked_on, to_char(expires_on, 'YYYY-MM-DD') AS expires_on, body, outcome
           FROM ap_quality_checks WHERE tenant_id = $1 AND provider_id = $2 ORDER BY kind, expires_on DESC, id`,
        [this.auth.tenantId, id],
      )) as {
        id: string;
        kind: QualityCheckKind;
        checked_on: string;
        expires_on: string;
        body: string | null;
        outcome: string | null;
      }[]
    ).map((c) => ({
      id: c.id,
      kind: c.kind,
      checkedOn: c.checked_on,
      expiresOn: c.expires_on,
      body: c.body,
      outcome: c.outcome,
      expired: c.expires_on < today,
    }));
    const places = (
      (await m.query(
        `SELECT p.la_id, o.name AS la_name, p.tier, p.academic_year, p.places
           FROM ap_commissioned_places p JOIN organisations o ON o.tenant_id = p.tenant_id AND o.id = p.la_id
          WHERE p.tenant_id = $1 AND p.provider_id = $2 ORDER BY p.academic_year DESC, o.name, p.tier`,
        [this.auth.tenantId, id],
      )) as { la_id: string; la_name: string; tier: string; academic_year: string; places: number }[]
    ).map((p) => ({ laId: p.la_id, laName: p.la_name, tier: p.tier, academicYear: p.academic_year, places: p.places }));
    return { ...view(provider), checks, places, offerability: offerability(checks, today) };
  }

  async createProvider(input: ProviderInput): Promise<ProviderSummary> {
    this.require('create', 'ApProvider');
    const errors: FieldError[] = [];
    const name = text(input.name);
    if (!name) errors.push({ field: 'name', message: 'Enter the provider’s name' });
    else if (name.length > 200) errors.push({ field: 'name', message: 'The name must be 200 characters or fewer' });
    const providerType = text(input.providerType);
    const type = AP_PROVIDER_TYPES.find((t) => t.code === providerType);
    if (!type) errors.push({ field: 'providerType', message: 'Select the type of provider' });
    const urn = text(input.urn);
    const ukprn = text(input.ukprn);
    if (urn && !validateUrn(urn).valid)
      errors.push({ field: 'urn', message: validateUrn(urn).error ?? 'Enter a 6-digit URN' });
    if (ukprn && !validateUkprn(ukprn).valid)
      errors.push({ field: 'ukprn', message: validateUkprn(ukprn).error ?? 'Enter an 8-digit UKPRN' });
    if (type && type.code !== 'unregistered_provision' && !urn && !ukprn) {
      errors.push({
        field: 'urn',
        message: 'Enter the provider’s URN or UKPRN (only unregistered provision has neither)',
      });
    }
    const tiers = Array.isArray(input.tiers)
      ? [...new Set(input.tiers.filter((t): t is string => typeof t === 'string'))]
      : typeof input.tiers === 'string'
        ? [input.tiers]
        : [];
    if (tiers.length === 0) errors.push({ field: 'tiers', message: 'Select the tiers the provider offers' });
    else if (tiers.some((t) => !TIER_CODES.includes(t as never)))
      errors.push({ field: 'tiers', message: 'Tiers must be tier_1, tier_2 or tier_3' });
    const organisationId = text(input.organisationId);
    if (organisationId && !UUID.test(organisationId))
      errors.push({
        field: 'organisationId',
        message: 'organisationId must be an AP provider organisation of this partnership',
      });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      if (organisationId) {
        const [org] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
          this.auth.tenantId,
          organisationId,
        ])) as { kind: string }[];
        if (org?.kind !== 'ap_provider')
          throw new InvalidFieldsException([
            {
              field: 'organisationId',
              message: 'organisationId must be an AP provider organisation of this partnership',
            },
          ]);
      }
      const clash = (await m.query(
        `SELECT 1 FROM ap_providers WHERE tenant_id = $1 AND ((urn = $2) OR (ukprn = $3) OR (organisation_id = $4)) LIMIT 1`,
        [this.auth.tenantId, urn ?? null, ukprn ?? null, organisationId ?? null],
      )) as unknown[];
      if (clash.length)
        throw new ConflictException(
          problem(409, 'This provider is already in the directory (same URN, UKPRN or organisation).'),
        );
      const [row] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, urn, ukprn, tiers, organisation_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8) RETURNING *`,
        [
          this.auth.tenantId,
          name,
          providerType,
          urn ?? null,
          ukprn ?? null,
          [...tiers].sort(),
          organisationId ?? null,
          this.auth.principal.userId,
        ],
      )) as ProviderRow[];
      await this.audit.record({ action: 'ap.provider.create', subjectType: 'ApProvider', subjectIds: [row.id] });
      return view(row);
    });
  }

  async recordCheck(providerId: string, input: QualityCheckInput): Promise<QualityCheckView> {
    this.require('create', 'ApQualityCheck');
    if (!UUID.test(providerId)) throw this.notFound();
    const errors: FieldError[] = [];
    const kind = text(input.kind) as QualityCheckKind | undefined;
    if (!kind || !QUALITY_CHECK_KINDS.includes(kind))
      errors.push({ field: 'kind', message: 'Select the kind of check' });
    const checkedOn = text(input.checkedOn);
    const expiresOn = text(input.expiresOn);
    if (!realDate(checkedOn)) errors.push({ field: 'checkedOn', message: 'Enter the date of the check as YYYY-MM-DD' });
    else if (checkedOn! > schoolToday())
      errors.push({ field: 'checkedOn', message: 'The date of the check must be today or in the past' });
    if (!realDate(expiresOn))
      errors.push({ field: 'expiresOn', message: 'Enter the date the check expires as YYYY-MM-DD' });
    else if (realDate(checkedOn) && expiresOn! <= checkedOn!)
      errors.push({ field: 'expiresOn', message: 'The expiry date must be after the date of the check' });
    const body = text(input.body);
    const outcome = text(input.outcome);
    if (kind === 'inspection' && !body)
      errors.push({ field: 'body', message: 'Enter who inspected the provider, like Ofsted' });
    if (kind === 'inspection' && !outcome)
      errors.push({ field: 'outcome', message: 'Enter the outcome of the inspection' });
    if (body && body.length > 200)
      errors.push({ field: 'body', message: 'The inspection body must be 200 characters or fewer' });
    if (outcome && outcome.length > 2000)
      errors.push({ field: 'outcome', message: 'The outcome must be 2,000 characters or fewer' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      await this.findProvider(m, providerId);
      const [row] = (await m.query(
        `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on, body, outcome, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, to_char(checked_on, 'YYYY-MM-DD') AS checked_on, to_char(expires_on, 'YYYY-MM-DD') AS expires_on`,
        [
          this.auth.tenantId,
          providerId,
          kind,
          checkedOn,
          expiresOn,
          body ?? null,
          outcome ?? null,
          this.auth.principal.userId,
        ],
      )) as { id: string; checked_on: string; expires_on: string }[];
      await this.audit.record({
        action: 'ap.quality_check.record',
        subjectType: 'ApProvider',
        subjectIds: [providerId, row.id],
      });
      return {
        id: row.id,
        kind: kind!,
        checkedOn: row.checked_on,
        expiresOn: row.expires_on,
        body: body ?? null,
        outcome: outcome ?? null,
        expired: row.expires_on < schoolToday(),
      };
    });
  }

  /** Sets the places an LA commissions from a provider for a tier and academic year (an LA officer: their own LA only). */
  async setPlaces(providerId: string, input: PlacesInput): Promise<PlacesView> {
    if (!UUID.test(providerId)) throw this.notFound();
    const errors: FieldError[] = [];
    const laId = text(input.laId);
    if (!laId || !UUID.test(laId)) errors.push({ field: 'laId', message: 'Select the local authority' });
    const tier = text(input.tier);
    if (!tier || !TIER_CODES.includes(tier as never)) errors.push({ field: 'tier', message: 'Select the tier' });
    const academicYear = text(input.academicYear);
    const yearOk =
      !!academicYear &&
      /^\d{4}\/\d{2}$/.test(academicYear) &&
      (Number(academicYear.slice(0, 4)) + 1) % 100 === Number(academicYear.slice(5));
    if (!yearOk) errors.push({ field: 'academicYear', message: 'Enter the academic year like 2026/27' });
    const places =
      typeof input.places === 'string' && /^\d+$/.test(input.places.trim()) ? Number(input.places) : input.places;
    if (typeof places !== 'number' || !Number.isInteger(places) || places < 0 || places > 10_000)
      errors.push({ field: 'places', message: 'Enter the number of places, a whole number from 0 to 10,000' });
    if (errors.length) throw new InvalidFieldsException(errors);
    if (
      !this.auth.ability.can(
        'update',
        subject('ApCommissionedPlace', { tenantId: this.auth.tenantId, laId: laId! }) as never,
      )
    ) {
      throw new ForbiddenException(problem(403, 'You can set the places of your own local authority only.'));
    }
    return this.auth.inTenant(async (m) => {
      const provider = await this.findProvider(m, providerId);
      if (!provider.tiers.includes(tier!))
        throw new InvalidFieldsException([{ field: 'tier', message: 'The provider does not offer this tier' }]);
      const [la] = (await m.query(`SELECT name, kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
        this.auth.tenantId,
        laId,
      ])) as { name: string; kind: string }[];
      if (la?.kind !== 'local_authority')
        throw new InvalidFieldsException([
          { field: 'laId', message: 'laId must be a local authority of this partnership' },
        ]);
      await m.query(
        `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, provider_id, la_id, tier, academic_year)
         DO UPDATE SET places = excluded.places, updated_by = excluded.updated_by, updated_at = now(), version = ap_commissioned_places.version + 1`,
        [this.auth.tenantId, providerId, laId, tier, academicYear, places, this.auth.principal.userId],
      );
      await this.audit.record({
        action: 'ap.places.set',
        subjectType: 'ApProvider',
        subjectIds: [providerId],
        laId: laId!,
        details: { tier: tier!, academicYear: academicYear!, places: places as number },
      });
      return { laId: laId!, laName: la.name, tier: tier!, academicYear: academicYear!, places: places as number };
    });
  }

  private async findProvider(m: EntityManager, id: string): Promise<ProviderRow> {
    const [row] = (await m.query(`SELECT * FROM ap_providers WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      id,
    ])) as ProviderRow[];
    if (!row) throw this.notFound();
    return row;
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such provider in your partnership’s directory.'));
  }

  private require(action: 'read' | 'create' | 'update', what: 'ApProvider' | 'ApQualityCheck'): void {
    if (!this.auth.ability.can(action, what))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }
}
