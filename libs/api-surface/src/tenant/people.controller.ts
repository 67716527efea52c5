import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Granter, MembershipsService, peoplePage, PersonView, Policy, project } from '@rep-hub/auth';
import { decodeCursor, encodeCursor, problem } from '@rep-hub/platform';
import { ApiProblems } from '../openapi/api-problems';
import { PersonPageDto } from '../responses/core.responses';
import { PersonRoleDto } from '../responses/people.responses';
import { ChangeRoleDto, EndRoleDto, InvitePersonDto, PeopleQueryDto } from './people.dto';

const PERSON_ROLE_FIELDS = [
  'id',
  'userId',
  'displayName',
  'email',
  'userStatus',
  'role',
  'organisationId',
  'organisationName',
  'organisationKind',
  'status',
  'version',
] as const;

const FORBIDDEN_GRANT = problem(
  403,
  'Only that local authority’s admins (or the platform admin) can give a role that opens its children’s records.',
);
const STALE = problem(409, 'Someone else changed this role since you opened it. Open it again to see what it is now.');

/**
 * The people of the signed-in user's partnership and their roles. Everyone reads the list (field
 * permissions choose the projection: emails for the partnership lead and the DPO only); the
 * partnership lead and each LA's admins invite people, change, end and resend within it, and the
 * MembershipsService decides which roles each may give where (403 otherwise). Each page of the
 * list writes one audit row naming the people it showed.
 */
@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly memberships: MembershipsService,
  ) {}

  @Policy('read', 'Membership')
  @Get()
  @ApiOperation({
    summary:
      'The people of your partnership and their roles, by name; narrow by organisation or role (emails for the partnership lead and DPO only)',
  })
  @ApiOkResponse({
    type: PersonPageDto,
    example: {
      items: [
        {
          id: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
          userId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
          displayName: 'Sam Jones',
          email: 'sam.jones@leicester.gov.example',
          userStatus: 'active',
          role: 'la_officer',
          organisationId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
          organisationName: 'Leicester',
        },
      ],
      nextCursor: null,
    },
  })
  list(@Query() query: PeopleQueryDto) {
    const limit = query.limit ?? 50;
    const after = query.cursor ? (decodeCursor(query.cursor) as [string, string]) : null;
    return this.auth.inTenant(async (m) => {
      const page = await peoplePage(m, this.auth.ability, this.auth.tenantId, {
        limit,
        after,
        organisationId: query.organisationId,
        role: query.role,
      });
      await this.audit.record({ action: 'membership.list', subjectType: 'User', subjectIds: page.userIds });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    });
  }

  @Policy('create', 'Membership')
  @Post()
  @ApiOperation({
    summary:
      'Invite a person with a role in your partnership (partnership lead: partnership-wide roles; an LA’s admins: the roles that open that LA’s children). A new user is emailed a single-use invite link; an existing one is given the role',
  })
  @ApiCreatedResponse({ type: PersonRoleDto })
  @ApiProblems({ 403: FORBIDDEN_GRANT, 409: problem(409, 'They already have this role here.') })
  async invite(@Body() body: InvitePersonDto) {
    const { person } = await this.memberships.invite(this.auth.tenantId, body, this.granter(), this.actorId);
    return this.projected(person);
  }

  @Policy('read', 'Membership')
  @Get(':membershipId')
  @ApiOperation({ summary: 'One role of one person of your partnership, with its version (404 when it is not yours)' })
  @ApiOkResponse({ type: PersonRoleDto })
  async get(@Param('membershipId', ParseUUIDPipe) membershipId: string) {
    return this.projected(await this.memberships.person(this.auth.tenantId, membershipId, this.actorId));
  }

  @Policy('update', 'Membership')
  @Patch(':membershipId')
  @ApiOperation({
    summary:
      'Change a role to another that suits the same organisation, from the version you saw (you must be allowed to give both)',
  })
  @ApiOkResponse({ type: PersonRoleDto })
  @ApiProblems({ 403: FORBIDDEN_GRANT, 409: STALE })
  async change(@Param('membershipId', ParseUUIDPipe) membershipId: string, @Body() body: ChangeRoleDto) {
    return this.projected(
      await this.memberships.change(this.auth.tenantId, membershipId, body, this.granter(), this.actorId),
    );
  }

  @Policy('delete', 'Membership')
  @Post(':membershipId/end')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a role, from the version you saw: it stops working at their next request' })
  @ApiNoContentResponse({ description: 'The role has ended' })
  @ApiProblems({ 403: FORBIDDEN_GRANT, 409: STALE })
  async end(@Param('membershipId', ParseUUIDPipe) membershipId: string, @Body() body: EndRoleDto) {
    await this.memberships.end(this.auth.tenantId, membershipId, body, this.granter(), this.actorId);
  }

  @Policy('update', 'Membership')
  @Post(':membershipId/invite')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Email the invitation again to the person of a role who has not yet accepted it (a fresh single-use link)',
  })
  @ApiNoContentResponse({ description: 'The invitation will be emailed again' })
  @ApiProblems({ 403: FORBIDDEN_GRANT, 409: problem(409, 'They have already accepted their invitation.') })
  async resend(@Param('membershipId', ParseUUIDPipe) membershipId: string) {
    await this.memberships.resendInvite(this.auth.tenantId, membershipId, this.granter(), this.actorId);
  }

  private get actorId(): string {
    return this.auth.principal.userId;
  }

  private granter(): Granter {
    const p = this.auth.principal;
    return { platformAdmin: p.platformRole === 'platform_admin', memberships: p.memberships };
  }

  private projected(person: PersonView) {
    return project(
      this.auth.ability,
      'read',
      'Membership',
      person as unknown as Record<string, unknown>,
      PERSON_ROLE_FIELDS,
    );
  }
}
