import { ApiProperty } from '@nestjs/swagger';
import { PLACE_TYPES } from '@rep-hub/plans-domain';

const CODES = PLACE_TYPES.map((p) => p.code);

export class SufficiencyActionDto {
  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' }) id: string;
  @ApiProperty({ example: 'Open a resourced provision at Sale High' }) title: string;
  @ApiProperty({ enum: ['not_started', 'in_progress', 'done', 'cancelled'], example: 'in_progress' }) status: string;
}

export class SufficiencyRowDto {
  @ApiProperty({ format: 'uuid', example: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c' }) id: string;
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) planId: string;
  @ApiProperty({ format: 'uuid', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ enum: CODES, example: 'special_school' }) placeType: string;
  @ApiProperty({ example: 'Special school' }) placeTypeName: string;
  @ApiProperty({ example: '2026/27' }) academicYear: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Places now: typed, or the AP places the LA commissions (null when AP’s figures are not available to you)',
    example: 240,
  })
  currentPlaces: number | null;
  @ApiProperty({ enum: ['typed', 'ap_commissioned', 'unavailable'], example: 'typed' }) currentSource: string;
  @ApiProperty({ example: 265 }) forecastDemand: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'forecastDemand − currentPlaces (positive: places short)',
    example: 25,
  })
  gap: number | null;
  @ApiProperty({ type: SufficiencyActionDto, nullable: true }) action: SufficiencyActionDto | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) updatedAt: string;
  @ApiProperty({ description: 'Send it back to change the row', example: 1 }) version: number;
}

export class SufficiencyListDto {
  @ApiProperty({ type: [SufficiencyRowDto] }) items: SufficiencyRowDto[];
}

export class RegionalPlanDto {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) id: string;
  @ApiProperty({ example: 'Trafford local inclusion plan 2026 to 2029' }) title: string;
  @ApiProperty({ enum: ['draft', 'co_production', 'signed_off', 'published', 'superseded'], example: 'co_production' })
  latestStatus: string;
  @ApiProperty({ example: 2 }) latestNumber: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-03-02T10:00:00.000Z' })
  publishedAt: string | null;
  @ApiProperty({ format: 'date', example: '2027-07-31' }) reviewOn: string;
  @ApiProperty({ example: false }) reviewOverdue: boolean;
}

export class RegionalLaDto {
  @ApiProperty({ format: 'uuid', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ type: String, nullable: true, example: '358' }) laNumber: string | null;
  @ApiProperty({ type: RegionalPlanDto, nullable: true, description: 'null when the LA is in no plan yet' })
  plan: RegionalPlanDto | null;
  @ApiProperty({ description: 'Open actions past their due date', example: 3 }) overdueActions: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description:
      'Places short (forecast − current) per place type code; null where there is no row or AP places are unavailable',
    example: { special_school: 25, resourced_provision: -4, ap_tier_1: null, ap_tier_2: 6, ap_tier_3: 0 },
  })
  gaps: Record<string, number | null>;
}

export class PlaceTypeDto {
  @ApiProperty({ example: 'special_school' }) code: string;
  @ApiProperty({ example: 'Special school' }) name: string;
}

export class RegionalViewDto {
  @ApiProperty({ example: '2026/27' }) academicYear: string;
  @ApiProperty({ format: 'date', example: '2026-12-06' }) today: string;
  @ApiProperty({ type: [PlaceTypeDto] }) placeTypes: PlaceTypeDto[];
  @ApiProperty({ type: [RegionalLaDto] }) las: RegionalLaDto[];
}
