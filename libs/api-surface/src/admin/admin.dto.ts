import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { LimitQueryDto } from '../paging.dto';
import {
  IsOrganisationKind,
  IsPartnershipRole,
  ORGANISATION_KIND_ENUM,
  PARTNERSHIP_ROLE_ENUM,
} from '../registered-codes';

export class CreateTenantDto {
  @ApiProperty({ description: 'Lower-case words joined by hyphens; used in links', example: 'east-midlands' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters and numbers joined by hyphens' })
  @MaxLength(63)
  slug: string;

  @ApiProperty({ example: 'East Midlands Change Programme Partnership' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'East Midlands' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
}

export class CreateOrganisationDto {
  // the kinds the core and the app's modules register (the RoleRegistry), read when a request is checked
  @ApiProperty({ ...ORGANISATION_KIND_ENUM, example: 'local_authority' })
  @IsOrganisationKind()
  kind: string;

  @ApiProperty({ example: 'Leicester' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    description: 'Local authority: its three-digit DfE number (the ONS code is looked up)',
    example: '856',
  })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'laNumber must be three digits' })
  laNumber?: string;

  @ApiPropertyOptional({ description: 'Local authority: lead (or joint lead) of the partnership', example: true })
  @IsOptional()
  @IsBoolean()
  isLead?: boolean;

  @ApiPropertyOptional({ description: 'School or AP provider: six-digit URN', example: '120000' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'urn must be six digits' })
  urn?: string;

  @ApiPropertyOptional({ description: 'AP provider or training provider: eight-digit UKPRN', example: '10012345' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'ukprn must be eight digits' })
  ukprn?: string;

  @ApiPropertyOptional({
    description: 'Early years setting: its Ofsted URN, EY and six digits or six or seven digits (stored upper-case)',
    example: 'EY123456',
  })
  @IsOptional()
  @Matches(/^(EY\d{6}|\d{6,7})$/i, {
    message: 'ofstedUrn must be EY and six digits, or six or seven digits, like EY123456',
  })
  ofstedUrn?: string;

  @ApiPropertyOptional({
    description: "School: its local authority's id in this partnership",
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  @IsUUID('all', { message: 'localAuthorityId must be a UUID' })
  localAuthorityId?: string;
}

/**
 * A change to an organisation: its name and the identifiers its kind has, from the version you saw.
 * A field left out keeps its value; null clears an identifier (not one its kind requires). The kind,
 * lead and maintaining local authority are not changed here. The same checks as adding one.
 */
export class ChangeOrganisationDto {
  @ApiProperty({
    description: 'The version of the organisation you are changing (409 when it changed meanwhile)',
    example: 1,
  })
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be the version of the organisation you are changing' })
  version: number;

  @ApiPropertyOptional({ example: 'Leicester City Council' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    description: 'Local authority only: its three-digit DfE number (the ONS code is looked up again)',
    type: String,
    nullable: true,
    example: '856',
  })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'laNumber must be three digits' })
  laNumber?: string | null;

  @ApiPropertyOptional({ description: 'Six-digit URN', type: String, nullable: true, example: '120000' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'urn must be six digits' })
  urn?: string | null;

  @ApiPropertyOptional({ description: 'Eight-digit UKPRN', type: String, nullable: true, example: '10012345' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'ukprn must be eight digits' })
  ukprn?: string | null;

  @ApiPropertyOptional({
    description: 'Ofsted URN: EY and six digits, or six or seven digits (stored upper-case)',
    type: String,
    nullable: true,
    example: 'EY123456',
  })
  @IsOptional()
  @Matches(/^(EY\d{6}|\d{6,7})$/i, {
    message: 'ofstedUrn must be EY and six digits, or six or seven digits, like EY123456',
  })
  ofstedUrn?: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'sam.jones@leicester.gov.example' })
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.com' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sam Jones' })
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiPropertyOptional({
    enum: ['platform_admin', 'national_board'],
    description: 'Only for platform or National Board users',
    example: 'national_board',
  })
  @IsOptional()
  @IsIn(['platform_admin', 'national_board'], { message: 'platformRole must be platform_admin or national_board' })
  platformRole?: 'platform_admin' | 'national_board';
}

export class CreateMembershipDto {
  @ApiProperty({ example: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;

  @ApiProperty({ example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' })
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId: string;

  @ApiProperty({ ...PARTNERSHIP_ROLE_ENUM, example: 'la_officer' })
  @IsPartnershipRole()
  role: string;
}

export class NotificationQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page',
    example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
  })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be a nextCursor from this list' })
  cursor?: string;
}
