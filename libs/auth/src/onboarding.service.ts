import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { FieldError, InvalidFieldsException, problem, UnitOfWork } from '@rep-hub/platform';
import {
  Membership,
  Organisation,
  PLATFORM_ROLE_CODES,
  PlatformRole,
  RoleRegistry,
  TenancyService,
  Tenant,
  User,
} from '@rep-hub/tenancy';
import { In } from 'typeorm';
import { AccountEmails } from './account-emails.service';
import { AuthService } from './auth.service';
import {
  isBlank,
  isId,
  isString,
  MAX_EMAIL_LENGTH,
  MembershipView,
  membershipView,
  OrganisationView,
  organisationView,
  requireEmail,
  requireText,
  TenantView,
  tenantView,
  UserMembershipView,
  UserView,
  userView,
} from './onboarding-input';
import { PLATFORM_GRANTER } from './people/grant-authority';
import { AddMembershipInput, GrantedMembershipView, MembershipsService } from './people/memberships.service';
import { SingleUseLink, SingleUseLinks } from './single-use-links';
import {
  ChangeOrganisationInput,
  checkOrganisation,
  CreateOrganisationInput,
  noOrganisation,
  rethrowIdentifierClash,
  staleOrganisation,
} from './organisation-checks';

export type { ChangeOrganisationInput, CreateOrganisationInput, OrganisationKindCode } from './organisation-checks';

export { membershipView, organisationView, tenantView, userView } from './onboarding-input';
export type { MembershipView, OrganisationView, TenantView, UserMembershipView, UserView } from './onboarding-input';
export type { AddMembershipInput, TenantRoleCode } from './people/memberships.service';

export { PLATFORM_ROLE_CODES };

/** The users listed per page, and the longest `after` cursor (an email) accepted. */
export const USER_PAGE_SIZE = 100;

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface CreateTenantInput {
  slug: string;
  name: string;
  region?: string | null;
}

export interface CreateUserInput {
  email: string;
  displayName: string;
  platformRole?: PlatformRole | null;
}

/**
 * Onboarding by the platform admin: partnerships, their organisations and users (people's roles
 * are MembershipsService's, which the admin's membership calls here hand on to).
 * Platform scope only. Shared by the API (AdminController, which checks request bodies with its
 * DTOs first) and the web admin pages (which post plain form values): every method checks its
 * plain input itself, so bad input answers InvalidFieldsException (400, naming the fields), never
 * a 500. Each action writes its audit row in the same unit of work; call these methods with no
 * unit of work open. Authorisation (`manage Platform`) is the caller's job.
 */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tenancy: TenancyService,
    private readonly auth: AuthService,
    private readonly links: SingleUseLinks,
    private readonly audit: AuditService,
    private readonly emails: AccountEmails,
    private readonly roles: RoleRegistry,
    private readonly memberships: MembershipsService,
  ) {}

  /** Creates a partnership; 409 when the slug is taken. */
  async createTenant(input: CreateTenantInput, actorId: string): Promise<TenantView> {
    const errors: FieldError[] = [];
    const { slug, name, region } = input ?? ({} as CreateTenantInput);
    if (!isString(slug) || slug.length < 1) errors.push({ field: 'slug', message: 'Enter the partnership slug' });
    else if (slug.length > 63) errors.push({ field: 'slug', message: 'The slug must be 63 characters or fewer' });
    else if (!SLUG_PATTERN.test(slug))
      errors.push({
        field: 'slug',
        message: 'The slug must be lower-case letters and numbers joined by hyphens, like east-midlands',
      });
    requireText(
      errors,
      'name',
      name,
      200,
      'Enter the partnership name',
      'The partnership name must be 200 characters or fewer',
    );
    if (region !== undefined && region !== null) {
      if (!isString(region)) errors.push({ field: 'region', message: 'Enter the region as text' });
      else if (region.length > 100)
        errors.push({ field: 'region', message: 'The region must be 100 characters or fewer' });
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forPlatform(actorId, async () => {
      if (await this.tenancy.findTenantBySlug(slug))
        throw new ConflictException(problem(409, 'A partnership with this slug already exists.'));
      const tenant = await this.tenancy.createTenant({ slug, name, region }, actorId);
      await this.audit.record({ action: 'tenant.create', subjectType: 'Tenant', subjectIds: [tenant.id] });
      return tenantView(tenant);
    });
  }

  async listTenants(): Promise<{ items: TenantView[] }> {
    return { items: (await this.tenancy.listTenants()).map(tenantView) };
  }

  /** One partnership; 404 when there is none. */
  async getTenant(tenantId: string): Promise<TenantView> {
    const tenant = isId(tenantId) ? await this.tenancy.findTenant(tenantId) : null;
    if (!tenant) throw new NotFoundException(problem(404, 'There is no such partnership.'));
    return tenantView(tenant);
  }

  /**
   * Adds an organisation to a partnership. A local authority needs a current DfE number (its ONS
   * code is looked up); only an LA has an LA number or is a lead; a kind that requires an
   * identifier (a school its URN, a module's kind as it registers: a provider its URN or UKPRN, an
   * early years setting its Ofsted URN) needs it, and each identifier given is checked by the
   * reference validators whatever the kind; the kind is one the
   * RoleRegistry holds; `localAuthorityId` must be an LA of this partnership.
   */
  async createOrganisation(
    tenantId: string,
    input: CreateOrganisationInput,
    actorId: string,
  ): Promise<OrganisationView> {
    await this.requireTenant(tenantId);
    const body = input ?? ({} as CreateOrganisationInput);
    const errors: FieldError[] = [];
    const { laNumber, urn, ukprn, ofsted, localAuthorityId, isLead, gssCode } = checkOrganisation(
      this.roles,
      body.kind,
      body,
      errors,
    );
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      if (localAuthorityId) {
        const la = await m.findOne(Organisation, { where: { tenantId, id: localAuthorityId } });
        if (!la || la.kind !== 'local_authority') {
          throw new InvalidFieldsException([
            { field: 'localAuthorityId', message: 'localAuthorityId must be a local authority of this partnership' },
          ]);
        }
      }
      const org = await this.tenancy
        .addOrganisation(
          tenantId,
          {
            kind: body.kind,
            name: body.name,
            laNumber,
            isLead,
            urn,
            ukprn,
            ofstedUrn: ofsted?.value,
            localAuthorityId,
            gssCode,
          },
          actorId,
        )
        .catch(rethrowIdentifierClash);
      await this.audit.record({ action: 'organisation.create', subjectType: 'Organisation', subjectIds: [org.id] });
      return organisationView(org);
    });
  }

  /** A partnership's organisations, by name; 404 when there is no such partnership. */
  async listOrganisations(tenantId: string): Promise<{ items: OrganisationView[] }> {
    await this.requireTenant(tenantId);
    return { items: (await this.tenancy.listOrganisations(tenantId)).map(organisationView) };
  }

  /** One organisation of a partnership; 404 when there is no such partnership or organisation in it. */
  async getOrganisation(tenantId: string, organisationId: string): Promise<OrganisationView> {
    await this.requireTenant(tenantId);
    if (!isId(organisationId)) throw noOrganisation();
    const org = await this.uow.forTenant({ tenantId }, (m) =>
      m.findOne(Organisation, { where: { tenantId, id: organisationId } }),
    );
    if (!org) throw noOrganisation();
    return organisationView(org);
  }

  /**
   * Changes an organisation's name and the identifiers its kind has (an LA's DfE number, its ONS
   * code looked up again; a URN, UKPRN or Ofsted URN), from the version the caller saw; the kind,
   * lead and maintaining LA stay. A field left out (undefined) keeps its value; null or blank clears
   * an identifier. The organisation as it would be must pass create's checks (checkOrganisation), so
   * a school cannot lose its URN nor an LA its number. 404 for no such organisation in the
   * partnership, 400 naming bad fields (nothing written), 409 when the version is stale or an
   * identifier is another organisation's (naming the field). Audited as `organisation.change`.
   */
  async changeOrganisation(
    tenantId: string,
    organisationId: string,
    input: ChangeOrganisationInput,
    actorId: string,
  ): Promise<OrganisationView> {
    await this.requireTenant(tenantId);
    if (!isId(organisationId)) throw noOrganisation();
    const body = input ?? ({} as ChangeOrganisationInput);
    const version = body.version;
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const org = await m.findOne(Organisation, { where: { tenantId, id: organisationId } });
      if (!org) throw noOrganisation();
      const errors: FieldError[] = [];
      if (!Number.isInteger(version) || version < 1)
        errors.push({ field: 'version', message: 'version must be the version of the organisation you are changing' });
      const given = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
      const checked = checkOrganisation(
        this.roles,
        org.kind,
        {
          name: given(body.name, org.name),
          laNumber: given(body.laNumber, org.laNumber),
          isLead: org.isLead,
          urn: given(body.urn, org.urn),
          ukprn: given(body.ukprn, org.ukprn),
          ofstedUrn: given(body.ofstedUrn, org.ofstedUrn),
          localAuthorityId: org.localAuthorityId,
        },
        errors,
      );
      if (errors.length) throw new InvalidFieldsException(errors);
      if (org.version !== version) throw staleOrganisation(org.version);
      const next = {
        name: given(body.name, org.name),
        laNumber: checked.laNumber ?? null,
        gssCode: org.kind === 'local_authority' ? checked.gssCode : org.gssCode,
        urn: checked.urn ?? null,
        ukprn: checked.ukprn ?? null,
        ofstedUrn: checked.ofsted?.value ?? null,
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== org[k]);
      if (!changed.length) return organisationView(org);
      const done = await this.tenancy
        .changeOrganisation(tenantId, organisationId, version, next, actorId)
        .catch(rethrowIdentifierClash);
      if (!done) throw staleOrganisation(org.version);
      await this.audit.record({
        action: 'organisation.change',
        subjectType: 'Organisation',
        subjectIds: [organisationId],
        details: { fields: changed.join(',') },
      });
      return organisationView((await m.findOne(Organisation, { where: { tenantId, id: organisationId } }))!);
    });
  }

  /**
   * Creates an invited user; 409 when the email is taken. The answer carries a single-use invite
   * link to pass on; the user is also emailed one of their own after the unit of work commits.
   */
  async createUser(input: CreateUserInput, actorId: string): Promise<UserView & { invite: SingleUseLink }> {
    const body = input ?? ({} as CreateUserInput);
    const errors: FieldError[] = [];
    requireEmail(errors, 'email', body.email);
    requireText(
      errors,
      'displayName',
      body.displayName,
      200,
      'Enter the user’s name',
      'The name must be 200 characters or fewer',
    );
    const platformRole = isBlank(body.platformRole) ? null : body.platformRole;
    if (platformRole !== null && !(PLATFORM_ROLE_CODES as readonly unknown[]).includes(platformRole)) {
      errors.push({ field: 'platformRole', message: 'Select platform admin, National Board or no platform role' });
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forPlatform(actorId, async () => {
      if (await this.tenancy.findUserByEmail(body.email))
        throw new ConflictException(problem(409, 'A user with this email address already exists.'));
      const user = await this.tenancy.createUser(
        { email: body.email, displayName: body.displayName, platformRole, status: 'invited' },
        actorId,
      );
      await this.audit.record({ action: 'user.create', subjectType: 'User', subjectIds: [user.id] });
      const invite = await this.links.createInvite(user.id, actorId);
      await this.emails.enqueueInvite(user.id);
      return { ...userView(user), invite };
    });
  }

  /**
   * The users by email, in keyset pages (`after`: the last email of the previous page; `limit`
   * 1 to 100, 100 by default), optionally only those whose name or email contains `q`. The page
   * shown is audited.
   */
  async listUsers(
    query: { after?: string; limit?: number; q?: string },
    actorId: string,
  ): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const { after, limit = USER_PAGE_SIZE } = query ?? {};
    const search = typeof query?.q === 'string' ? query.q.trim() : '';
    const errors: FieldError[] = [];
    if (search.length > 200) errors.push({ field: 'q', message: 'Search for 200 characters or fewer' });
    if (after !== undefined && (typeof after !== 'string' || after.length > MAX_EMAIL_LENGTH))
      errors.push({ field: 'after', message: 'after must be an email from the previous page' });
    if (!Number.isInteger(limit) || limit < 1 || limit > USER_PAGE_SIZE)
      errors.push({ field: 'limit', message: `limit must be a whole number from 1 to ${USER_PAGE_SIZE}` });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forPlatform(actorId, async (m) => {
      const q = m
        .createQueryBuilder(User, 'u')
        .orderBy('u.email', 'ASC')
        .take(limit + 1);
      if (after) q.where('u.email > :after', { after: after.toLowerCase() });
      if (search) {
        // the text searched for, not a pattern: its own % and _ are escaped
        const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.andWhere('(u.email ILIKE :like OR u.displayName ILIKE :like)', { like });
      }
      const rows = await q.getMany();
      const page = rows.slice(0, limit);
      await this.audit.record({ action: 'user.list', subjectType: 'User', subjectIds: page.map((u) => u.id) });
      return { items: page.map(userView), nextCursor: rows.length > limit ? page[page.length - 1].email : null };
    });
  }

  /**
   * The names of the partnerships in which each of these users has an active membership, by
   * user (for the platform admin's list of users).
   */
  async partnershipsOfUsers(userIds: string[], actorId: string): Promise<Map<string, string[]>> {
    const ids = userIds.filter(isId);
    if (!ids.length) return new Map();
    return this.uow.forPlatform(actorId, async (m) => {
      const rows = (await m.query(
        `SELECT DISTINCT ms.user_id, t.name FROM memberships ms JOIN tenants t ON t.id = ms.tenant_id
          WHERE ms.user_id = ANY ($1::uuid[]) AND ms.status = 'active' ORDER BY t.name`,
        [ids],
      )) as { user_id: string; name: string }[];
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.name]);
      return out;
    });
  }

  /** One user; 404 when there is none. */
  async getUser(userId: string): Promise<UserView> {
    const user = isId(userId) ? await this.tenancy.findUser(userId) : null;
    if (!user) throw new NotFoundException(problem(404, 'There is no such user.'));
    return userView(user);
  }

  /** A partnership's memberships (who holds which role where), oldest first; audited. */
  async listMemberships(tenantId: string, actorId: string): Promise<{ items: MembershipView[] }> {
    await this.requireTenant(tenantId);
    return this.uow.forPlatform(actorId, async (m) => {
      const rows = await m.find(Membership, { where: { tenantId }, order: { createdAt: 'ASC' } });
      await this.audit.record({
        action: 'membership.list',
        subjectType: 'User',
        subjectIds: [...new Set(rows.map((r) => r.userId))],
      });
      return { items: rows.map(membershipView) };
    });
  }

  /**
   * One user's memberships across partnerships (active and revoked), with the partnership's and
   * organisation's names, by partnership then organisation name; audited as `membership.list` of
   * the user. 404 when there is no such user. Memberships and partnerships are platform tables,
   * read (and audited) in one unit of work; organisations are tenant-owned (RLS), so their names
   * are read in one unit of work per partnership afterwards.
   */
  async listUserMemberships(userId: string, actorId: string): Promise<{ items: UserMembershipView[] }> {
    if (!isId(userId)) throw new NotFoundException(problem(404, 'There is no such user.'));
    const { rows, tenants } = await this.uow.forPlatform(actorId, async (m) => {
      if (!(await m.findOne(User, { where: { id: userId } })))
        throw new NotFoundException(problem(404, 'There is no such user.'));
      const rows = await m.find(Membership, { where: { userId }, order: { createdAt: 'ASC' } });
      const tenantIds = [...new Set(rows.map((r) => r.tenantId))];
      const tenants = tenantIds.length ? await m.find(Tenant, { where: { id: In(tenantIds) } }) : [];
      await this.audit.record({ action: 'membership.list', subjectType: 'User', subjectIds: [userId] });
      return { rows, tenants };
    });
    const organisations = new Map<string, Organisation>();
    for (const tenant of tenants) {
      const ids = [...new Set(rows.filter((r) => r.tenantId === tenant.id).map((r) => r.organisationId))];
      const orgs = await this.uow.forTenant({ tenantId: tenant.id, actorId }, (m) =>
        m.find(Organisation, { where: { tenantId: tenant.id, id: In(ids) } }),
      );
      for (const o of orgs) organisations.set(`${o.tenantId}/${o.id}`, o);
    }
    const tenantNames = new Map(tenants.map((t) => [t.id, t.name]));
    const items = rows.map((r): UserMembershipView => {
      const org = organisations.get(`${r.tenantId}/${r.organisationId}`);
      return {
        id: r.id,
        tenantId: r.tenantId,
        partnershipName: tenantNames.get(r.tenantId) ?? '',
        organisationId: r.organisationId,
        organisationName: org?.name ?? null,
        organisationKind: org?.kind ?? null,
        role: r.role,
        status: r.status,
      };
    });
    const byName = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
    items.sort(
      (a, b) =>
        byName(a.partnershipName, b.partnershipName) ||
        byName(a.organisationName, b.organisationName) ||
        a.role.localeCompare(b.role),
    );
    return { items };
  }

  /**
   * A single-use password reset link for a user (2 hours) to pass on; the user is also emailed a
   * reset link of their own. 404 when there is no such user.
   */
  async passwordReset(userId: string, actorId: string): Promise<SingleUseLink> {
    if (!isId(userId)) throw new NotFoundException(problem(404, 'There is no such user.'));
    return this.uow.forPlatform(actorId, async () => {
      if (!(await this.tenancy.findUser(userId))) throw new NotFoundException(problem(404, 'There is no such user.'));
      const link = await this.links.createPasswordReset(userId, actorId);
      await this.emails.enqueuePasswordReset(userId);
      return link;
    });
  }

  /** Forgets a user's authenticator: they set up a new one at next sign-in; their sessions end. */
  async mfaReset(userId: string, actorId: string): Promise<void> {
    if (!isId(userId)) throw new NotFoundException(problem(404, 'There is no such user.'));
    await this.uow.forPlatform(actorId, async () => {
      if (!(await this.tenancy.findUser(userId))) throw new NotFoundException(problem(404, 'There is no such user.'));
      await this.auth.resetMfa(userId, actorId);
    });
  }

  /** Gives a user a role in a partnership as the platform admin (MembershipsService.grant). */
  addMembership(tenantId: string, input: AddMembershipInput, actorId: string): Promise<GrantedMembershipView> {
    return this.memberships.grant(tenantId, input, PLATFORM_GRANTER, actorId);
  }

  /** Ends an active role as the platform admin (MembershipsService.end): it stops working at the next request. */
  revokeMembership(tenantId: string, membershipId: string, actorId: string): Promise<void> {
    return this.memberships.end(tenantId, membershipId, {}, PLATFORM_GRANTER, actorId);
  }

  private async requireTenant(tenantId: string): Promise<void> {
    if (!isId(tenantId) || !(await this.tenancy.findTenant(tenantId)))
      throw new NotFoundException(problem(404, 'There is no such partnership.'));
  }
}
