import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { FieldError, InvalidFieldsException, problem, UnitOfWork } from '@rep-hub/platform';
import { Membership, Organisation, RoleRegistry, TenancyService, User } from '@rep-hub/tenancy';
import { EntityManager } from 'typeorm';
import { AccountEmails } from '../account-emails.service';
import { isId, requireEmail, requireText } from '../onboarding-input';
import { controllingLa, Granter, mayGrant } from './grant-authority';

/** A partnership role's code (the core's or a module's: the RoleRegistry holds them). */
export type TenantRoleCode = string;

export interface AddMembershipInput {
  userId: string;
  organisationId: string;
  role: TenantRoleCode;
}

/** Inviting a person with a role in one step: who they are, and where and as what they work. */
export interface InvitePersonInput {
  displayName: string;
  email: string;
  organisationId: string;
  role: TenantRoleCode;
}

/** A change of role: the new role and the version of the membership the change was made from. */
export interface ChangeRoleInput {
  role: TenantRoleCode;
  version: number;
}

/** One role of one person in a partnership, with who they are and where it is held. */
export interface PersonView {
  id: string;
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  userStatus: User['status'];
  role: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  status: Membership['status'];
  version: number;
}

export interface GrantedMembershipView {
  id: string;
  tenantId: string;
  userId: string;
  organisationId: string;
  role: string;
  status: Membership['status'];
}

const NO_MEMBERSHIP = 'There is no such role in your partnership.';

/**
 * People's roles in a partnership: inviting a person with a role, giving a role to a user, changing
 * and ending a role, and sending an invite again. Shared by the platform admin (any partnership)
 * and the partnership's own people managers (its lead, and each LA's admins for their LA's
 * child-facing roles); `mayGrant` (grant-authority.ts) decides who may give what, here, in the unit
 * of work that writes the membership, so no page or route can skip it. Each call checks its plain
 * input itself (bad input: InvalidFieldsException naming the fields, never a 500); each change
 * writes its audit row in the same unit of work. A role the granter may not give answers 403; a
 * change made from a stale version answers 409.
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
    private readonly emails: AccountEmails,
    private readonly roles: RoleRegistry,
  ) {}

  /**
   * Invites a person with a role: a new user (status invited, emailed a single-use invite link
   * after commit), or an existing user (given the role; emailed the invite again while they are still
   * invited). A platform or National Board user holds no partnership role; 409 when they hold the
   * role there already.
   */
  async invite(
    tenantId: string,
    input: InvitePersonInput,
    granter: Granter,
    actorId: string,
  ): Promise<{ person: PersonView; newUser: boolean }> {
    await this.requireTenant(tenantId);
    const body = input ?? ({} as InvitePersonInput);
    const errors: FieldError[] = [];
    requireText(
      errors,
      'displayName',
      body.displayName,
      200,
      'Enter their name',
      'The name must be 200 characters or fewer',
    );
    requireEmail(errors, 'email', body.email);
    this.checkPlace(errors, body);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const org = await this.organisationFor(m, tenantId, body.organisationId, body.role, granter);
      let user = await this.tenancy.findUserByEmail(body.email);
      let newUser = false;
      if (user?.platformRole)
        throw new InvalidFieldsException([
          { field: 'email', message: 'Platform and National Board users cannot hold a partnership role' },
        ]);
      if (!user) {
        user = await this.tenancy.createUser(
          { email: body.email, displayName: body.displayName, status: 'invited' },
          actorId,
        );
        newUser = true;
        await this.audit.record({ action: 'user.create', subjectType: 'User', subjectIds: [user.id] });
      }
      const membership = await this.write(m, tenantId, user.id, org, body.role);
      if (newUser) await this.emails.enqueueInvite(user.id);
      else if (user.status === 'invited') await this.emails.enqueueInviteAgain(user.id);
      return { person: await this.personIn(m, tenantId, membership.id), newUser };
    });
  }

  /**
   * Gives a user a role in an organisation of a partnership (or reactivates a revoked one). The
   * role must suit the organisation's kind; a platform or National Board user holds no partnership
   * role; 409 when the user already has it.
   */
  async grant(
    tenantId: string,
    input: AddMembershipInput,
    granter: Granter,
    actorId: string,
  ): Promise<GrantedMembershipView> {
    await this.requireTenant(tenantId);
    const body = input ?? ({} as AddMembershipInput);
    const errors: FieldError[] = [];
    if (!isId(body.userId)) errors.push({ field: 'userId', message: 'Select the user' });
    this.checkPlace(errors, body);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const org = await this.organisationFor(m, tenantId, body.organisationId, body.role, granter);
      const user = await m.findOne(User, { where: { id: body.userId } });
      if (!user) throw new InvalidFieldsException([{ field: 'userId', message: 'userId is not a user' }]);
      if (user.platformRole)
        throw new InvalidFieldsException([
          { field: 'userId', message: 'Platform and National Board users cannot hold a partnership role' },
        ]);
      const membership = await this.write(m, tenantId, user.id, org, body.role);
      return {
        id: membership.id,
        tenantId,
        userId: membership.userId,
        organisationId: membership.organisationId,
        role: membership.role,
        status: membership.status,
      };
    });
  }

  /**
   * Changes the role of an active membership (in the same organisation). The granter must be
   * allowed both to end the role it had and to give the new one; the change is made only from the
   * version the granter saw (409 otherwise, or when the person already holds the new role there).
   * When they held the new role there before, that role is made active again and this one ends:
   * the answer is that role (another id).
   */
  async change(
    tenantId: string,
    membershipId: string,
    input: ChangeRoleInput,
    granter: Granter,
    actorId: string,
  ): Promise<PersonView> {
    await this.requireTenant(tenantId);
    if (!isId(membershipId)) throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    const body = input ?? ({} as ChangeRoleInput);
    const errors: FieldError[] = [];
    if (!this.roles.isRole(body.role)) errors.push({ field: 'role', message: 'Select the role' });
    if (!Number.isInteger(body.version) || body.version < 1)
      errors.push({ field: 'version', message: 'version must be the version of the role you are changing' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const { membership, org } = await this.activeMembership(m, tenantId, membershipId);
      this.authorise(granter, membership.role, org);
      if (!this.roles.allows(body.role, org.kind)) throw this.wrongKind(body.role, org.kind);
      this.authorise(granter, body.role, org);
      if (membership.version !== body.version) throw this.stale();
      if (membership.role !== body.role) {
        const clash = await m.findOne(Membership, {
          where: { tenantId, userId: membership.userId, organisationId: org.id, role: body.role },
        });
        if (clash?.status === 'active') throw new ConflictException(problem(409, 'They already have this role here.'));
        // they held the new role here before: that row is made active again (the unique key keeps one row per role)
        const res = (await (clash
          ? m.query(
              `UPDATE memberships SET status = 'revoked', updated_at = now(), version = version + 1
                WHERE tenant_id = $1 AND id = $2 AND version = $3 AND status = 'active'`,
              [tenantId, membershipId, body.version],
            )
          : m.query(
              `UPDATE memberships SET role = $4, updated_at = now(), version = version + 1
                WHERE tenant_id = $1 AND id = $2 AND version = $3 AND status = 'active'`,
              [tenantId, membershipId, body.version, body.role],
            ))) as [unknown, number];
        if (Number(res?.[1] ?? 0) !== 1) throw this.stale();
        if (clash)
          await m.query(
            `UPDATE memberships SET status = 'active', updated_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
            [tenantId, clash.id],
          );
        await this.audit.record({
          action: 'membership.change',
          subjectType: 'Membership',
          subjectIds: [membershipId, ...(clash ? [clash.id] : []), membership.userId],
          laId: controllingLa(org),
        });
        return this.personIn(m, tenantId, clash?.id ?? membershipId);
      }
      return this.personIn(m, tenantId, membershipId);
    });
  }

  /**
   * Ends an active role: it stops working at the person's next request. With a version, only
   * from that version (409 otherwise). 404 when there is no such active role.
   */
  async end(
    tenantId: string,
    membershipId: string,
    input: { version?: number | null },
    granter: Granter,
    actorId: string,
  ): Promise<void> {
    await this.requireTenant(tenantId);
    if (!isId(membershipId)) throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    const version = input?.version ?? null;
    if (version !== null && (!Number.isInteger(version) || version < 1))
      throw new InvalidFieldsException([
        { field: 'version', message: 'version must be the version of the role you are ending' },
      ]);
    await this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const { membership, org } = await this.activeMembership(m, tenantId, membershipId);
      this.authorise(granter, membership.role, org);
      if (version !== null && membership.version !== version) throw this.stale();
      const res = (await m.query(
        `UPDATE memberships SET status = 'revoked', updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND status = 'active' AND version = $3`,
        [tenantId, membershipId, membership.version],
      )) as [unknown, number];
      if (Number(res?.[1] ?? 0) !== 1) throw this.stale();
      await this.audit.record({
        action: 'membership.revoke',
        subjectType: 'Membership',
        subjectIds: [membershipId],
        laId: controllingLa(org),
      });
    });
  }

  /**
   * Emails the person of an active role their invite again (a fresh single-use link, by the invite
   * job). 409 when they have already set a password (nothing to resend).
   */
  async resendInvite(tenantId: string, membershipId: string, granter: Granter, actorId: string): Promise<void> {
    await this.requireTenant(tenantId);
    if (!isId(membershipId)) throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    await this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const { membership, org } = await this.activeMembership(m, tenantId, membershipId);
      this.authorise(granter, membership.role, org);
      const user = await m.findOne(User, { where: { id: membership.userId } });
      if (user?.status !== 'invited')
        throw new ConflictException(problem(409, 'They have already accepted their invitation.'));
      await this.emails.enqueueInviteAgain(user.id);
      await this.audit.record({ action: 'user.invite_resend', subjectType: 'User', subjectIds: [user.id] });
    });
  }

  /** One role of a partnership (active or ended), with its version; 404 when there is none. */
  async person(tenantId: string, membershipId: string, actorId: string): Promise<PersonView> {
    await this.requireTenant(tenantId);
    if (!isId(membershipId)) throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    return this.uow.forTenant({ tenantId, actorId }, (m) => this.personIn(m, tenantId, membershipId));
  }

  /** Whether `granter` may give `role` in an organisation (for a page's choices; the writes check again). */
  mayGive(granter: Granter, role: string, org: { id: string; kind: string; localAuthorityId: string | null }): boolean {
    return this.roles.allows(role, org.kind) && mayGrant(granter, role, org, this.roles.needsTotp(role)).allowed;
  }

  // ---- internals ----

  /** The shapes of an organisation and a role (the API's DTOs check them too). */
  private checkPlace(errors: FieldError[], body: { organisationId?: unknown; role?: unknown }): void {
    if (!isId(body.organisationId)) errors.push({ field: 'organisationId', message: 'Select the organisation' });
    if (!this.roles.isRole(body.role)) errors.push({ field: 'role', message: 'Select the role' });
  }

  /** The organisation of this partnership a role is to be held in, once the role suits it and the granter may give it there. */
  private async organisationFor(
    m: EntityManager,
    tenantId: string,
    organisationId: string,
    role: string,
    granter: Granter,
  ): Promise<Organisation> {
    const org = await m.findOne(Organisation, { where: { tenantId, id: organisationId } });
    if (!org)
      throw new InvalidFieldsException([
        { field: 'organisationId', message: 'organisationId must be an organisation of this partnership' },
      ]);
    if (!this.roles.allows(role, org.kind)) throw this.wrongKind(role, org.kind);
    this.authorise(granter, role, org);
    return org;
  }

  /** Writes an active membership (a new row, or a revoked one made active again), audited. */
  private async write(
    m: EntityManager,
    tenantId: string,
    userId: string,
    org: Organisation,
    role: string,
  ): Promise<Membership> {
    const existing = await m.findOne(Membership, { where: { tenantId, userId, organisationId: org.id, role } });
    if (existing?.status === 'active') throw new ConflictException(problem(409, 'They already have this role here.'));
    let membership: Membership;
    if (existing) {
      existing.status = 'active';
      membership = await m.save(existing);
    } else {
      membership = await this.tenancy.addMembership({ tenantId, userId, organisationId: org.id, role });
    }
    await this.audit.record({
      action: 'membership.create',
      subjectType: 'Membership',
      subjectIds: [membership.id, userId],
      laId: controllingLa(org),
    });
    return membership;
  }

  private authorise(granter: Granter, role: string, org: Organisation): void {
    const decision = mayGrant(granter, role, org, this.roles.needsTotp(role));
    if (!decision.allowed) throw new ForbiddenException(problem(403, decision.reason));
  }

  private async activeMembership(
    m: EntityManager,
    tenantId: string,
    membershipId: string,
  ): Promise<{ membership: Membership; org: Organisation }> {
    // the row is locked: a change and an end of the same role go one after the other
    const membership = await m
      .createQueryBuilder(Membership, 'ms')
      .setLock('pessimistic_write')
      .where('ms.tenant_id = :tenantId AND ms.id = :membershipId', { tenantId, membershipId })
      .getOne();
    if (!membership || membership.status !== 'active') throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    const org = await m.findOneOrFail(Organisation, { where: { tenantId, id: membership.organisationId } });
    return { membership, org };
  }

  private async personIn(m: EntityManager, tenantId: string, membershipId: string): Promise<PersonView> {
    const [row] = (await m.query(
      `SELECT ms.id, ms.tenant_id AS "tenantId", ms.user_id AS "userId", u.display_name AS "displayName", u.email,
              u.status AS "userStatus", ms.role, ms.organisation_id AS "organisationId", o.name AS "organisationName",
              o.kind AS "organisationKind", ms.status, ms.version
         FROM memberships ms
         JOIN users u ON u.id = ms.user_id
         JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id
        WHERE ms.tenant_id = $1 AND ms.id = $2`,
      [tenantId, membershipId],
    )) as PersonView[];
    if (!row) throw new NotFoundException(problem(404, NO_MEMBERSHIP));
    return row;
  }

  private wrongKind(role: string, kind: string): InvalidFieldsException {
    const kinds = this.roles.role(role)?.organisationKinds ?? [];
    return new InvalidFieldsException([
      { field: 'role', message: `A ${role} belongs to a ${kinds.join(' or ')}, not a ${kind}` },
    ]);
  }

  private stale(): ConflictException {
    return new ConflictException(
      problem(409, 'Someone else changed this role since you opened it. Open it again to see what it is now.'),
    );
  }

  private async requireTenant(tenantId: string): Promise<void> {
    if (!isId(tenantId) || !(await this.tenancy.findTenant(tenantId)))
      throw new NotFoundException(problem(404, 'There is no such partnership.'));
  }
}
