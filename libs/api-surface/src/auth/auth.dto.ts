import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ example: 'nw.lead@demo.rephub.example' })
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.com' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'rephub-demo-2026' })
  @IsString()
  @MinLength(1, { message: 'Enter your password' })
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    description: 'The partnership to sign in to (default: the only one you belong to)',
    example: '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11',
  })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be a UUID' })
  tenantId?: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from the last sign-in or refresh (single use)',
    example: 'q0mX7cW1m0kq3o4pV9k2vQ8jY4fQ3p3m8Xw1c9Zr2nA',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken: string;
}

export class SwitchTenantDto {
  @ApiProperty({ example: '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11' })
  @IsUUID('all', { message: 'tenantId must be a UUID' })
  tenantId: string;
}

export class UseLinkDto {
  @ApiProperty({
    description: 'The token from the link (the last part of its path)',
    example: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: 'At least 12 characters; not a common password', example: 'kettle orbit saffron 42' })
  @IsString()
  @MaxLength(256)
  password: string;
}

export class MfaSetupDto {
  @ApiProperty({
    description: 'The mfaToken from the sign-in answer (5 minutes)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwdXJwb3NlIjoibWZhIn0.signature',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(2000)
  mfaToken: string;
}

export class MfaVerifyDto extends MfaSetupDto {
  @ApiProperty({ description: 'The 6-digit code your authenticator app shows now', example: '492039' })
  @Matches(/^\d{6}$/, { message: 'Enter the 6-digit code from your authenticator app' })
  code: string;
}

export class RequestPasswordResetDto {
  @ApiProperty({ description: 'The email address of your REP Hub account', example: 'nw.lead@demo.rephub.example' })
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.com' })
  @MaxLength(254)
  email: string;
}
