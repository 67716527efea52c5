import { Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AccountEmails, AuthContext, AuthService, Policy } from '@rep-hub/auth';
import { InvalidFieldsException, problem, UnitOfWork } from '@rep-hub/platform';
import { findLocalAuthorityByNumber, validateUkprn, validateUrn } from '@rep-hub/reference';
import { Membership, Organisation, TenancyService, Tenant, User } from '@rep-hub/tenancy';
import { CreateMembershipDto, CreateOrganisationDto, CreateTenantDto, CreateUserDto } from './admin.dto';

/** Which organisation kinds each tenant role can belong to. */
const ROLE_ORGANISATION_KINDS: Record<string, string[]> = {
  partnership_lead: ['local_authority'],
  la_officer: ['local_authority'],
  data_protection_officer: ['local_authority'],
  setting_staff: ['school'],
  ap_provider_staff: ['ap_provider'],
  workforce_lead: ['training_provider', 'local_authority'],
};

const tenantView = (t: Tenant) => ({ id: t.id, slug: t.slug, name: t.name, region: t.region, status: t.status, createdAt: t.createdAt });
export const organisationView = (o: Organisation) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  laNumber: o.laNumber,
  gssCode: o.gssCode,
  isLead: o.isLead,
  urn: o.urn,
  ukprn: o.ukprn,
  localAuthorityId: o.localAuthorityId,
  status: o.status,
});
const userView = (u: User) => ({ id: u.id, email: u.email, displayName: u.displayName, platformRole: u.platformRole, status: u.status });

const ID = '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11';

/**
 * Onboarding by the platform admin: partnerships, their organisations, users and memberships.
 * Platform scope only: no pupil data, no tenant's audit trail. Every route needs `manage Platform`,
 * which only the platform admin has (a tenant user's conditional rules on Tenant or Organisation
 * must never open these routes). Each action writes its audit row in the same transaction.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tenancy: TenancyService,
    private readonly auth: AuthService,
    private readonly context: AuthContext,
    private readonly audit: AuditService,
    private readonly emails: AccountEmails,
  ) {}

  @Policy('manage', 'Platform')
  @Post('tenants')
  @ApiOperation({ summary: 'Create a partnership (tenant)' })
  @ApiCreatedResponse({ schema: { example: { id: ID, slug: 'east-midlands', name: 'East Midlands Change Programme Partnership', region: 'East Midlands', status: 'active' } } })
  createTenant(@Body() body: CreateTenantDto) {
    return this.uow.forPlatform(this.context.principal.userId, async () => {
      if (await this.tenancy.findTenantBySlug(body.slug)) throw new ConflictException(problem(409, 'A partnership with this slug already exists.'));
      const tenant = await this.tenancy.createTenant(body, this.context.principal.userId);
      await this.audit.record({ action: 'tenant.create', subjectType: 'Tenant', subjectIds: [tenant.id] });
      return tenantView(tenant);
    });
  }

  @Policy('manage', 'Platform')
  @Get('tenants')
  @ApiOperation({ summary: 'List the partnerships' })
  @ApiOkResponse({ schema: { example: { items: [{ id: ID, slug: 'east-midlands', name: 'East Midlands Change Programme Partnership', region: 'East Midlands', status: 'active' }] } } })
  async listTenants() {
    return { items: (await this.tenancy.listTenants()).map(tenantView) };
  }

  @Policy('manage', 'Platform')
  @Post('tenants/:tenantId/organisations')
  @ApiOperation({ summary: "Add an organisation to a partnership (an LA's ONS code is looked up from its DfE number)" })
  @ApiCreatedResponse({ schema: { example: { id: ID, kind: 'local_authority', name: 'Leicester', laNumber: '856', gssCode: 'E06000016', isLead: true, urn: null, ukprn: null, localAuthorityId: null, status: 'active' } } })
  async createOrganisation(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateOrganisationDto) {
    await this.requireTenant(tenantId);
    const errors: { field: string; message: string }[] = [];
    let gssCode: string | null = null;
    if (body.kind === 'local_authority') {
      const la = body.laNumber ? findLocalAuthorityByNumber(body.laNumber) : undefined;
      if (!body.laNumber) errors.push({ field: 'laNumber', message: 'Enter the local authority’s three-digit DfE number' });
      else if (!la) errors.push({ field: 'laNumber', message: 'laNumber is not a current English local authority' });
      else gssCode = la.gssCode;
    } else if (body.laNumber || body.isLead) {
      errors.push({ field: body.laNumber ? 'laNumber' : 'isLead', message: 'Only a local authority has an LA number or is a lead' });
    }
    if (body.kind === 'school' && !body.urn) errors.push({ field: 'urn', message: 'Enter the school’s URN' });
    if (body.kind === 'ap_provider' && !body.urn && !body.ukprn) errors.push({ field: 'urn', message: 'Enter the provider’s URN or UKPRN' });
    if (body.urn && !validateUrn(body.urn).valid) errors.push({ field: 'urn', message: validateUrn(body.urn).error ?? 'urn is not valid' });
    if (body.ukprn && !validateUkprn(body.ukprn).valid) errors.push({ field: 'ukprn', message: validateUkprn(body.ukprn).error ?? 'ukprn is not valid' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const actorId = this.context.principal.userId;
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      if (body.localAuthorityId) {
        const la = await m.findOne(Organisation, { where: { tenantId, id: body.localAuthorityId } });
        if (!la || la.kind !== 'local_authority') {
          throw new InvalidFieldsException([{ field: 'localAuthorityId', message: 'localAuthorityId must be a local authority of this partnership' }]);
        }
      }
      const org = await this.tenancy.addOrganisation(tenantId, { ...body, gssCode }, actorId);
      await this.audit.record({ action: 'organisation.create', subjectType: 'Organisation', subjectIds: [org.id] });
      return organisationView(org);
    });
  }

  @Policy('manage', 'Platform')
  @Get('tenants/:tenantId/organisations')
  @ApiOperation({ summary: "List a partnership's organisations" })
  @ApiOkResponse({ schema: { example: { items: [{ id: ID, kind: 'local_authority', name: 'Leicester', laNumber: '856', gssCode: 'E06000016', isLead: true }] } } })
  async listOrganisations(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    await this.requireTenant(tenantId);
    return { items: (await this.tenancy.listOrganisations(tenantId)).map(organisationView) };
  }

  @Policy('manage', 'Platform')
  @Post('users')
  @ApiOperation({
    summary: 'Create a user: they are emailed an invite; the answer also carries a single-use invite link to pass on',
    description: 'The invite email (a link of its own, 7 days) goes after the request commits; GET /api/v1/admin/notifications shows it where emails go to the development outbox.',
  })
  @ApiCreatedResponse({
    schema: {
      example: {
        id: ID,
        email: 'sam.jones@leicester.gov.example',
        displayName: 'Sam Jones',
        platformRole: null,
        status: 'invited',
        invite: { url: 'http://localhost:3000/invites/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8', token: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8', expiresAt: '2026-12-04T12:00:00.000Z' },
      },
    },
  })
  createUser(@Body() body: CreateUserDto) {
    const actorId = this.context.principal.userId;
    return this.uow.forPlatform(actorId, async () => {
      if (await this.tenancy.findUserByEmail(body.email)) throw new ConflictException(problem(409, 'A user with this email address already exists.'));
      const user = await this.tenancy.createUser({ email: body.email, displayName: body.displayName, platformRole: body.platformRole ?? null, status: 'invited' }, actorId);
      await this.audit.record({ action: 'user.create', subjectType: 'User', subjectIds: [user.id] });
      const invite = await this.auth.createInvite(user.id, actorId);
      await this.emails.enqueueInvite(user.id);
      return { ...userView(user), invite };
    });
  }

  @Policy('manage', 'Platform')
  @Get('users')
  @ApiOperation({ summary: 'The users, by email (keyset pages of 100); the page shown is audited' })
  @ApiQuery({ name: 'after', required: false, description: 'The last email of the previous page', example: 'sam.jones@leicester.gov.example' })
  @ApiOkResponse({ schema: { example: { items: [{ id: ID, email: 'sam.jones@leicester.gov.example', displayName: 'Sam Jones', platformRole: null, status: 'active' }], nextCursor: null } } })
  listUsers(@Query('after') after?: string) {
    if (after !== undefined && (typeof after !== 'string' || after.length > 254)) throw new InvalidFieldsException([{ field: 'after', message: 'after must be an email from the previous page' }]);
    return this.uow.forPlatform(this.context.principal.userId, async (m) => {
      const q = m.createQueryBuilder(User, 'u').orderBy('u.email', 'ASC').take(101);
      if (after) q.where('u.email > :after', { after: after.toLowerCase() });
      const rows = await q.getMany();
      const page = rows.slice(0, 100);
      await this.audit.record({ action: 'user.list', subjectType: 'User', subjectIds: page.map((u) => u.id) });
      return { items: page.map(userView), nextCursor: rows.length > 100 ? page[page.length - 1].email : null };
    });
  }

  @Policy('manage', 'Platform')
  @Get('tenants/:tenantId/memberships')
  @ApiOperation({ summary: "A partnership's memberships (who holds which role where)" })
  @ApiOkResponse({ schema: { example: { items: [{ id: ID, userId: ID, organisationId: ID, role: 'la_officer', status: 'active' }] } } })
  async listMemberships(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    await this.requireTenant(tenantId);
    return this.uow.forPlatform(this.context.principal.userId, async (m) => {
      const rows = await m.find(Membership, { where: { tenantId }, order: { createdAt: 'ASC' } });
      await this.audit.record({ action: 'membership.list', subjectType: 'User', subjectIds: [...new Set(rows.map((r) => r.userId))] });
      return { items: rows.map((r) => ({ id: r.id, userId: r.userId, organisationId: r.organisationId, role: r.role, status: r.status })) };
    });
  }

  @Policy('manage', 'Platform')
  @Post('users/:userId/password-reset')
  @ApiOperation({ summary: 'Create a single-use password reset link for a user (2 hours); the user is also emailed a reset link of their own' })
  @ApiCreatedResponse({ schema: { example: { url: 'http://localhost:3000/password-reset/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8', token: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8', expiresAt: '2026-11-27T14:00:00.000Z' } } })
  async passwordReset(@Param('userId', ParseUUIDPipe) userId: string) {
    const actorId = this.context.principal.userId;
    return this.uow.forPlatform(actorId, async () => {
      if (!(await this.tenancy.findUser(userId))) throw new NotFoundException(problem(404, 'There is no such user.'));
      const link = await this.auth.createPasswordReset(userId, actorId);
      await this.emails.enqueuePasswordReset(userId);
      return link;
    });
  }

  @Policy('manage', 'Platform')
  @Post('users/:userId/mfa-reset')
  @HttpCode(204)
  @ApiOperation({ summary: "Forget a user's authenticator (lost phone): they set up a new one at next sign-in; their sessions end" })
  async mfaReset(@Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    const actorId = this.context.principal.userId;
    await this.uow.forPlatform(actorId, async () => {
      if (!(await this.tenancy.findUser(userId))) throw new NotFoundException(problem(404, 'There is no such user.'));
      await this.auth.resetMfa(userId, actorId);
    });
  }

  @Policy('manage', 'Platform')
  @Post('tenants/:tenantId/memberships')
  @ApiOperation({ summary: 'Give a user a role in an organisation of a partnership' })
  @ApiCreatedResponse({ schema: { example: { id: ID, tenantId: ID, userId: ID, organisationId: ID, role: 'la_officer', status: 'active' } } })
  async createMembership(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateMembershipDto) {
    await this.requireTenant(tenantId);
    const actorId = this.context.principal.userId;
    return this.uow.forTenant({ tenantId, actorId }, async (m) => {
      const org = await m.findOne(Organisation, { where: { tenantId, id: body.organisationId } });
      if (!org) throw new InvalidFieldsException([{ field: 'organisationId', message: 'organisationId must be an organisation of this partnership' }]);
      if (!ROLE_ORGANISATION_KINDS[body.role].includes(org.kind)) {
        throw new InvalidFieldsException([{ field: 'role', message: `A ${body.role} belongs to a ${ROLE_ORGANISATION_KINDS[body.role].join(' or ')}, not a ${org.kind}` }]);
      }
      const user = await m.findOne(User, { where: { id: body.userId } });
      if (!user) throw new InvalidFieldsException([{ field: 'userId', message: 'userId is not a user' }]);
      if (user.platformRole) throw new InvalidFieldsException([{ field: 'userId', message: 'Platform and National Board users cannot hold a partnership role' }]);
      const existing = await m.findOne(Membership, { where: { tenantId, userId: body.userId, organisationId: body.organisationId, role: body.role } });
      if (existing?.status === 'active') throw new ConflictException(problem(409, 'The user already has this role here.'));
      let membership: Membership;
      if (existing) {
        existing.status = 'active';
        membership = await m.save(existing);
      } else {
        membership = await this.tenancy.addMembership({ tenantId, ...body }, actorId);
      }
      await this.audit.record({ action: 'membership.create', subjectType: 'Membership', subjectIds: [membership.id, body.userId], laId: org.kind === 'local_authority' ? org.id : org.localAuthorityId });
      return { id: membership.id, tenantId, userId: membership.userId, organisationId: membership.organisationId, role: membership.role, status: membership.status };
    });
  }

  @Policy('manage', 'Platform')
  @Delete('tenants/:tenantId/memberships/:membershipId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a role: it stops working at the next request' })
  async removeMembership(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Param('membershipId', ParseUUIDPipe) membershipId: string): Promise<void> {
    await this.requireTenant(tenantId);
    await this.uow.forTenant({ tenantId, actorId: this.context.principal.userId }, async (m) => {
      const res = await m.query(`UPDATE memberships SET status = 'revoked', updated_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2 AND status = 'active'`, [tenantId, membershipId]);
      if (Number(res?.[1] ?? 0) !== 1) throw new NotFoundException(problem(404, 'There is no such active membership.'));
      await this.audit.record({ action: 'membership.revoke', subjectType: 'Membership', subjectIds: [membershipId] });
    });
  }

  private async requireTenant(tenantId: string): Promise<void> {
    if (!(await this.tenancy.findTenant(tenantId))) throw new NotFoundException(problem(404, 'There is no such partnership.'));
  }
}
