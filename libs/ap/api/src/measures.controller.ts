import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApMeasuresService,
  controlledMeasures,
  MEASURES_CONTENT_TYPES,
  measuresCsv,
  measuresFilename,
  MeasuresResult,
  measuresXlsx,
  sharedMeasuresCsv,
  sharedMeasuresCsvText,
  sharedMeasuresXlsx,
} from '@rep-hub/ap-domain';
import { ForSharing } from '@rep-hub/disclosure';
import { Policy } from '@rep-hub/auth';
import { InvalidFieldsException, IsRealDate, IsUuid } from '@rep-hub/platform';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { MeasuresDto } from './responses/measures.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';

export class MeasuresQueryDto {
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
    example: '2026-03-31',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the end of the period as a real date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    description: 'One local authority of those you can see measures of (default: all of them)',
    format: 'uuid',
    example: LA,
  })
  @IsOptional()
  @IsUuid({ message: 'laId must be a local authority id' })
  laId?: string;
}

export class MeasuresExportQueryDto extends MeasuresQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'csv (default) or xlsx', example: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format?: string;
}

const SECTIONS = {
  referrals: {
    total: 14,
    byRequestedTier: { tier_1: 3, tier_2: 9, tier_3: 2 },
    byReason: {
      permanent_exclusion: 1,
      suspension: 4,
      at_risk_of_exclusion: 5,
      part_time_timetable: 1,
      medical_needs: 2,
      ehc_plan: 0,
      emotionally_based_school_avoidance: 1,
      other: 0,
    },
    byRoute: { school_referral: 8, school_commission: 4, la_commission: 2 },
  },
  commissions: {
    total: 9,
    byTier: { tier_1: 2, tier_2: 6, tier_3: 1 },
    byReason: {
      permanent_exclusion: 1,
      suspension: 3,
      at_risk_of_exclusion: 3,
      part_time_timetable: 0,
      medical_needs: 1,
      ehc_plan: 0,
      emotionally_based_school_avoidance: 1,
      other: 0,
    },
  },
  timeToDecision: { count: 10, medianDays: 16.5, meanDays: 18.2 },
  timeToPlacement: { count: 8, medianDays: 29, meanDays: 31.4 },
  attendance: {
    possibleSessions: 1200,
    attendedSessions: 1032,
    authorisedAbsenceSessions: 48,
    unauthorisedAbsenceSessions: 120,
    attendanceRate: 86,
    authorisedAbsenceRate: 4,
    unauthorisedAbsenceRate: 10,
    placementsCounted: 9,
    persistentlyAbsent: 3,
    persistentAbsenceRate: 33.3,
    severelyAbsent: 1,
    severeAbsenceRate: 11.1,
  },
  tier2Completion: { ended: 5, withinPlannedTime: 4, rate: 80 },
  reintegration: { ended: 6, reintegrated: 4, rate: 66.7, sustained: { due: 2, held: 1, rate: 50, waiting: 2 } },
  destinations: {
    ended: 6,
    byDestination: {
      returned_to_home_school: 3,
      moved_to_another_mainstream_school: 1,
      special_school: 1,
      tier_change: 0,
      post16_education: 1,
      post16_employment_or_training: 0,
      neet: 0,
      not_known: 0,
    },
    byOutcomeGroup: { reintegration: 4, specialist: 1, ap: 0, post16: 1, neet: 0, unknown: 0 },
    post16: 1,
    neet: 0,
  },
};

const EXAMPLE = {
  period: { from: '2025-09-01', to: '2026-03-31' },
  scope: 'la',
  las: [{ laId: LA, laName: 'Trafford', ...SECTIONS }],
  partnership: SECTIONS,
};

/** The shared export's example: the example above, controlled as the route controls it (the note and the first rows). */
const SHARED_EXAMPLE = (() => {
  const result = EXAMPLE as unknown as MeasuresResult;
  const lines = sharedMeasuresCsvText(result, controlledMeasures(result)).split('\r\n');
  return `${lines.slice(0, lines.findIndex((l) => l.startsWith('period_from')) + 5).join('\r\n')}\r\n`;
})();

/**
 * AP measures per LA and for the partnership over a period, computed from the records: counts,
 * medians and rates, never a row about a child. For the evaluation module and the measures page.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/measures')
export class ApMeasuresController {
  constructor(private readonly measures: ApMeasuresService) {}

  @Policy('read', 'ApMeasures')
  @Get()
  @ApiOperation({
    summary: 'AP measures per LA and for the LAs in scope together, over a period',
    description:
      'LA officers: the LAs they can see; the partnership lead: every LA of the partnership (counts and rates only). ' +
      'Referrals and commissions by tier and reason, time from referral to decision and to placement, attendance with persistent (10%+) and severe (50%+) absence, ' +
      'tier 2 completed within the planned time, reintegration and sustained reintegration, destinations. Rates are percentages to one decimal, null when the denominator is 0. ' +
      'Definitions: docs/api.md, "AP measures".',
  })
  @ApiOkResponse({ type: MeasuresDto, example: EXAMPLE })
  @ApiBadRequestResponse({
    description: 'A date that is not real, or `from` after `to`: problem details naming the field in `errors`',
  })
  @ApiForbiddenResponse({ description: 'Your role has no AP measures (only LA officers and the partnership lead do)' })
  @ApiNotFoundResponse({ description: '`laId` is not a local authority whose measures you can see' })
  get(@Query() q: MeasuresQueryDto): Promise<MeasuresDto> {
    return this.measures.measures(q);
  }

  @Policy('read', 'ApMeasures')
  @Get('export')
  @ApiOperation({
    summary: 'The same measures as a tidy table to download: CSV or XLSX',
    description:
      'One row per (scope, LA, measure, breakdown, value), with a header row: period_from, period_to, scope (la or partnership), la_name, measure_label and breakdown_label (the words, for readers), value (empty when null), then the codes in their own columns: la_id, measure, breakdown. ' +
      'The XLSX has a "measures" sheet with the same rows and a "definitions" sheet. The file name carries the period: ap-measures-2025-09-01-to-2026-03-31.csv.',
  })
  @ApiProduces(MEASURES_CONTENT_TYPES.csv, MEASURES_CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: {
      [MEASURES_CONTENT_TYPES.csv]: {
        example: `period_from,period_to,scope,la_name,measure_label,breakdown_label,value,la_id,measure,breakdown\r\n2025-09-01,2026-03-31,la,Trafford,Referrals,Total,14,${LA},referrals,total\r\n2025-09-01,2026-03-31,la,Trafford,Referrals by tier asked for,Tier 1: targeted support in mainstream,3,${LA},referrals_by_requested_tier,tier_1\r\n`,
      },
      [MEASURES_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiBadRequestResponse({ description: 'format is not csv or xlsx, a date is not real, or `from` is after `to`' })
  @ApiForbiddenResponse({ description: 'Your role has no AP measures' })
  @ApiNotFoundResponse({ description: '`laId` is not a local authority whose measures you can see' })
  async export(@Query() q: MeasuresExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const format = formatOf(q);
    const result = await this.measures.measures({ from: q.from, to: q.to, laId: q.laId }, { export: format });
    const body = format === 'csv' ? Buffer.from(measuresCsv(result), 'utf8') : await measuresXlsx(result);
    res.setHeader('Content-Type', MEASURES_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${measuresFilename(result, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }

  @Policy('read', 'ApMeasures')
  @Get('export/for-sharing')
  @ForSharing()
  @ApiOperation({
    summary: 'The measures controlled for sharing outside the partnership: CSV or XLSX',
    description:
      'The same rows and columns as `export`, put through disclosure control (docs/security.md, "Disclosure control"): counts from 1 to 4 are suppressed, ' +
      'and so are other figures from which a suppressed one could be worked out (within an LA, across LAs and the partnership total, a breakdown beside its total); ' +
      'rates, medians and means built on a suppressed count are suppressed too. GSS symbols stand in the `value` column: `c` suppressed, `x` not available, `z` not applicable, `low` rounds to zero. ' +
      'The CSV starts with the note of what was done, one line each starting with `#`; the XLSX has it on a "method" sheet. The `Disclosure-Control` header names the release. ' +
      'Use this file, not `export`, for anyone outside the partnership. File name: ap-measures-for-sharing-2025-09-01-to-2026-03-31.csv.',
  })
  @ApiProduces(MEASURES_CONTENT_TYPES.csv, MEASURES_CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The controlled file, as an attachment',
    content: {
      [MEASURES_CONTENT_TYPES.csv]: { example: SHARED_EXAMPLE },
      [MEASURES_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiBadRequestResponse({ description: 'format is not csv or xlsx, a date is not real, or `from` is after `to`' })
  @ApiForbiddenResponse({ description: 'Your role has no AP measures' })
  @ApiNotFoundResponse({ description: '`laId` is not a local authority whose measures you can see' })
  async exportForSharing(@Query() q: MeasuresExportQueryDto) {
    const format = formatOf(q);
    const result = await this.measures.measures(
      { from: q.from, to: q.to, laId: q.laId },
      { export: format, forSharing: true },
    );
    const release = controlledMeasures(result);
    return format === 'csv' ? sharedMeasuresCsv(result, release) : sharedMeasuresXlsx(result, release);
  }
}

function formatOf(q: MeasuresExportQueryDto): 'csv' | 'xlsx' {
  const format = q.format === undefined || q.format === '' ? 'csv' : q.format;
  if (format !== 'csv' && format !== 'xlsx')
    throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
  return format;
}
