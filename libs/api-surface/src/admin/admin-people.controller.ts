import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthContext, MembershipsService, PLATFORM_GRANTER, Policy } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import { ApiProblems } from '../openapi/api-problems';
import { PersonRoleDto } from '../responses/people.responses';
import { ChangeRoleDto, InvitePersonDto } from '../tenant/people.dto';

/**
 * The platform admin's part of the people routes (issue 20): the same MembershipsService as a
 * partnership's own people managers, for any partnership and any role (the platform admin may give
 * every role). Every route needs `manage Platform`.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/tenants/:tenantId')
export class AdminPeopleController {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly context: AuthContext,
  ) {}

  @Policy('manage', 'Platform')
  @Post('people')
  @ApiOperation({
    summary:
      'Invite a person with a role in a partnership in one step: a new user is emailed a single-use invite link; an existing one is given the role',
  })
  @ApiCreatedResponse({ type: PersonRoleDto })
  @ApiProblems({ 409: problem(409, 'They already have this role here.') })
  async invite(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: InvitePersonDto) {
    return (await this.memberships.invite(tenantId, body, PLATFORM_GRANTER, this.context.principal.userId)).person;
  }

  @Policy('manage', 'Platform')
  @Patch('memberships/:membershipId')
  @ApiOperation({ summary: 'Change a role to another that suits the same organisation, from the version you saw' })
  @ApiOkResponse({ type: PersonRoleDto })
  @ApiProblems({
    409: problem(409, 'Someone else changed this role since you opened it. Open it again to see what it is now.'),
  })
  change(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('membershipId', ParseUUIDPipe) membershipId: string,
    @Body() body: ChangeRoleDto,
  ) {
    return this.memberships.change(tenantId, membershipId, body, PLATFORM_GRANTER, this.context.principal.userId);
  }

  @Policy('manage', 'Platform')
  @Post('memberships/:membershipId/invite')
  @HttpCode(204)
  @ApiOperation({ summary: 'Email the invitation again to the person of a role who has not yet accepted it' })
  @ApiNoContentResponse({ description: 'The invitation will be emailed again' })
  @ApiProblems({ 409: problem(409, 'They have already accepted their invitation.') })
  async resend(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('membershipId', ParseUUIDPipe) membershipId: string,
  ): Promise<void> {
    await this.memberships.resendInvite(tenantId, membershipId, PLATFORM_GRANTER, this.context.principal.userId);
  }
}
