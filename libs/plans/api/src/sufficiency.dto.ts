import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isAcademicYear, PLACE_TYPES } from '@rep-hub/plans-domain';

const YEAR_MESSAGE = 'Enter the academic year like 2026/27';
const academicYearProblem = (v: unknown) => (isAcademicYear(v) ? undefined : YEAR_MESSAGE);
import { IsCheckedBy, IsCodeIn, IsUuid } from '@rep-hub/platform';
import { exampleAcademicYear } from '@rep-hub/api-surface';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const PLACE_TYPE_CODES = PLACE_TYPES.map((p) => p.code);

/**
 * One row of a plan's sufficiency, to add (no `version`) or change (`version` as read). Current
 * places are typed for special_school and resourced_provision, and left out for the AP types (the
 * LA's commissioned places are read from alternative provision).
 */
export class SufficiencyBodyDto {
  @ApiProperty({ format: 'uuid', description: 'An LA of the plan', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' })
  @IsUuid({ message: 'Select the local authority' })
  laId: string;

  @ApiProperty({ enum: PLACE_TYPE_CODES, example: 'special_school' })
  @IsCodeIn(() => PLACE_TYPE_CODES, { message: 'Select the type of place' })
  placeType: string;

  @ApiProperty({
    description: 'The academic year, like 2026/27',
    pattern: '^[0-9]{4}/[0-9]{2}$',
    example: exampleAcademicYear(),
  })
  @IsCheckedBy(academicYearProblem)
  academicYear: string;

  @ApiPropertyOptional({
    description: 'Places now (special_school and resourced_provision only; leave out for the AP types)',
    minimum: 0,
    maximum: 1000000,
    example: 240,
  })
  @IsOptional()
  @IsInt({ message: 'Enter the current places, a whole number from 0 to 1,000,000' })
  @Min(0, { message: 'Enter the current places, a whole number from 0 to 1,000,000' })
  @Max(1000000, { message: 'Enter the current places, a whole number from 0 to 1,000,000' })
  currentPlaces?: number;

  @ApiProperty({ description: 'Places forecast to be needed', minimum: 0, maximum: 1000000, example: 265 })
  @IsInt({ message: 'Enter the forecast demand, a whole number from 0 to 1,000,000' })
  @Min(0, { message: 'Enter the forecast demand, a whole number from 0 to 1,000,000' })
  @Max(1000000, { message: 'Enter the forecast demand, a whole number from 0 to 1,000,000' })
  forecastDemand: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The plan’s action that closes the gap',
    type: String,
    nullable: true,
    example: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  })
  @IsOptional()
  @IsUuid({ message: 'Select one of the plan’s actions' })
  actionId?: string | null;

  @ApiPropertyOptional({
    description: 'The row’s version as read, to change it; leave out to add a row',
    minimum: 1,
    example: 1,
  })
  @IsOptional()
  @IsInt({ message: 'version must be a whole number from 1' })
  @Min(1, { message: 'version must be a whole number from 1' })
  version?: number;
}

export class RegionalQueryDto {
  @ApiPropertyOptional({
    description: 'The academic year of the sufficiency gaps (default: this one)',
    example: exampleAcademicYear(),
  })
  @IsOptional()
  @IsCheckedBy(academicYearProblem)
  academicYear?: string;
}

export class RegionalExportQueryDto extends RegionalQueryDto {
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'csv' })
  @IsCodeIn(() => ['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format: 'csv' | 'xlsx';
}
