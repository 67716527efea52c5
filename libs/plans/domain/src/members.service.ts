import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import {
  assertVersion,
  codeOf,
  FieldError,
  InvalidFieldsException,
  isUuid,
  optionalDate,
  optionalId,
  optionalText,
  requiredText,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { EMAIL } from './local-input';
import { assertMay, memberNotFound, notFound, representativeNotFound, requireRole } from './local-partnerships.access';
import { MemberView, RepresentativeView } from './local-partnerships.model';
import { LocalPartnershipsStore } from './local-partnerships.store';
import { MEMBER_KINDS, MemberKind } from './themes';

const KIND_CODES = MEMBER_KINDS.map((k) => k.code) as MemberKind[];

/**
 * The member organisations of a local partnership (by kind, in REP Hub or named only) and their
 * representatives. The lead changes every LA's, an LA's officers and admins their own; each change
 * checks the record's `version` under a row lock (409 when stale) and writes its audit row in the
 * same transaction.
 */
@Injectable()
export class LocalPartnershipMembersService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: LocalPartnershipsStore,
  ) {}

  // ---- members ----

  async addMember(
    lpId: string,
    input: { kind?: unknown; name?: unknown; organisationId?: unknown; joinedOn?: unknown; leftOn?: unknown },
  ): Promise<MemberView> {
    requireRole(this.auth, 'update');
    if (!isUuid(lpId)) throw notFound();
    const v = this.memberInput(input);
    return this.auth.inTenant(async (m) => {
      const lp = await this.store.findLp(m, lpId, true);
      assertMay(this.auth, lp.la_id);
      const name = await this.memberName(m, v.organisationId, v.name);
      if (v.organisationId) {
        const dup = (await m.query(
          `SELECT 1 FROM local_partnership_members WHERE tenant_id = $1 AND local_partnership_id = $2 AND organisation_id = $3`,
          [this.auth.tenantId, lpId, v.organisationId],
        )) as unknown[];
        if (dup.length)
          throw new InvalidFieldsException([
            { field: 'organisationId', message: 'This organisation is a member of the local partnership already' },
          ]);
      }
      const [row] = (await m.query(
        `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name, organisation_id, joined_on, left_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [this.auth.tenantId, lpId, v.kind, name, v.organisationId, v.joinedOn, v.leftOn],
      )) as { id: string }[];
      await this.store.touch(m, lpId);
      await this.audit.record({
        action: 'plans.local_partnership_member.add',
        subjectType: 'LocalPartnership',
        subjectIds: [lpId, row.id],
        laId: lp.la_id,
        details: { kind: v.kind, inRepHub: !!v.organisationId },
      });
      return (await this.store.members(m, lpId, schoolToday(), row.id))[0];
    });
  }

  /** Changes a member (its kind, name, dates: a member leaves by its leaving date). */
  async updateMember(
    memberId: string,
    input: {
      kind?: unknown;
      name?: unknown;
      organisationId?: unknown;
      joinedOn?: unknown;
      leftOn?: unknown;
      version?: unknown;
    },
    lpId?: string,
  ): Promise<MemberView> {
    requireRole(this.auth, 'update');
    if (!isUuid(memberId)) throw memberNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const v = this.memberInput(input, errors);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(
        `SELECT mb.local_partnership_id, mb.organisation_id, mb.version, lp.la_id FROM local_partnership_members mb
           JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
          WHERE mb.tenant_id = $1 AND mb.id = $2 FOR UPDATE OF mb`,
        [this.auth.tenantId, memberId],
      )) as { local_partnership_id: string; organisation_id: string | null; version: number; la_id: string }[];
      if (!row || (lpId && row.local_partnership_id !== lpId)) throw memberNotFound();
      assertMay(this.auth, row.la_id);
      assertVersion('member', row.version, version!);
      const name = await this.memberName(m, v.organisationId, v.name);
      if (v.organisationId && v.organisationId !== row.organisation_id) {
        const dup = (await m.query(
          `SELECT 1 FROM local_partnership_members WHERE tenant_id = $1 AND local_partnership_id = $2 AND organisation_id = $3`,
          [this.auth.tenantId, row.local_partnership_id, v.organisationId],
        )) as unknown[];
        if (dup.length)
          throw new InvalidFieldsException([
            { field: 'organisationId', message: 'This organisation is a member of the local partnership already' },
          ]);
      }
      await m.query(
        `UPDATE local_partnership_members SET kind = $3, name = $4, organisation_id = $5, joined_on = $6, left_on = $7,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, memberId, v.kind, name, v.organisationId, v.joinedOn, v.leftOn],
      );
      await this.audit.record({
        action: 'plans.local_partnership_member.update',
        subjectType: 'LocalPartnership',
        subjectIds: [row.local_partnership_id, memberId],
        laId: row.la_id,
        details: { kind: v.kind, left: !!v.leftOn },
      });
      return (await this.store.members(m, row.local_partnership_id, schoolToday(), memberId))[0];
    });
  }

  private memberInput(
    input: { kind?: unknown; name?: unknown; organisationId?: unknown; joinedOn?: unknown; leftOn?: unknown },
    errors: FieldError[] = [],
  ) {
    const kind = codeOf(input.kind, KIND_CODES, 'kind', 'Select the kind of member organisation', errors);
    const organisationId = optionalId(
      input.organisationId,
      'organisationId',
      'organisationId must be an organisation of this partnership',
      errors,
    );
    const name = optionalText(input.name, 'name', 200, 'The name', errors);
    if (!organisationId && organisationId !== undefined && !name)
      errors.push({ field: 'name', message: 'Enter the name of the organisation, or choose one in REP Hub' });
    const joinedOn = optionalDate(input.joinedOn, 'joinedOn', 'the date it joined', errors);
    const leftOn = optionalDate(input.leftOn, 'leftOn', 'the date it left', errors);
    if (joinedOn && leftOn && leftOn < joinedOn)
      errors.push({ field: 'leftOn', message: 'The date it left must be on or after the date it joined' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      kind: kind!,
      organisationId: organisationId ?? null,
      name: name ?? '',
      joinedOn: joinedOn ?? null,
      leftOn: leftOn ?? null,
    };
  }

  /** The member's name: as given, else its REP Hub organisation's; the organisation must be of this partnership. */
  private async memberName(m: EntityManager, organisationId: string | null, name: string): Promise<string> {
    if (!organisationId) return name;
    const [org] = (await m.query(`SELECT name FROM organisations WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      organisationId,
    ])) as { name: string }[];
    if (!org)
      throw new InvalidFieldsException([
        { field: 'organisationId', message: 'organisationId must be an organisation of this partnership' },
      ]);
    return name || org.name;
  }

  // ---- representatives ----

  async addRepresentative(
    memberId: string,
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
    },
    lpId?: string,
  ): Promise<RepresentativeView> {
    requireRole(this.auth, 'update');
    if (!isUuid(memberId)) throw memberNotFound();
    const v = this.representativeInput(input);
    return this.auth.inTenant(async (m) => {
      const member = await this.store.findMember(m, memberId);
      if (lpId && member.local_partnership_id !== lpId) throw memberNotFound();
      assertMay(this.auth, member.la_id);
      await this.checkUser(m, v.userId);
      const [row] = (await m.query(
        `INSERT INTO local_partnership_representatives (tenant_id, member_id, full_name, role_title, email, user_id, from_on, to_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [this.auth.tenantId, memberId, v.fullName, v.roleTitle, v.email, v.userId, v.fromOn, v.toOn],
      )) as { id: string }[];
      await this.audit.record({
        action: 'plans.representative.add',
        subjectType: 'LocalPartnershipRepresentative',
        subjectIds: [member.local_partnership_id, memberId, row.id],
        laId: member.la_id,
      });
      return this.store.representative(m, row.id);
    });
  }

  async updateRepresentative(
    id: string,
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
      version?: unknown;
    },
    lpId?: string,
  ): Promise<RepresentativeView> {
    requireRole(this.auth, 'update');
    if (!isUuid(id)) throw representativeNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const v = this.representativeInput(input, errors);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(
        `SELECT r.member_id, r.version, mb.local_partnership_id, lp.la_id
           FROM local_partnership_representatives r
           JOIN local_partnership_members mb ON mb.tenant_id = r.tenant_id AND mb.id = r.member_id
           JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
          WHERE r.tenant_id = $1 AND r.id = $2 FOR UPDATE OF r`,
        [this.auth.tenantId, id],
      )) as { member_id: string; version: number; local_partnership_id: string; la_id: string }[];
      if (!row || (lpId && row.local_partnership_id !== lpId)) throw representativeNotFound();
      assertMay(this.auth, row.la_id);
      assertVersion('representative', row.version, version!);
      await this.checkUser(m, v.userId);
      await m.query(
        `UPDATE local_partnership_representatives SET full_name = $3, role_title = $4, email = $5, user_id = $6, from_on = $7, to_on = $8,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, id, v.fullName, v.roleTitle, v.email, v.userId, v.fromOn, v.toOn],
      );
      await this.audit.record({
        action: 'plans.representative.update',
        subjectType: 'LocalPartnershipRepresentative',
        subjectIds: [row.local_partnership_id, row.member_id, id],
        laId: row.la_id,
      });
      return this.store.representative(m, id);
    });
  }

  private representativeInput(
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
    },
    errors: FieldError[] = [],
  ) {
    const fullName = requiredText(
      input.fullName,
      'fullName',
      200,
      'Enter the representative’s name',
      'The name',
      errors,
    );
    const roleTitle = optionalText(input.roleTitle, 'roleTitle', 200, 'The role', errors);
    const email = optionalText(input.email, 'email', 254, 'The email address', errors);
    if (email && !EMAIL.test(email))
      errors.push({ field: 'email', message: 'Enter a work email address, like name@example.org' });
    const userId = optionalId(input.userId, 'userId', 'userId must be a user of this partnership', errors);
    const fromOn = optionalDate(input.fromOn, 'fromOn', 'the date they started', errors);
    const toOn = optionalDate(input.toOn, 'toOn', 'the date they stopped', errors);
    if (fromOn && toOn && toOn < fromOn)
      errors.push({ field: 'toOn', message: 'The date they stopped must be on or after the date they started' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      fullName: fullName!,
      roleTitle: roleTitle || null,
      email: email || null,
      userId: userId ?? null,
      fromOn: fromOn ?? null,
      toOn: toOn ?? null,
    };
  }

  private async checkUser(m: EntityManager, userId: string | null): Promise<void> {
    if (!userId) return;
    const found = (await m.query(`SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2 LIMIT 1`, [
      this.auth.tenantId,
      userId,
    ])) as unknown[];
    if (!found.length)
      throw new InvalidFieldsException([{ field: 'userId', message: 'userId must be a user of this partnership' }]);
  }
}
