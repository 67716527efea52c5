import { ApiProperty } from '@nestjs/swagger';
import type { CoverageFigures, CoverageLa, CoverageResult } from '@rep-hub/workforce-domain';
import { WEX } from './workforce.dto';

const RATE = {
  description: 'A percentage to one decimal; null when the denominator is 0',
  type: Number,
  nullable: true,
} as const;

export class CoveragePlacesDto {
  @ApiProperty({
    description:
      'Funded places of the cohorts running at some time in the period, as allocated at its end (by the allocations’ history)',
    example: 12,
  })
  funded: number;
  @ApiProperty({ description: 'Those places held by an enrolment at the end of the period', example: 9 })
  filled: number;
  @ApiProperty({ ...RATE, example: 75 }) filledRate: number | null;
}

export class CoverageSettingsDto {
  @ApiProperty({
    description:
      'The denominator: the settings REP Hub knows in the LA (the partnership’s active school and early years organisations with that LA)',
    example: 40,
  })
  known: number;
  @ApiProperty({
    description: 'Settings with a SENCO who had completed a SENCO programme by the period’s end',
    example: 10,
  })
  withQualifiedSenco: number;
  @ApiProperty({ ...RATE, example: 25 }) qualifiedSencoRate: number | null;
  @ApiProperty({
    description: 'Settings without a qualified SENCO whose SENCO is training inside the window to qualify',
    example: 6,
  })
  withSencoInWindow: number;
  @ApiProperty({ ...RATE, example: 15 }) sencoInWindowRate: number | null;
}

export class CoverageEpsDto {
  @ApiProperty({ description: 'Enrolled, active or deferred at the period’s end', example: 3 }) inTraining: number;
  @ApiProperty({ description: 'Completed, with the LA tie-in not ended by the period’s end', example: 2 })
  inTieIn: number;
}

export class CoverageJobCoachesDto {
  @ApiProperty({ description: 'Completed job coach training in the period', example: 4 }) trained: number;
}

export class CoverageOutcomesDto {
  @ApiProperty({ description: 'Enrolments that finished in the period (completed or withdrawn)', example: 8 })
  finished: number;
  @ApiProperty({ example: 7 }) completed: number;
  @ApiProperty({ ...RATE, description: 'completed / finished', example: 87.5 }) completionRate: number | null;
  @ApiProperty({
    description:
      'Enrolments on a course at some time in the period (a place held by its end, not finished before its start)',
    example: 30,
  })
  onCourse: number;
  @ApiProperty({ example: 1 }) withdrawn: number;
  @ApiProperty({ ...RATE, description: 'withdrawn / onCourse', example: 3.3 }) withdrawalRate: number | null;
}

export class CoverageFiguresDto implements CoverageFigures {
  @ApiProperty({ type: CoveragePlacesDto }) places: CoveragePlacesDto;
  @ApiProperty({ type: CoverageSettingsDto }) settings: CoverageSettingsDto;
  @ApiProperty({ type: CoverageEpsDto }) educationalPsychologists: CoverageEpsDto;
  @ApiProperty({ type: CoverageJobCoachesDto }) jobCoaches: CoverageJobCoachesDto;
  @ApiProperty({ type: CoverageOutcomesDto }) outcomes: CoverageOutcomesDto;
}

export class CoverageLaDto extends CoverageFiguresDto implements CoverageLa {
  @ApiProperty({ format: 'uuid', example: WEX.la }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
}

export class CoveragePeriodDto {
  @ApiProperty({ format: 'date', example: '2025-09-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-07-31' }) to: string;
}

export class WorkforceCoverageDto implements CoverageResult {
  @ApiProperty({ type: CoveragePeriodDto }) period: CoveragePeriodDto;
  @ApiProperty({
    enum: ['partnership', 'la'],
    description: 'partnership: every LA is shown and `partnership` is the partnership’s; la: only your LA(s), together',
    example: 'partnership',
  })
  scope: 'partnership' | 'la';
  @ApiProperty({ type: [CoverageLaDto] }) las: CoverageLaDto[];
  @ApiProperty({ type: CoverageFiguresDto }) partnership: CoverageFiguresDto;
}

const FIGURES: CoverageFigures = {
  places: { funded: 12, filled: 9, filledRate: 75 },
  settings: { known: 40, withQualifiedSenco: 10, qualifiedSencoRate: 25, withSencoInWindow: 6, sencoInWindowRate: 15 },
  educationalPsychologists: { inTraining: 3, inTieIn: 2 },
  jobCoaches: { trained: 4 },
  outcomes: { finished: 8, completed: 7, completionRate: 87.5, onCourse: 30, withdrawn: 1, withdrawalRate: 3.3 },
};

export const COVERAGE_EXAMPLE: CoverageResult = {
  period: { from: '2025-09-01', to: '2026-07-31' },
  scope: 'partnership',
  las: [{ laId: WEX.la, laName: 'Trafford', ...FIGURES }],
  partnership: FIGURES,
};
