import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { InvalidFieldsException, IsRealDate } from '@rep-hub/platform';
import {
  COVERAGE_CONTENT_TYPES,
  coverageCsv,
  coverageFilename,
  CoverageService,
  coverageXlsx,
} from '@rep-hub/workforce-domain';
import { IsOptional } from 'class-validator';
import type { Response } from 'express';
import { COVERAGE_EXAMPLE, WorkforceCoverageDto } from './coverage.responses';
import { WEX } from './workforce.dto';

export class WorkforceCoverageQueryDto {
  @ApiPropertyOptional({
    description: 'First day of the period (YYYY-MM-DD, included); default 1 September of the current academic year',
    format: 'date',
    example: '2025-09-01',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the start of the period as a real date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Last day of the period (YYYY-MM-DD, included); default today',
    format: 'date',
    example: '2026-07-31',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the end of the period as a real date, YYYY-MM-DD' })
  to?: string;
}

export class WorkforceCoverageExportQueryDto extends WorkforceCoverageQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'csv (default) or xlsx', example: 'csv' })
  @IsOptional()
  format?: string;
}

/**
 * Workforce coverage over a period, per LA and for the partnership: counts and rates, never a
 * participant. The workforce lead and the partnership lead read every LA; an LA officer their own.
 */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Policy('read', 'WorkforceCoverage')
  @Get()
  @ApiOperation({
    summary: 'Training coverage per LA and for the partnership, over a period',
    description:
      'Funded places against filled; settings with a qualified SENCO and those whose SENCO is training inside the window, against the settings REP Hub knows in each LA (the denominator, `settings.known`); ' +
      'educational psychologists in training and in their tie-in; job coaches trained; completion and withdrawal rates. Rates are percentages to one decimal, null when the denominator is 0. ' +
      'The workforce lead and the partnership lead: every LA; an LA officer: their LA. Definitions: docs/api.md, "Workforce coverage".',
  })
  @ApiOkResponse({ type: WorkforceCoverageDto, example: COVERAGE_EXAMPLE })
  @ApiProblems(400, 403)
  get(@Query() q: WorkforceCoverageQueryDto): Promise<WorkforceCoverageDto> {
    return this.coverage.coverage({ from: q.from, to: q.to });
  }

  @Policy('read', 'WorkforceCoverage')
  @Get('export')
  @ApiOperation({
    summary: 'The same figures as a table to download: CSV or XLSX',
    description:
      'One row per (LA or partnership, measure): period_from, period_to, scope, la_name, measure_label, value (empty when null), numerator, denominator, la_id, measure. ' +
      'The XLSX has a "coverage" sheet with the same rows and a "definitions" sheet. File name: workforce-coverage-2025-09-01-to-2026-07-31.csv.',
  })
  @ApiProduces(COVERAGE_CONTENT_TYPES.csv, COVERAGE_CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: {
      [COVERAGE_CONTENT_TYPES.csv]: {
        example: `period_from,period_to,scope,la_name,measure_label,value,numerator,denominator,la_id,measure\r\n2025-09-01,2026-07-31,la,Trafford,Funded training places filled,75,9,12,${WEX.la},workforce.places_filled_rate\r\n`,
      },
      [COVERAGE_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblems(400, 403)
  async export(
    @Query() q: WorkforceCoverageExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const format = q.format === undefined || q.format === '' ? 'csv' : q.format;
    if (format !== 'csv' && format !== 'xlsx')
      throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
    const result = await this.coverage.coverage({ from: q.from, to: q.to }, { export: format });
    const body = format === 'csv' ? Buffer.from(coverageCsv(result), 'utf8') : await coverageXlsx(result);
    res.setHeader('Content-Type', COVERAGE_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${coverageFilename(result, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }
}
