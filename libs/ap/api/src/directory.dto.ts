import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUALITY_CHECK_KINDS } from '@rep-hub/ap-domain';
import { IsCheckedBy, IsCodeIn, IsFilled, IsRealDate, IsUuid } from '@rep-hub/platform';
import { AP_PROVIDER_TYPES, AP_TIERS, validateUkprn, validateUrn } from '@rep-hub/reference';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { exampleAcademicYear, exampleDate, PageQueryDto } from '@rep-hub/api-surface';

/** The AP tiers (a closed set: tier_1, tier_2, tier_3). */
export const TIER_CODES = AP_TIERS.map((t) => t.code);

/** A blank identifier is none (the service asks for a URN or UKPRN); otherwise what is wrong with it. */
const identifier =
  (validate: (v: string) => { valid: boolean; error?: string }, fallback: string) =>
  (v: unknown): string | undefined =>
    typeof v !== 'string'
      ? fallback
      : v.trim() === '' || validate(v.trim()).valid
        ? undefined
        : (validate(v.trim()).error ?? fallback);

/**
 * Bodies of the AP directory. Each field's type and form are checked here, with the messages the
 * service and the web forms give; the service adds the rules between fields (a URN or UKPRN
 * unless unregistered, an expiry after the check) and the records it must find.
 */
export class CreateProviderDto {
  @ApiProperty({ description: 'The provider’s name', example: 'Irwell Learning Centre', maxLength: 200 })
  @IsFilled({ message: 'Enter the provider’s name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  name: string;

  @ApiProperty({
    description: `Provider type: a code of the list ap-provider-types in force (now ${AP_PROVIDER_TYPES.map((t) => t.code).join(', ')})`,
    example: 'pru',
  })
  @IsCodeIn(() => AP_PROVIDER_TYPES.map((t) => t.code), { message: 'Select the type of provider' })
  providerType: string;

  @ApiPropertyOptional({
    description: 'URN (6 digits); a URN or UKPRN is needed except for unregistered provision',
    example: '135791',
    pattern: '^[1-9][0-9]{5}$',
  })
  @IsOptional()
  @IsCheckedBy(identifier(validateUrn, 'Enter a 6-digit URN'))
  urn?: string;

  @ApiPropertyOptional({ description: 'UKPRN (8 digits starting 1)', example: '10012345', pattern: '^1[0-9]{7}$' })
  @IsOptional()
  @IsCheckedBy(identifier(validateUkprn, 'Enter an 8-digit UKPRN'))
  ukprn?: string;

  @ApiProperty({
    description: 'The tiers the provider offers',
    enum: TIER_CODES,
    isArray: true,
    example: ['tier_2', 'tier_3'],
  })
  @IsArray({ message: 'Select the tiers the provider offers' })
  @ArrayNotEmpty({ message: 'Select the tiers the provider offers' })
  @IsIn(TIER_CODES, { each: true, message: 'Tiers must be tier_1, tier_2 or tier_3' })
  tiers: string[];

  @ApiPropertyOptional({
    description: 'The provider’s organisation in this partnership (its staff’s memberships), when it has one',
    format: 'uuid',
    example: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  })
  @IsOptional()
  @IsUuid({ message: 'organisationId must be an AP provider organisation of this partnership' })
  organisationId?: string;
}

export class QualityCheckDto {
  @ApiProperty({ enum: QUALITY_CHECK_KINDS, description: 'The kind of check', example: 'safeguarding' })
  @IsIn(QUALITY_CHECK_KINDS, { message: 'Select the kind of check' })
  kind: string;

  @ApiProperty({
    description: 'The date of the check (YYYY-MM-DD, not in the future)',
    format: 'date',
    example: exampleDate(-30),
  })
  @IsRealDate({ message: 'Enter the date of the check as YYYY-MM-DD' })
  checkedOn: string;

  @ApiProperty({
    description: 'When the check expires (YYYY-MM-DD, after checkedOn); an expired check blocks new offers',
    format: 'date',
    example: exampleDate(335),
  })
  @IsRealDate({ message: 'Enter the date the check expires as YYYY-MM-DD' })
  expiresOn: string;

  @ApiPropertyOptional({ description: 'Inspections (required): who inspected', example: 'Ofsted', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'Enter who inspected the provider, like Ofsted' })
  @MaxLength(200, { message: 'The inspection body must be 200 characters or fewer' })
  body?: string;

  @ApiPropertyOptional({
    description: 'Inspections (required): the outcome as text',
    example: 'Good (all areas)',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString({ message: 'Enter the outcome of the inspection' })
  @MaxLength(2000, { message: 'The outcome must be 2,000 characters or fewer' })
  outcome?: string;
}

const PLACES = 'Enter the number of places, a whole number from 0 to 10,000';

export class PlacesDto {
  @ApiProperty({
    description: 'The commissioning local authority (an LA officer: their own)',
    format: 'uuid',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsUuid({ message: 'Select the local authority' })
  laId: string;

  @ApiProperty({ enum: TIER_CODES, description: 'The tier (one the provider offers)', example: 'tier_2' })
  @IsIn(TIER_CODES, { message: 'Select the tier' })
  tier: string;

  @ApiProperty({
    description: 'Academic year like 2026/27',
    pattern: '^[0-9]{4}/[0-9]{2}$',
    example: exampleAcademicYear(),
  })
  @IsCheckedBy((y) =>
    typeof y === 'string' && /^\d{4}\/\d{2}$/.test(y) && (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5))
      ? undefined
      : 'Enter the academic year like 2026/27',
  )
  academicYear: string;

  @ApiProperty({
    description: 'Places commissioned (0–10000)',
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    example: 12,
  })
  @IsInt({ message: PLACES })
  @Min(0, { message: PLACES })
  @Max(10_000, { message: PLACES })
  places: number;
}

export class ProviderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only providers offering this tier',
    example: 'tier_2',
    enum: TIER_CODES,
  })
  @IsOptional()
  @IsIn(TIER_CODES, { message: 'tier must be tier_1, tier_2 or tier_3' })
  tier?: string;
}
