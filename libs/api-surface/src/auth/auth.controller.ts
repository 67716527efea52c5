import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AccountEmails, Authenticated, AuthService, SingleUseLinks, CurrentPrincipal, Principal } from '@rep-hub/auth';
import { Public } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import type { Request } from 'express';
import { ApiOneOfResponse, ApiProblems } from '../openapi/api-problems';
import {
  MfaSetupDto,
  MfaVerifyDto,
  RefreshDto,
  RequestPasswordResetDto,
  SignInDto,
  SwitchTenantDto,
  UseLinkDto,
} from './auth.dto';
import {
  MeDto,
  MessageDto,
  MfaChallengeDto,
  MfaSecretDto,
  SignInTokensDto,
  TokensDto,
  UserIdDto,
} from './auth.responses';

/** The one answer to a reset request, whether or not the address has an account. */
export const PASSWORD_RESET_REQUESTED = {
  message:
    'If there is a REP Hub account with that email address, we have sent it a link to reset the password. The link works once, for 2 hours.',
} as const;

/** Sign-in and sessions for API clients: bearer access tokens, rotating refresh tokens. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly links: SingleUseLinks,
    private readonly tenancy: TenancyService,
    private readonly emails: AccountEmails,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Answers an access token (15 minutes) and a refresh token. An unknown email and a wrong password get the same answer. ' +
      'Repeated failures from one address for one account answer 429 for a minute; other addresses are not affected.',
  })
  @ApiOneOfResponse(
    200,
    'Tokens; or, for a role that can open a named child (LA officer, school staff, AP provider staff, data protection officer), a TOTP challenge (`mfaRequired: true`): ' +
      'then POST /api/v1/auth/mfa/setup (first time) and /api/v1/auth/mfa/verify with the mfaToken.',
    SignInTokensDto,
    MfaChallengeDto,
  )
  @ApiProblems({
    401: {
      type: 'https://rephub.example/problems/401',
      title: 'Sign-in failed',
      status: 401,
      detail: 'Enter a correct email address and password.',
      instance: '/api/v1/auth/login',
    },
  })
  @ApiBody({
    type: SignInDto,
    examples: {
      demo: {
        summary: 'The demo’s North West partnership lead',
        value: { email: 'nw.lead@demo.rephub.example', password: 'rephub-demo-2026' },
      },
    },
  })
  login(@Body() body: SignInDto, @Req() req: Request) {
    return this.auth.signIn(body, req.ip ?? 'unknown');
  }

  @Public()
  @Post('mfa/setup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'First sign-in of a role that needs TOTP: a secret for your authenticator app (then verify a code)',
  })
  @ApiOkResponse({ type: MfaSecretDto })
  @ApiProblems(401, 409)
  mfaSetup(@Body() body: MfaSetupDto) {
    return this.auth.mfaSetup(body.mfaToken);
  }

  @Public()
  @Post('mfa/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete sign-in with the 6-digit code from your authenticator app (each code works once)',
  })
  @ApiOkResponse({ type: SignInTokensDto })
  @ApiProblems(401)
  mfaVerify(@Body() body: MfaVerifyDto) {
    return this.auth.mfaVerify(body.mfaToken, body.code);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (the old one stops working; reusing it ends the session)',
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblems(401)
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: ends this session and its tokens' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.signOut(principal);
  }

  @Authenticated()
  @Post('switch-tenant')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose or switch partnership: a new session and tokens for it; the old ones stop working' })
  @ApiOkResponse({ type: TokensDto })
  switchTenant(@CurrentPrincipal() principal: Principal, @Body() body: SwitchTenantDto) {
    return this.auth.switchTenant(principal, body.tenantId);
  }

  @Authenticated()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who you are signed in as, in which partnership, with which roles' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() p: Principal) {
    const user = await this.tenancy.findUser(p.userId);
    const tenant = p.tenantId ? await this.tenancy.findTenant(p.tenantId) : null;
    return {
      userId: p.userId,
      email: user?.email,
      displayName: user?.displayName,
      platformRole: p.platformRole,
      tenant: tenant ? { id: tenant.id, name: tenant.name } : null,
      roles: p.memberships.map((m) => ({ role: m.role, organisationId: m.organisationId })),
      localAuthorityIds: p.laIds,
    };
  }

  @Public()
  @Post('invites/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invite: choose a password; the link then stops working' })
  @ApiOkResponse({ type: UserIdDto })
  @ApiProblems(404)
  acceptInvite(@Body() body: UseLinkDto) {
    return this.links.acceptInvite(body.token, body.password);
  }

  @Public()
  @Post('password-resets')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgotten password: email a reset link to an account',
    description:
      'Always answers 202 with the same body, whether or not the address has an account (it never reveals one). ' +
      'Only an active account is emailed, at most once in 10 minutes; repeated requests for one address from one client do nothing after 5 in an hour. ' +
      'Then POST /api/v1/auth/password-resets/complete with the token from the link.',
  })
  @ApiAcceptedResponse({ type: MessageDto })
  async requestReset(@Body() body: RequestPasswordResetDto, @Req() req: Request) {
    await this.emails.requestPasswordReset(body.email, req.ip ?? 'unknown');
    return PASSWORD_RESET_REQUESTED;
  }

  @Public()
  @Post('password-resets/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password from a reset link; every session of the user ends' })
  @ApiOkResponse({ type: UserIdDto })
  @ApiProblems(404)
  completeReset(@Body() body: UseLinkDto) {
    return this.links.completePasswordReset(body.token, body.password);
  }
}
