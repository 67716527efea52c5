import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { AGREEMENT_GRANTS } from '@rep-hub/auth';
import { PageQueryDto } from '../paging.dto';
import { IsOrganisationKind, ORGANISATION_KIND_ENUM } from '../registered-codes';

export { PageQueryDto };

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...ORGANISATION_KIND_ENUM, example: 'school' })
  @IsOptional()
  @IsOrganisationKind()
  kind?: string;
}

export class ProposeAgreementDto {
  @ApiProperty({ example: 'North West AP data-sharing agreement 2026' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({
    description: 'What the sharing is for (the lawful purpose each party LA confirms)',
    example: 'To commission and follow alternative provision placements across the partnership',
  })
  @IsString()
  @Length(1, 2000)
  purpose: string;

  @ApiProperty({
    description:
      "What it grants: `partnership_view` (the lead's pseudonymised partnership view of the party LAs), `named_pupils` (LA officers of each party LA see the other parties' named pupils), or both",
    enum: AGREEMENT_GRANTS,
    isArray: true,
    example: ['partnership_view'],
  })
  @ArrayMinSize(1, { message: 'Choose what the agreement grants' })
  @ArrayMaxSize(2)
  @IsIn(AGREEMENT_GRANTS as unknown as string[], {
    each: true,
    message: 'each grant must be partnership_view or named_pupils',
  })
  grants: string[];

  @ApiProperty({
    description: 'Date it takes effect once every party has confirmed it (YYYY-MM-DD)',
    example: '2026-09-01',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a real date' })
  startsOn: string;

  @ApiPropertyOptional({ description: 'Date it ends (YYYY-MM-DD); open-ended when left out', example: '2031-08-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a real date' })
  endsOn?: string;

  @ApiProperty({
    description: 'The local authorities of this partnership that are party to it (at least two)',
    example: ['8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6', '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'],
  })
  @ArrayMinSize(2, { message: 'Choose at least two local authorities' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each localAuthorityIds entry must be a UUID' })
  localAuthorityIds: string[];
}

export class ConfirmAgreementDto {
  @ApiProperty({ description: 'The version of the agreement you read (a stale one is a 409)', example: 1 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    description: 'The party LA you confirm for, when you act for more than one',
    format: 'uuid',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  @IsUUID('all')
  localAuthorityId?: string;
}

export class EndAgreementDto {
  @ApiProperty({ description: 'The version of the agreement you read (a stale one is a 409)', example: 1 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'Why it ends', example: 'The partnership has ended its AP pilot' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({
    description: 'The id of the record (give this or actorId)',
    example: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
  })
  @IsOptional()
  @IsUUID('all', { message: 'subjectId must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({
    description: 'The id of a user: what they viewed or changed (give this or subjectId)',
    example: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page',
    example: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;
}
