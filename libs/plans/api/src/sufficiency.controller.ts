import { Body, Controller, Get, Param, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  REGIONAL_CONTENT_TYPES,
  regionalCsv,
  regionalFilename,
  RegionalService,
  regionalXlsx,
  SufficiencyService,
} from '@rep-hub/plans-domain';
import { Policy } from '@rep-hub/auth';
import { ApiProblems, exampleAcademicYear } from '@rep-hub/api-surface';
import type { Response } from 'express';
import { RegionalExportQueryDto, RegionalQueryDto, SufficiencyBodyDto } from './sufficiency.dto';
import { RegionalViewDto, SufficiencyListDto, SufficiencyRowDto } from './responses/sufficiency.responses';

const ROW = {
  id: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
  planId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  laId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  laName: 'Trafford',
  placeType: 'special_school',
  placeTypeName: 'Special school',
  academicYear: '2026/27',
  currentPlaces: 240,
  currentSource: 'typed',
  forecastDemand: 265,
  gap: 25,
  action: null,
  updatedAt: '2026-10-01T09:30:00.000Z',
  version: 1,
};
const AP_ROW = {
  ...ROW,
  id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  placeType: 'ap_tier_2',
  placeTypeName: 'Alternative provision, tier 2',
  currentPlaces: 18,
  currentSource: 'ap_commissioned',
  forecastDemand: 24,
  gap: 6,
};

/** A plan's sufficiency of places: per LA, place type and academic year, current, forecast, gap and the closing action. */
@ApiTags('inclusion plans')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlansSufficiencyController {
  constructor(
    private readonly sufficiency: SufficiencyService,
    private readonly regional: RegionalService,
  ) {}

  @Policy('read', 'InclusionPlansRegional')
  @Get('regional')
  @ApiOperation({
    summary:
      'The lead’s regional view: every LA’s plan status, review date, overdue actions and sufficiency gaps by place type',
    description: 'The partnership lead only. Gaps are for one academic year (`academicYear`, default this one).',
  })
  @ApiOkResponse({
    type: RegionalViewDto,
    example: {
      academicYear: '2026/27',
      today: '2026-12-06',
      placeTypes: [
        { code: 'special_school', name: 'Special school' },
        { code: 'resourced_provision', name: 'Resourced provision or SEN unit' },
        { code: 'ap_tier_1', name: 'Alternative provision, tier 1' },
        { code: 'ap_tier_2', name: 'Alternative provision, tier 2' },
        { code: 'ap_tier_3', name: 'Alternative provision, tier 3' },
      ],
      las: [
        {
          laId: ROW.laId,
          laName: 'Trafford',
          laNumber: '358',
          plan: {
            id: ROW.planId,
            title: 'Trafford local inclusion plan 2026 to 2029',
            latestStatus: 'co_production',
            latestNumber: 2,
            publishedAt: '2026-03-02T10:00:00.000Z',
            reviewOn: '2027-07-31',
            reviewOverdue: false,
          },
          overdueActions: 3,
          gaps: { special_school: 25, resourced_provision: -4, ap_tier_1: null, ap_tier_2: 6, ap_tier_3: 0 },
        },
      ],
    },
  })
  @ApiProblems(400, 403)
  view(@Query() q: RegionalQueryDto): Promise<RegionalViewDto> {
    return this.regional.view(q.academicYear);
  }

  @Policy('read', 'InclusionPlansRegional')
  @Get('regional/export')
  @ApiOperation({
    summary: 'The regional view to download: CSV or XLSX (the partnership lead only)',
    description:
      'One line per LA with readable headers; each code (the status code) in a column of its own. The XLSX adds a sheet of the gaps one per line, ' +
      'with the place type’s name and code in columns of their own. File name: inclusion-plans-regional-2026-27-2026-12-06.csv.',
  })
  @ApiProduces(REGIONAL_CONTENT_TYPES.csv, REGIONAL_CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: {
      [REGIONAL_CONTENT_TYPES.csv]: {
        example:
          'Local authority,LA number,Plan,Latest version,Latest version status,Latest version status code,Published on,Review date,Review overdue,Overdue actions,Academic year,Places short: Special school\r\n' +
          'Trafford,358,Trafford local inclusion plan 2026 to 2029,2,In co-production,co_production,2026-03-02,2027-07-31,No,3,2026/27,25\r\n',
      },
      [REGIONAL_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblems(400, 403)
  async export(@Query() q: RegionalExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const v = await this.regional.view(q.academicYear);
    const body = q.format === 'xlsx' ? await regionalXlsx(v) : Buffer.from(regionalCsv(v), 'utf8');
    res.setHeader('Content-Type', REGIONAL_CONTENT_TYPES[q.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${regionalFilename(v, q.format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }

  @Policy('read', 'InclusionPlanSufficiency')
  @Get(':planId/sufficiency')
  @ApiOperation({
    summary:
      'A plan’s sufficiency: places by LA, place type and academic year (current, forecast, gap, closing action)',
    description:
      'Current places are typed for special_school and resourced_provision; for the AP types they are the places the LA commissions, read from alternative provision (`currentSource`).',
  })
  @ApiOkResponse({ type: SufficiencyListDto, example: { items: [ROW, AP_ROW] } })
  @ApiProblems(404)
  async list(@Param('planId') planId: string): Promise<SufficiencyListDto> {
    return { items: await this.sufficiency.list(planId) };
  }

  @Policy('update', 'InclusionPlanSufficiency')
  @Put(':planId/sufficiency')
  @ApiOperation({
    summary: 'Add a row of a plan’s sufficiency (no version) or change one (its version as read; 409 when it changed)',
    description: 'An LA officer: their own LA’s rows; the partnership lead: any LA of the plan.',
  })
  @ApiBody({
    type: SufficiencyBodyDto,
    examples: {
      special: {
        summary: 'Special school places for an LA of the plan',
        value: {
          laId: ROW.laId,
          placeType: 'special_school',
          academicYear: exampleAcademicYear(),
          currentPlaces: 240,
          forecastDemand: 265,
        },
      },
    },
  })
  @ApiOkResponse({ type: SufficiencyRowDto, example: ROW })
  @ApiProblems(400, 403, 404, 409)
  upsert(@Param('planId') planId: string, @Body() body: SufficiencyBodyDto): Promise<SufficiencyRowDto> {
    return this.sufficiency.upsert(planId, body);
  }
}
