import { ApiProperty } from '@nestjs/swagger';

const TENANT_ID = '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11';

export class TenantRefDto {
  @ApiProperty({ format: 'uuid', example: TENANT_ID }) id: string;
  @ApiProperty({ example: 'North West Change Programme Partnership (demo)' }) name: string;
}

/** A new session's tokens. */
export class TokensDto {
  @ApiProperty({
    description: 'Bearer token for every request, 15 minutes',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.signature',
  })
  accessToken: string;
  @ApiProperty({
    description: 'Single use: POST /api/v1/auth/refresh',
    example: 'q0mX7cW1m0kq3o4pV9k2vQ8jY4fQ3p3m8Xw1c9Zr2nA',
  })
  refreshToken: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lasts', example: 900 }) expiresIn: number;
  @ApiProperty({
    description: 'The partnership of the session; null until you choose one (several memberships)',
    format: 'uuid',
    nullable: true,
    type: String,
    example: TENANT_ID,
  })
  tenantId: string | null;
}

/** Tokens, with the partnerships you may choose from. */
export class SignInTokensDto extends TokensDto {
  @ApiProperty({ type: [TenantRefDto] }) tenants: TenantRefDto[];
}

/** The sign-in's answer to a right password when the role must also give a TOTP code. */
export class MfaChallengeDto {
  @ApiProperty({ enum: [true], example: true }) mfaRequired: true;
  @ApiProperty({
    description: 'false: set up an authenticator first (POST /api/v1/auth/mfa/setup), then verify a code',
    example: false,
  })
  mfaEnrolled: boolean;
  @ApiProperty({
    description: 'Proves the password step, 5 minutes',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwdXJwb3NlIjoibWZhIn0.signature',
  })
  mfaToken: string;
  @ApiProperty({ type: [TenantRefDto] }) tenants: TenantRefDto[];
}

export class MfaSecretDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }) secret: string;
  @ApiProperty({
    example:
      'otpauth://totp/REP%20Hub:sam.jones%40leicester.gov.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=REP%20Hub&algorithm=SHA1&digits=6&period=30',
  })
  otpauthUri: string;
}

export class UserIdDto {
  @ApiProperty({ format: 'uuid', example: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f' }) userId: string;
}

export class MessageDto {
  @ApiProperty({
    example:
      'If there is a REP Hub account with that email address, we have sent it a link to reset the password. The link works once, for 2 hours.',
  })
  message: string;
}

export class RoleRefDto {
  @ApiProperty({
    description: 'A role of the role registry (partnership_lead, la_officer, setting_staff, …)',
    example: 'partnership_lead',
  })
  role: string;
  @ApiProperty({ format: 'uuid', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }) organisationId: string;
}

/** Who you are signed in as. */
export class MeDto {
  @ApiProperty({ format: 'uuid', example: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f' }) userId: string;
  @ApiProperty({ format: 'email', example: 'nw.lead@demo.rephub.example' }) email: string;
  @ApiProperty({ example: 'North West partnership lead (demo)' }) displayName: string;
  @ApiProperty({ enum: ['platform_admin', 'national_board'], nullable: true, type: String, example: null })
  platformRole: string | null;
  @ApiProperty({ type: TenantRefDto, nullable: true }) tenant: TenantRefDto | null;
  @ApiProperty({ type: [RoleRefDto] }) roles: RoleRefDto[];
  @ApiProperty({
    description: 'The local authorities whose pupil records your requests may see',
    type: [String],
    format: 'uuid',
    example: ['8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6'],
  })
  localAuthorityIds: string[];
}
