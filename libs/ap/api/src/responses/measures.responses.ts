import { ApiProperty } from '@nestjs/swagger';
import type { DurationMeasure, LaMeasures, MeasureSections, MeasuresResult } from '@rep-hub/ap-domain';

/** Counts keyed by a code (a tier, a reason, a route, a destination, an outcome group). */
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const RATE = {
  description: 'A percentage to one decimal; null when the denominator is 0',
  type: Number,
  nullable: true,
} as const;

export class ReferralMeasuresDto {
  @ApiProperty({ example: 14 }) total: number;
  @ApiProperty({ ...COUNTS, description: 'By code of ap-tiers', example: { tier_1: 3, tier_2: 9, tier_3: 2 } })
  byRequestedTier: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'By case reason', example: { suspension: 4, other: 0 } }) byReason: Record<
    string,
    number
  >;
  @ApiProperty({
    ...COUNTS,
    description: 'By case route',
    example: { school_referral: 8, school_commission: 4, la_commission: 2 },
  })
  byRoute: Record<string, number>;
}

export class CommissionMeasuresDto {
  @ApiProperty({ example: 9 }) total: number;
  @ApiProperty({ ...COUNTS, example: { tier_1: 2, tier_2: 6, tier_3: 1 } }) byTier: Record<string, number>;
  @ApiProperty({ ...COUNTS, example: { suspension: 3, other: 0 } }) byReason: Record<string, number>;
}

export class DurationMeasureDto implements DurationMeasure {
  @ApiProperty({ example: 10 }) count: number;
  @ApiProperty({ type: Number, nullable: true, example: 16.5 }) medianDays: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 18.2 }) meanDays: number | null;
}

export class AttendanceMeasuresDto {
  @ApiProperty({ example: 1200 }) possibleSessions: number;
  @ApiProperty({ example: 1032 }) attendedSessions: number;
  @ApiProperty({ example: 48 }) authorisedAbsenceSessions: number;
  @ApiProperty({ example: 120 }) unauthorisedAbsenceSessions: number;
  @ApiProperty({ ...RATE, example: 86 }) attendanceRate: number | null;
  @ApiProperty({ ...RATE, example: 4 }) authorisedAbsenceRate: number | null;
  @ApiProperty({ ...RATE, example: 10 }) unauthorisedAbsenceRate: number | null;
  @ApiProperty({ description: 'Placements with 10 or more possible sessions in the period', example: 9 })
  placementsCounted: number;
  @ApiProperty({ example: 3 }) persistentlyAbsent: number;
  @ApiProperty({ ...RATE, example: 33.3 }) persistentAbsenceRate: number | null;
  @ApiProperty({ example: 1 }) severelyAbsent: number;
  @ApiProperty({ ...RATE, example: 11.1 }) severeAbsenceRate: number | null;
}

export class Tier2CompletionDto {
  @ApiProperty({ example: 5 }) ended: number;
  @ApiProperty({ example: 4 }) withinPlannedTime: number;
  @ApiProperty({ ...RATE, example: 80 }) rate: number | null;
}

export class SustainedReintegrationDto {
  @ApiProperty({ example: 2 }) due: number;
  @ApiProperty({ example: 1 }) held: number;
  @ApiProperty({ ...RATE, example: 50 }) rate: number | null;
  @ApiProperty({ example: 2 }) waiting: number;
}

export class ReintegrationMeasuresDto {
  @ApiProperty({ example: 6 }) ended: number;
  @ApiProperty({ example: 4 }) reintegrated: number;
  @ApiProperty({ ...RATE, example: 66.7 }) rate: number | null;
  @ApiProperty({ type: SustainedReintegrationDto }) sustained: SustainedReintegrationDto;
}

export class DestinationMeasuresDto {
  @ApiProperty({ example: 6 }) ended: number;
  @ApiProperty({
    ...COUNTS,
    description: 'By code of placement-end-destinations',
    example: { returned_to_home_school: 3, not_known: 0 },
  })
  byDestination: Record<string, number>;
  @ApiProperty({ ...COUNTS, example: { reintegration: 4, unknown: 0 } }) byOutcomeGroup: Record<string, number>;
  @ApiProperty({ example: 1 }) post16: number;
  @ApiProperty({ example: 0 }) neet: number;
}

/** Every figure of one LA, or of the LAs in scope together. */
export class MeasureSectionsDto implements MeasureSections {
  @ApiProperty({ type: ReferralMeasuresDto }) referrals: ReferralMeasuresDto;
  @ApiProperty({ type: CommissionMeasuresDto }) commissions: CommissionMeasuresDto;
  @ApiProperty({ type: DurationMeasureDto }) timeToDecision: DurationMeasureDto;
  @ApiProperty({ type: DurationMeasureDto }) timeToPlacement: DurationMeasureDto;
  @ApiProperty({ type: AttendanceMeasuresDto }) attendance: AttendanceMeasuresDto;
  @ApiProperty({ type: Tier2CompletionDto }) tier2Completion: Tier2CompletionDto;
  @ApiProperty({ type: ReintegrationMeasuresDto }) reintegration: ReintegrationMeasuresDto;
  @ApiProperty({ type: DestinationMeasuresDto }) destinations: DestinationMeasuresDto;
}

export class LaMeasuresDto extends MeasureSectionsDto implements LaMeasures {
  @ApiProperty({ format: 'uuid', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
}

export class MeasuresPeriodDto {
  @ApiProperty({ format: 'date', example: '2025-09-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-03-31' }) to: string;
}

export class MeasuresDto implements MeasuresResult {
  @ApiProperty({ type: MeasuresPeriodDto }) period: MeasuresPeriodDto;
  @ApiProperty({
    description: 'partnership: the lead’s view of every LA; la: one LA, or an officer’s LAs',
    enum: ['partnership', 'la'],
    example: 'la',
  })
  scope: 'partnership' | 'la';
  @ApiProperty({ type: [LaMeasuresDto] }) las: LaMeasuresDto[];
  @ApiProperty({
    description: 'The same sections over every LA in `las` together (medians and rates recomputed, not averaged)',
    type: MeasureSectionsDto,
  })
  partnership: MeasureSectionsDto;
}
