import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import {
  assertVersion,
  FieldError,
  InvalidFieldsException,
  isUuid,
  optionalText,
  problem,
  requiredText,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { assertMay, mayChange, memberNotFound, notFound, requireRead, requireRole } from './local-partnerships.access';
import { LocalPartnershipDetail, LocalPartnershipSummary } from './local-partnerships.model';
import { D, LocalPartnershipsStore } from './local-partnerships.store';
import { checkSafeText } from './safe-text';

/**
 * Local SEND and AP partnerships, one per LA of the partnership: setting one up, reading it (its
 * members and meetings come from the store) and its name and terms of reference (a document in the
 * safe formatting subset). Members and representatives are LocalPartnershipMembersService's,
 * meetings LocalPartnershipMeetingsService's. Every member of the partnership reads them; the lead
 * keeps every LA's, an LA's officers and admins their own. Each change checks the record's
 * `version` under a row lock (409 when stale) and writes its audit row in the same transaction.
 */
@Injectable()
export class LocalPartnershipsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: LocalPartnershipsStore,
  ) {}

  // ---- reading ----

  list(today = schoolToday()): Promise<LocalPartnershipSummary[]> {
    requireRead(this.auth);
    return this.auth.inTenant(async (m) => {
      const rows = (await m.query(
        `SELECT lp.id, lp.la_id, o.name AS la_name, lp.name, lp.version,
                (SELECT count(*)::int FROM local_partnership_members mb
                  WHERE mb.tenant_id = lp.tenant_id AND mb.local_partnership_id = lp.id AND (mb.left_on IS NULL OR mb.left_on >= $2::date)) AS member_count,
                (SELECT ${D('min(mt.held_on)')} FROM local_partnership_meetings mt
                  WHERE mt.tenant_id = lp.tenant_id AND mt.local_partnership_id = lp.id AND mt.status = 'planned' AND mt.held_on >= $2::date) AS next_meeting_on
           FROM local_partnerships lp JOIN organisations o ON o.tenant_id = lp.tenant_id AND o.id = lp.la_id
          WHERE lp.tenant_id = $1 ORDER BY o.name, lp.id`,
        [this.auth.tenantId, today],
      )) as {
        id: string;
        la_id: string;
        la_name: string;
        name: string;
        version: number;
        member_count: number;
        next_meeting_on: string | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        laId: r.la_id,
        laName: r.la_name,
        name: r.name,
        memberCount: r.member_count,
        nextMeetingOn: r.next_meeting_on,
        version: r.version,
      }));
    });
  }

  get(id: string, today = schoolToday()): Promise<LocalPartnershipDetail> {
    requireRead(this.auth);
    if (!isUuid(id)) throw notFound();
    return this.auth.inTenant(async (m) => {
      const lp = await this.store.findLp(m, id, false);
      return this.store.detail(m, lp, today);
    });
  }

  /** The local partnership of an LA, or null when it has none yet. */
  getByLa(laId: string, today = schoolToday()): Promise<LocalPartnershipDetail | null> {
    requireRead(this.auth);
    if (!isUuid(laId)) return Promise.resolve(null);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(`SELECT id FROM local_partnerships WHERE tenant_id = $1 AND la_id = $2`, [
        this.auth.tenantId,
        laId,
      ])) as { id: string }[];
      if (!row) return null;
      return this.store.detail(m, await this.store.findLp(m, row.id, false), today);
    });
  }

  /** The LAs of the partnership that have no local partnership yet and that the caller may create one for. */
  async lasWithout(): Promise<{ id: string; name: string }[]> {
    requireRead(this.auth);
    const las = await this.auth.inTenant(
      (m) =>
        m.query(
          `SELECT o.id, o.name FROM organisations o
            WHERE o.tenant_id = $1 AND o.kind = 'local_authority'
              AND NOT EXISTS (SELECT 1 FROM local_partnerships lp WHERE lp.tenant_id = o.tenant_id AND lp.la_id = o.id)
            ORDER BY o.name, o.id`,
          [this.auth.tenantId],
        ) as Promise<{ id: string; name: string }[]>,
    );
    return las.filter((la) => this.may('create', la.id));
  }

  /** The organisations of the partnership a member may be linked to, by name. */
  organisations(): Promise<{ id: string; name: string }[]> {
    requireRead(this.auth);
    return this.auth.inTenant(
      (m) =>
        m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 ORDER BY name, id`, [
          this.auth.tenantId,
        ]) as Promise<{ id: string; name: string }[]>,
    );
  }

  /** The local partnership a member organisation belongs to. 404 when the member is not in this partnership. */
  memberPartnership(memberId: string, today = schoolToday()): Promise<LocalPartnershipDetail> {
    requireRead(this.auth);
    if (!isUuid(memberId)) throw memberNotFound();
    return this.auth.inTenant(async (m) => {
      const member = await this.store.findMember(m, memberId);
      return this.store.detail(m, await this.store.findLp(m, member.local_partnership_id, false), today);
    });
  }

  /** Whether the caller may change the local partnership of this LA (its members, meetings, terms). */
  may(action: 'create' | 'update', laId: string): boolean {
    return mayChange(this.auth, action, laId);
  }

  // ---- the partnership itself ----

  async create(input: { laId?: unknown; name?: unknown }): Promise<LocalPartnershipDetail> {
    requireRole(this.auth, 'create');
    const errors: FieldError[] = [];
    const laId = isUuid(input.laId) ? input.laId.toLowerCase() : undefined;
    if (!laId) errors.push({ field: 'laId', message: 'Select the local authority' });
    const name = requiredText(input.name, 'name', 200, 'Enter the name of the local partnership', 'The name', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    if (!this.may('create', laId!))
      throw new ForbiddenException(
        problem(403, 'You can set up the local partnership of your own local authority only.'),
      );
    return this.auth.inTenant(async (m) => {
      const [la] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
        this.auth.tenantId,
        laId,
      ])) as { kind: string }[];
      if (la?.kind !== 'local_authority')
        throw new InvalidFieldsException([
          { field: 'laId', message: 'laId must be a local authority of this partnership' },
        ]);
      const [row] = (await m.query(
        `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, la_id) DO NOTHING RETURNING id`,
        [this.auth.tenantId, laId, name],
      )) as { id: string }[];
      if (!row)
        throw new ConflictException(
          problem(409, 'This local authority has a local partnership already: open it to change it.'),
        );
      await this.audit.record({
        action: 'plans.local_partnership.create',
        subjectType: 'LocalPartnership',
        subjectIds: [row.id],
        laId: laId!,
      });
      return this.store.detail(m, await this.store.findLp(m, row.id, false), schoolToday());
    });
  }

  /** Renames the partnership and/or replaces its terms of reference (safe formatting subset). */
  async update(
    id: string,
    input: { name?: unknown; termsOfReference?: unknown; version?: unknown },
  ): Promise<LocalPartnershipDetail> {
    requireRole(this.auth, 'update');
    if (!isUuid(id)) throw notFound();
    const errors: FieldError[] = [];
    const name =
      input.name === undefined
        ? undefined
        : requiredText(input.name, 'name', 200, 'Enter the name of the local partnership', 'The name', errors);
    let terms: string | undefined;
    if (input.termsOfReference !== undefined) {
      terms = optionalText(input.termsOfReference, 'termsOfReference', 50_000, 'The terms of reference', errors);
      if (terms !== undefined)
        for (const p of checkSafeText(terms))
          errors.push({ field: 'termsOfReference', message: `Line ${p.line}: ${p.message}` });
    }
    const version = versionOf(input.version, errors);
    if (errors.length) throw new InvalidFieldsException(errors.slice(0, 20));
    return this.auth.inTenant(async (m) => {
      const lp = await this.store.findLp(m, id, true);
      assertMay(this.auth, lp.la_id);
      assertVersion('local partnership', lp.version, version!);
      await m.query(
        `UPDATE local_partnerships SET name = coalesce($3, name),
                terms_of_reference = coalesce($4, terms_of_reference),
                terms_updated_at = CASE WHEN $4::text IS NULL THEN terms_updated_at ELSE now() END,
                terms_updated_by = CASE WHEN $4::text IS NULL THEN terms_updated_by ELSE $5::uuid END,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, id, name ?? null, terms ?? null, this.auth.principal.userId],
      );
      await this.audit.record({
        action: 'plans.local_partnership.update',
        subjectType: 'LocalPartnership',
        subjectIds: [id],
        laId: lp.la_id,
        details: { name: name !== undefined, termsOfReference: terms !== undefined },
      });
      return this.store.detail(m, await this.store.findLp(m, id, false), schoolToday());
    });
  }
}
