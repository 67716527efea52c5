import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional } from 'class-validator';
import { exampleAcademicYear, exampleDate, PageQueryDto } from '@rep-hub/api-surface';

/**
 * Bodies of the AP directory. Field checks are the service's (the same for the API and the web
 * forms, with GOV.UK messages naming each field); these classes admit the fields (@Allow: any
 * other field is refused) and describe them for OpenAPI, with working examples.
 */
export class CreateProviderDto {
  @ApiProperty({ description: 'The provider’s name', example: 'Irwell Learning Centre' })
  @Allow()
  name: string;

  @ApiProperty({ description: 'Provider type (code list ap-provider-types)', example: 'pru' })
  @Allow()
  providerType: string;

  @ApiPropertyOptional({
    description: 'URN (6 digits); a URN or UKPRN is needed except for unregistered provision',
    example: '135791',
  })
  @Allow()
  urn?: string;

  @ApiPropertyOptional({ description: 'UKPRN (8 digits starting 1)', example: '10012345' })
  @Allow()
  ukprn?: string;

  @ApiProperty({
    description: 'The tiers the provider offers (code list ap-tiers)',
    example: ['tier_2', 'tier_3'],
    type: [String],
  })
  @Allow()
  tiers: string[];

  @ApiPropertyOptional({
    description: 'The provider’s organisation in this partnership (its staff’s memberships), when it has one',
    example: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  })
  @Allow()
  organisationId?: string;
}

export class QualityCheckDto {
  @ApiProperty({ description: 'due_diligence, safeguarding, insurance or inspection', example: 'safeguarding' })
  @Allow()
  kind: string;

  @ApiProperty({ description: 'The date of the check (YYYY-MM-DD, not in the future)', example: exampleDate(-30) })
  @Allow()
  checkedOn: string;

  @ApiProperty({
    description: 'When the check expires (YYYY-MM-DD, after checkedOn); an expired check blocks new offers',
    example: exampleDate(335),
  })
  @Allow()
  expiresOn: string;

  @ApiPropertyOptional({ description: 'Inspections: who inspected', example: 'Ofsted' })
  @Allow()
  body?: string;

  @ApiPropertyOptional({ description: 'Inspections: the outcome as text', example: 'Good (all areas)' })
  @Allow()
  outcome?: string;
}

export class PlacesDto {
  @ApiProperty({
    description: 'The commissioning local authority (an LA officer: their own)',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @Allow()
  laId: string;

  @ApiProperty({ description: 'tier_1, tier_2 or tier_3 (one the provider offers)', example: 'tier_2' })
  @Allow()
  tier: string;

  @ApiProperty({ description: 'Academic year like 2026/27', example: exampleAcademicYear() })
  @Allow()
  academicYear: string;

  @ApiProperty({ description: 'Places commissioned (0–10000)', example: 12 })
  @Allow()
  places: number;
}

export class ProviderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only providers offering this tier',
    example: 'tier_2',
    enum: ['tier_1', 'tier_2', 'tier_3'],
  })
  @IsOptional()
  @IsIn(['tier_1', 'tier_2', 'tier_3'], { message: 'tier must be tier_1, tier_2 or tier_3' })
  tier?: string;
}
