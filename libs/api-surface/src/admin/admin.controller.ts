import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuthContext, OnboardingService, Policy } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import { ApiProblems } from '../openapi/api-problems';
import {
  ChangeOrganisationDto,
  CreateMembershipDto,
  CreateOrganisationDto,
  CreateTenantDto,
  CreateUserDto,
} from './admin.dto';
import {
  InvitedUserDto,
  MembershipDto,
  MembershipListDto,
  OrganisationDto,
  OrganisationListDto,
  SingleUseLinkDto,
  TenantDto,
  TenantListDto,
  UserPageDto,
} from '../responses/core.responses';

const ID = '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11';
/** An organisation as the admin API answers it: the example of adding one, of the list, and (renamed) of changing it. */
const LEICESTER = {
  id: ID,
  kind: 'local_authority',
  name: 'Leicester',
  laNumber: '856',
  gssCode: 'E06000016',
  isLead: true,
  urn: null,
  ukprn: null,
  ofstedUrn: null,
  localAuthorityId: null,
  status: 'active',
  version: 1,
};
/** An identifier (LA number, URN, Ofsted URN) another organisation of the partnership holds. */
const IDENTIFIER_CLASH = problem(409, 'Another organisation in this partnership already has this identifier.', {
  errors: [{ field: 'urn', message: 'Another organisation in this partnership already has this URN' }],
});

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
    private readonly onboarding: OnboardingService,
    private readonly context: AuthContext,
  ) {}

  @Policy('manage', 'Platform')
  @Post('tenants')
  @ApiOperation({ summary: 'Create a partnership (tenant)' })
  @ApiCreatedResponse({
    type: TenantDto,
    example: {
      id: ID,
      slug: 'east-midlands',
      name: 'East Midlands Change Programme Partnership',
      region: 'East Midlands',
      status: 'active',
      createdAt: '2026-11-27T10:00:00.000Z',
    },
  })
  createTenant(@Body() body: CreateTenantDto) {
    return this.onboarding.createTenant(body, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Get('tenants')
  @ApiOperation({ summary: 'List the partnerships' })
  @ApiOkResponse({
    type: TenantListDto,
    example: {
      items: [
        {
          id: ID,
          slug: 'east-midlands',
          name: 'East Midlands Change Programme Partnership',
          region: 'East Midlands',
          status: 'active',
          createdAt: '2026-11-27T10:00:00.000Z',
        },
      ],
    },
  })
  async listTenants() {
    return this.onboarding.listTenants();
  }

  @Policy('manage', 'Platform')
  @Post('tenants/:tenantId/organisations')
  @ApiOperation({ summary: "Add an organisation to a partnership (an LA's ONS code is looked up from its DfE number)" })
  @ApiCreatedResponse({
    type: OrganisationDto,
    example: LEICESTER,
  })
  @ApiBody({
    type: CreateOrganisationDto,
    examples: {
      localAuthority: {
        summary: 'A local authority (a school gives urn and localAuthorityId instead)',
        value: { kind: 'local_authority', name: 'Leicester', laNumber: '856', isLead: true },
      },
      earlyYearsSetting: {
        summary: 'An early years setting, where a module registers the kind (workforce training does): its Ofsted URN',
        value: {
          kind: 'early_years',
          name: 'Little Acorns Day Nursery',
          ofstedUrn: 'EY123456',
          localAuthorityId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
        },
      },
    },
  })
  @ApiProblems({ 409: IDENTIFIER_CLASH })
  async createOrganisation(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateOrganisationDto) {
    return this.onboarding.createOrganisation(tenantId, body, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Patch('tenants/:tenantId/organisations/:organisationId')
  @ApiOperation({
    summary:
      "Change an organisation's name or identifiers (a school renamed, a URN, UKPRN, Ofsted URN or LA number corrected), from the version you saw",
    description:
      'Fields left out keep their values; null clears an identifier its kind does not require. The kind, lead and maintaining local authority do not change. The same checks as adding an organisation; 409 when the version is stale or another organisation of the partnership has the identifier.',
  })
  @ApiOkResponse({
    type: OrganisationDto,
    example: { ...LEICESTER, name: 'Leicester City Council', version: 2 },
  })
  @ApiBody({
    type: ChangeOrganisationDto,
    examples: {
      rename: {
        summary: 'Rename an organisation (send the version you read)',
        value: { version: 1, name: 'Leicester City Council' },
      },
      correctUrn: {
        summary: "Correct a school's URN",
        value: { version: 3, urn: '120001' },
      },
    },
  })
  @ApiProblems({
    409: problem(
      409,
      'Someone else changed this organisation since you opened it. Open it again to see what it is now.',
      {
        currentVersion: 2,
      },
    ),
  })
  async changeOrganisation(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() body: ChangeOrganisationDto,
  ) {
    return this.onboarding.changeOrganisation(tenantId, organisationId, body, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Get('tenants/:tenantId/organisations')
  @ApiOperation({ summary: "List a partnership's organisations" })
  @ApiOkResponse({
    type: OrganisationListDto,
    example: {
      items: [LEICESTER],
    },
  })
  async listOrganisations(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.onboarding.listOrganisations(tenantId);
  }

  @Policy('manage', 'Platform')
  @Post('users')
  @ApiOperation({
    summary: 'Create a user: they are emailed an invite; the answer also carries a single-use invite link to pass on',
    description:
      'The invite email (a link of its own, 7 days) goes after the request commits; GET /api/v1/admin/notifications shows it where emails go to the development outbox.',
  })
  @ApiCreatedResponse({
    type: InvitedUserDto,
    example: {
      id: ID,
      email: 'sam.jones@leicester.gov.example',
      displayName: 'Sam Jones',
      platformRole: null,
      status: 'invited',
      invite: {
        url: 'http://localhost:3000/invites/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
        token: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
        expiresAt: '2026-12-04T12:00:00.000Z',
      },
    },
  })
  @ApiBody({
    type: CreateUserDto,
    examples: {
      member: {
        summary: 'A partnership member (platformRole only for a platform admin or National Board member)',
        value: { email: 'sam.jones@leicester.gov.example', displayName: 'Sam Jones' },
      },
    },
  })
  createUser(@Body() body: CreateUserDto) {
    return this.onboarding.createUser(body, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Get('users')
  @ApiOperation({ summary: 'The users, by email (keyset pages of 100); the page shown is audited' })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'The last email of the previous page',
    example: 'sam.jones@leicester.gov.example',
  })
  @ApiOkResponse({
    type: UserPageDto,
    example: {
      items: [
        {
          id: ID,
          email: 'sam.jones@leicester.gov.example',
          displayName: 'Sam Jones',
          platformRole: null,
          status: 'active',
        },
      ],
      nextCursor: null,
    },
  })
  listUsers(@Query('after') after?: string) {
    return this.onboarding.listUsers({ after }, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Get('tenants/:tenantId/memberships')
  @ApiOperation({ summary: "A partnership's memberships (who holds which role where)" })
  @ApiOkResponse({
    type: MembershipListDto,
    example: { items: [{ id: ID, userId: ID, organisationId: ID, role: 'la_officer', status: 'active' }] },
  })
  async listMemberships(@Param('tenantId', ParseUUIDPipe) tenantId: string) {
    return this.onboarding.listMemberships(tenantId, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Post('users/:userId/password-reset')
  @ApiOperation({
    summary:
      'Create a single-use password reset link for a user (2 hours); the user is also emailed a reset link of their own',
  })
  @ApiCreatedResponse({
    type: SingleUseLinkDto,
    example: {
      url: 'http://localhost:3000/password-reset/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
      token: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
      expiresAt: '2026-11-27T14:00:00.000Z',
    },
  })
  async passwordReset(@Param('userId', ParseUUIDPipe) userId: string) {
    return this.onboarding.passwordReset(userId, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Post('users/:userId/mfa-reset')
  @HttpCode(204)
  @ApiOperation({
    summary: "Forget a user's authenticator (lost phone): they set up a new one at next sign-in; their sessions end",
  })
  async mfaReset(@Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.onboarding.mfaReset(userId, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Post('tenants/:tenantId/memberships')
  @ApiOperation({ summary: 'Give a user a role in an organisation of a partnership' })
  @ApiCreatedResponse({
    type: MembershipDto,
    example: { id: ID, tenantId: ID, userId: ID, organisationId: ID, role: 'la_officer', status: 'active' },
  })
  async createMembership(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateMembershipDto) {
    return this.onboarding.addMembership(tenantId, body, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Delete('tenants/:tenantId/memberships/:membershipId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a role: it stops working at the next request' })
  async removeMembership(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('membershipId', ParseUUIDPipe) membershipId: string,
  ): Promise<void> {
    await this.onboarding.revokeMembership(tenantId, membershipId, this.context.principal.userId);
  }
}
