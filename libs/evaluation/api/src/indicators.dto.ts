import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { periodOf, previousPeriod, SUBMITTED_INDICATORS } from '@rep-hub/evaluation-domain';
import { liveExample, schoolToday } from '@rep-hub/platform';
import { IsOptional } from 'class-validator';

/** The term before this one (a period that exists, with demo figures to replace), as an example that stays true. */
export const examplePreviousPeriod = () => liveExample(() => previousPeriod(periodOf(schoolToday())).code);
/** The current term, as an example. */
export const exampleCurrentPeriod = () => liveExample(() => periodOf(schoolToday()).code);

const SUBMITTED_CODES = SUBMITTED_INDICATORS.map((d) => d.code);

/** The periods of an indicator's values. The service checks each and names a bad one. */
export class ValuesQueryDto {
  @ApiPropertyOptional({
    description: 'The first term (default: five terms before `to`)',
    example: examplePreviousPeriod(),
  })
  @IsOptional()
  from?: string;

  @ApiPropertyOptional({ description: 'The last term (default: the current one)', example: exampleCurrentPeriod() })
  @IsOptional()
  to?: string;
}

export class SubmittedValuesQueryDto {
  @ApiPropertyOptional({ description: 'The term (default: the current one)', example: examplePreviousPeriod() })
  @IsOptional()
  period?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One LA of the partnership (default: every LA)',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  laId?: string;
}

/** One figure entered by hand: every field is checked against the indicator's definition. */
export class SubmittedValueEntryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your LA (left out: your own, when you are an officer of one LA only)',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  laId?: string;

  @ApiProperty({
    enum: SUBMITTED_CODES,
    description: 'A submitted indicator of the library',
    example: 'evaluation.ehcp_20_weeks',
  })
  @IsOptional()
  indicatorCode: string;

  @ApiProperty({
    description: 'A term that has begun, written like 2025-26-summer',
    example: examplePreviousPeriod(),
  })
  @IsOptional()
  period: string;

  @ApiProperty({ description: 'A whole number, 0 or more', example: 112 })
  @IsOptional()
  numerator: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'For a percentage: a whole number, 1 or more, not below the numerator; for a count: left out',
    example: 180,
  })
  @IsOptional()
  denominator?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Worked out here (numerator / denominator × 100 to one decimal, or the count); if sent it must agree',
    example: 62.2,
  })
  @IsOptional()
  value?: number | null;

  @ApiPropertyOptional({
    description: 'To replace a figure already there only while it is still this version (409 otherwise)',
    example: 1,
  })
  @IsOptional()
  version?: number;
}

export class SubmittedValueReplaceDto {
  @ApiProperty({ description: 'A whole number, 0 or more', example: 118 })
  @IsOptional()
  numerator: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'For a percentage: a whole number, 1 or more, not below the numerator; for a count: left out',
    example: 180,
  })
  @IsOptional()
  denominator?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'If sent it must agree', example: 65.6 })
  @IsOptional()
  value?: number | null;

  @ApiPropertyOptional({
    description: 'The figure’s indicator (it cannot change)',
    example: 'evaluation.ehcp_20_weeks',
  })
  @IsOptional()
  indicatorCode?: string;

  @ApiPropertyOptional({ description: 'The figure’s period (it cannot change)', example: examplePreviousPeriod() })
  @IsOptional()
  period?: string;

  @ApiProperty({ description: 'The version you last read', example: 1 })
  @IsOptional()
  version: number;
}

export class SubmittedUploadBodyDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your LA (left out: your own)',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  laId?: string;
}
