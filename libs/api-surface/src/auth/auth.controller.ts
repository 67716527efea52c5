import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccountEmails, Authenticated, AuthService, CurrentPrincipal, Principal } from '@rep-hub/auth';
import { Public } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import type { Request } from 'express';
import { MfaSetupDto, MfaVerifyDto, RefreshDto, RequestPasswordResetDto, SignInDto, SwitchTenantDto, UseLinkDto } from './auth.dto';

const TOKENS_EXAMPLE = {
  accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.signature',
  refreshToken: 'q0mX7cW1m0kq3o4pV9k2vQ8jY4fQ3p3m8Xw1c9Zr2nA',
  tokenType: 'Bearer',
  expiresIn: 900,
  tenantId: '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11',
};

/** The one answer to a reset request, whether or not the address has an account. */
export const PASSWORD_RESET_REQUESTED = {
  message: 'If there is a REP Hub account with that email address, we have sent it a link to reset the password. The link works once, for 2 hours.',
} as const;

/** Sign-in and sessions for API clients: bearer access tokens, rotating refresh tokens. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
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
  @ApiOkResponse({
    description:
      'Tokens; or, for a role that can open a named child (LA officer, school staff, AP provider staff, data protection officer), a TOTP challenge: ' +
      'then POST /api/v1/auth/mfa/setup (first time) and /api/v1/auth/mfa/verify with the mfaToken.',
    content: {
      'application/json': {
        examples: {
          tokens: { value: { ...TOKENS_EXAMPLE, tenants: [{ id: TOKENS_EXAMPLE.tenantId, name: 'North West Change Programme Partnership (demo)' }] } },
          totpChallenge: { value: { mfaRequired: true, mfaEnrolled: false, mfaToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwdXJwb3NlIjoibWZhIn0.signature', tenants: [{ id: TOKENS_EXAMPLE.tenantId, name: 'North West Change Programme Partnership (demo)' }] } },
        },
      },
    },
  })
  @ApiUnauthorizedResponse({ schema: { example: { type: 'https://rephub.example/problems/401', title: 'Sign-in failed', status: 401, detail: 'Enter a correct email address and password.', instance: '/api/v1/auth/login' } } })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see retryAfterSeconds' })
  login(@Body() body: SignInDto, @Req() req: Request) {
    return this.auth.signIn(body, req.ip ?? 'unknown');
  }

  @Public()
  @Post('mfa/setup')
  @HttpCode(200)
  @ApiOperation({ summary: 'First sign-in of a role that needs TOTP: a secret for your authenticator app (then verify a code)' })
  @ApiOkResponse({ schema: { example: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/REP%20Hub:sam.jones%40leicester.gov.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=REP%20Hub&algorithm=SHA1&digits=6&period=30' } } })
  mfaSetup(@Body() body: MfaSetupDto) {
    return this.auth.mfaSetup(body.mfaToken);
  }

  @Public()
  @Post('mfa/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete sign-in with the 6-digit code from your authenticator app (each code works once)' })
  @ApiOkResponse({ schema: { example: { ...TOKENS_EXAMPLE, tenants: [{ id: TOKENS_EXAMPLE.tenantId, name: 'North West Change Programme Partnership (demo)' }] } } })
  mfaVerify(@Body() body: MfaVerifyDto) {
    return this.auth.mfaVerify(body.mfaToken, body.code);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working; reusing it ends the session)' })
  @ApiOkResponse({ schema: { example: TOKENS_EXAMPLE } })
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: ends this session and its tokens' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.signOut(principal);
  }

  @Authenticated()
  @Post('switch-tenant')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose or switch partnership: a new session and tokens for it; the old ones stop working' })
  @ApiOkResponse({ schema: { example: TOKENS_EXAMPLE } })
  switchTenant(@CurrentPrincipal() principal: Principal, @Body() body: SwitchTenantDto) {
    return this.auth.switchTenant(principal, body.tenantId);
  }

  @Authenticated()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who you are signed in as, in which partnership, with which roles' })
  @ApiOkResponse({
    schema: {
      example: {
        userId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
        email: 'nw.lead@demo.rephub.example',
        displayName: 'North West partnership lead (demo)',
        platformRole: null,
        tenant: { id: TOKENS_EXAMPLE.tenantId, name: 'North West Change Programme Partnership (demo)' },
        roles: [{ role: 'partnership_lead', organisationId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }],
        localAuthorityIds: ['8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6'],
      },
    },
  })
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
  @ApiOkResponse({ schema: { example: { userId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f' } } })
  acceptInvite(@Body() body: UseLinkDto) {
    return this.auth.acceptInvite(body.token, body.password);
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
  @ApiAcceptedResponse({ schema: { example: PASSWORD_RESET_REQUESTED } })
  async requestReset(@Body() body: RequestPasswordResetDto, @Req() req: Request) {
    await this.emails.requestPasswordReset(body.email, req.ip ?? 'unknown');
    return PASSWORD_RESET_REQUESTED;
  }

  @Public()
  @Post('password-resets/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password from a reset link; every session of the user ends' })
  @ApiOkResponse({ schema: { example: { userId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f' } } })
  completeReset(@Body() body: UseLinkDto) {
    return this.auth.completePasswordReset(body.token, body.password);
  }
}
