import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { ComparisonService } from '@rep-hub/national-domain';
import { problem } from '@rep-hub/platform';
import { CompareQueryDto, LocalAuthoritiesQueryDto, RankingQueryDto } from './compare.dto';
import {
  CEX,
  ComparisonSeriesDto,
  CompareLocalAuthorityDrillDownDto,
  ComparePublishedIndicatorListDto,
  CompareRankingDto,
} from './responses/compare.responses';

const CODE_PARAM = {
  name: 'indicatorCode',
  description: 'An indicator code the releases publish (module.name)',
  example: 'evaluation.ehcp_20_weeks',
};
const INDICATOR = {
  code: 'evaluation.ehcp_20_weeks',
  name: 'New EHC plans issued within 20 weeks, excluding exceptions',
  unit: 'percentage',
};
const PERIOD = { code: '2026-27-autumn', name: 'Autumn term 2026 to 2027', from: '2026-09-01', to: '2026-12-31' };
const NATIONAL = {
  periodCode: PERIOD.code,
  value: 64.1,
  numerator: 410,
  denominator: 640,
  method: 'ratio_of_sums',
  partnershipsIncluded: 2,
  partnershipsLeftOut: 1,
  note: '410 of 640 over 2 partnerships. 1 partnership was left out (suppressed or not shown).',
};
const BAD_CODE = {
  400: problem(400, undefined, {
    title: 'Your request has invalid fields',
    errors: [
      { field: 'indicatorCode', message: 'indicatorCode must be an indicator code like evaluation.ehcp_20_weeks' },
    ],
  }),
};

/**
 * Compare partnerships (the National Board only): the published, disclosure-controlled releases
 * of every partnership, the latest version of each, read as the board role. A suppressed figure
 * is its GSS symbol, never a number.
 */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/national')
export class NationalCompareController {
  constructor(private readonly comparison: ComparisonService) {}

  @Policy('read', 'NationalRelease')
  @Get('indicators')
  @ApiOperation({
    summary: 'The indicators the partnerships’ releases publish, with how many partnerships and which terms',
  })
  @ApiOkResponse({
    type: ComparePublishedIndicatorListDto,
    example: {
      items: [
        {
          ...INDICATOR,
          partnerships: 9,
          firstPeriod: '2025-26-spring',
          lastPeriod: PERIOD.code,
          localAuthorityFigures: true,
        },
      ],
    },
  })
  async indicators(): Promise<ComparePublishedIndicatorListDto> {
    return { items: await this.comparison.indicators() };
  }

  @Policy('read', 'NationalRelease')
  @Get('compare/:indicatorCode')
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'An indicator over time: each partnership’s published figure per term and the national figure',
    description:
      'The national figure: for a percentage, the sum of the shown numerators over the sum of the shown denominators, over the partnerships showing both; for a count, the sum of the shown counts (a lower bound when any is suppressed); for days, the mean weighted by shown denominators, or not combined without them. Each term says how many partnerships were left out.',
  })
  @ApiOkResponse({
    type: ComparisonSeriesDto,
    example: {
      indicator: INDICATOR,
      periods: [PERIOD],
      partnerships: [
        {
          partnershipId: CEX.partnership,
          partnershipName: 'Greater Manchester partnership',
          points: [
            {
              periodCode: PERIOD.code,
              published: true,
              value: 62.2,
              symbol: null,
              numerator: 112,
              denominator: 180,
              releaseId: CEX.release,
              releaseVersion: 1,
            },
          ],
        },
        {
          partnershipId: CEX.other,
          partnershipName: 'Devon partnership',
          points: [
            {
              periodCode: PERIOD.code,
              published: true,
              value: null,
              symbol: 'c',
              numerator: null,
              denominator: null,
              releaseId: CEX.release,
              releaseVersion: 2,
            },
          ],
        },
      ],
      national: [
        {
          ...NATIONAL,
          value: 62.2,
          numerator: 112,
          denominator: 180,
          partnershipsIncluded: 1,
          note: '112 of 180 over 1 partnership. 1 partnership was left out (suppressed or not shown).',
        },
      ],
      method: 'The national figure is the sum of the numerators shown over the sum of the denominators shown…',
    },
  })
  @ApiProblems(BAD_CODE, 404)
  series(@Param('indicatorCode') code: string, @Query() q: CompareQueryDto): Promise<ComparisonSeriesDto> {
    return this.comparison.series(code, { from: q.from, to: q.to }) as Promise<ComparisonSeriesDto>;
  }

  @Policy('read', 'NationalRelease')
  @Get('compare/:indicatorCode/ranking')
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'A term’s ranking against the national figure, with its statistical caveats',
    description:
      'Percentages: each partnership’s 95% Wilson interval, banded above, similar to or below the national figure (similar when the interval overlaps it). Counts and days are listed by name, not ranked by size.',
  })
  @ApiOkResponse({
    type: CompareRankingDto,
    example: {
      indicator: INDICATOR,
      period: PERIOD,
      national: NATIONAL,
      ranked: true,
      entries: [
        {
          partnershipId: CEX.partnership,
          partnershipName: 'Greater Manchester partnership',
          value: 62.2,
          symbol: null,
          numerator: 112,
          denominator: 180,
          interval: { low: 54.9, high: 69 },
          band: 'similar',
        },
      ],
      caveats: ['Each partnership’s figure has a 95% confidence interval (Wilson score)…'],
    },
  })
  @ApiProblems(BAD_CODE, 404)
  ranking(@Param('indicatorCode') code: string, @Query() q: RankingQueryDto): Promise<CompareRankingDto> {
    return this.comparison.ranking(code, q.period) as Promise<CompareRankingDto>;
  }

  @Policy('read', 'NationalRelease')
  @Get('compare/:indicatorCode/local-authorities')
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'One partnership’s figures per local authority for a term, where its release published them',
    description: 'A withheld figure is its GSS symbol and that symbol’s meaning, never a number.',
  })
  @ApiOkResponse({
    type: CompareLocalAuthorityDrillDownDto,
    example: {
      indicator: INDICATOR,
      period: PERIOD,
      partnership: { id: CEX.partnership, name: 'Greater Manchester partnership' },
      release: { id: CEX.release, version: 1, publishedAt: '2027-01-20T09:00:00.000Z' },
      partnershipFigure: { value: 62.2, symbol: null, symbolMeaning: null, numerator: 112, denominator: 180 },
      localAuthorityFiguresPublished: true,
      localAuthorities: [
        {
          laNumber: '352',
          gssCode: 'E08000003',
          laName: 'Manchester',
          value: 58.1,
          symbol: null,
          symbolMeaning: null,
          numerator: 50,
          denominator: 86,
        },
        {
          laNumber: '353',
          gssCode: 'E08000004',
          laName: 'Oldham',
          value: null,
          symbol: 'c',
          symbolMeaning: 'Suppressed (confidential)',
          numerator: null,
          denominator: null,
        },
      ],
    },
  })
  @ApiProblems(BAD_CODE, 404)
  localAuthorities(
    @Param('indicatorCode') code: string,
    @Query() q: LocalAuthoritiesQueryDto,
  ): Promise<CompareLocalAuthorityDrillDownDto> {
    return this.comparison.localAuthorities(code, q) as Promise<CompareLocalAuthorityDrillDownDto>;
  }
}
