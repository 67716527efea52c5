import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENT_REFORMS, REFORM_STATUSES, TEST_STATUSES } from '@rep-hub/evaluation-domain';
import { IsOptional } from 'class-validator';

/** Bodies of the reform register and test and learn routes: the services check each field and name each bad one. */
export class SetReformStatusDto {
  @ApiProperty({ enum: REFORM_STATUSES, example: 'active' })
  @IsOptional()
  status: string;
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Why it changed (required for paused and stopped)',
    example: 'Started with the spring term.',
  })
  @IsOptional()
  reason?: string;
  @ApiProperty({ format: 'date', description: 'The day it changed: today or in the past', example: '2026-11-02' })
  @IsOptional()
  changedOn: string;
  @ApiProperty({
    description: 'The version you last read: 0 while no status is recorded (409 when it has changed)',
    example: 0,
  })
  @IsOptional()
  version: number;
}

export class CreateTestDto {
  @ApiProperty({ maxLength: 200, example: 'Tailored lists shorten the time to a placement' })
  @IsOptional()
  title: string;
  @ApiProperty({
    enum: CURRENT_REFORMS.reforms.map((r) => r.code),
    description: `A reform of the list ${CURRENT_REFORMS.version}`,
    example: 'tailored_lists',
  })
  @IsOptional()
  reformCode: string;
  @ApiProperty({
    maxLength: 5000,
    example: 'Families offered an advisory tailored list agree a setting four weeks sooner.',
  })
  @IsOptional()
  hypothesis: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The local authorities of this partnership the test involves (one or more)',
    example: ['8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6'],
  })
  @IsOptional()
  laIds: string[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Settings (organisations of this partnership) involved',
    example: [],
  })
  @IsOptional()
  settingIds?: string[];
  @ApiProperty({ format: 'date', example: '2027-01-04' })
  @IsOptional()
  startsOn: string;
  @ApiProperty({ format: 'date', description: 'The same as or after startsOn', example: '2027-07-23' })
  @IsOptional()
  endsOn: string;
  @ApiPropertyOptional({ maxLength: 2000, example: 'Placements agreed in the same term last year.' })
  @IsOptional()
  comparisonGroup?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Codes of the indicator library: published (module.name) or submitted (evaluation.…)',
    example: ['evaluation.ehcp_20_weeks'],
  })
  @IsOptional()
  indicatorCodes?: string[];
  @ApiPropertyOptional({ enum: TEST_STATUSES, default: 'planned', example: 'planned' })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: '' })
  @IsOptional()
  findings?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: '' })
  @IsOptional()
  lessons?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: 'Few settings on the list in the rural north.' })
  @IsOptional()
  risks?: string;
}

export class UpdateTestDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Multi-agency panels decide within six weeks' })
  @IsOptional()
  title?: string;
  @ApiPropertyOptional({ enum: CURRENT_REFORMS.reforms.map((r) => r.code), example: 'multi_agency_panels' })
  @IsOptional()
  reformCode?: string;
  @ApiPropertyOptional({ maxLength: 5000, example: 'A weekly panel decides within six weeks.' })
  @IsOptional()
  hypothesis?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: ['8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6'] })
  @IsOptional()
  laIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [] })
  @IsOptional()
  settingIds?: string[];
  @ApiPropertyOptional({ format: 'date', example: '2026-09-01' })
  @IsOptional()
  startsOn?: string;
  @ApiPropertyOptional({ format: 'date', example: '2027-07-31' })
  @IsOptional()
  endsOn?: string;
  @ApiPropertyOptional({ maxLength: 2000, example: 'Requests in the same LAs in the year before.' })
  @IsOptional()
  comparisonGroup?: string;
  @ApiPropertyOptional({ type: [String], example: ['evaluation.ehcp_20_weeks'] })
  @IsOptional()
  indicatorCodes?: string[];
  @ApiPropertyOptional({
    enum: TEST_STATUSES,
    description: 'planned → running → finished, or stopped (409 otherwise)',
    example: 'running',
  })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: 'Decisions take 5.5 weeks on average.' })
  @IsOptional()
  findings?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: 'Meet at the same time each week.' })
  @IsOptional()
  lessons?: string;
  @ApiPropertyOptional({ maxLength: 10000, example: 'Attendance falls in school holidays.' })
  @IsOptional()
  risks?: string;
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class AddTestResultDto {
  @ApiProperty({ format: 'date', description: 'The day of the result: today or in the past', example: '2026-11-20' })
  @IsOptional()
  recordedOn: string;
  @ApiProperty({ maxLength: 5000, example: 'Half term: 31 of 38 requests decided within six weeks.' })
  @IsOptional()
  summary: string;
}
