import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { DASHBOARD_CACHE, DashboardService, GSS_SYMBOLS, GssSymbol } from '@rep-hub/national-domain';
import { problem, Public } from '@rep-hub/platform';
import type { Response } from 'express';
import {
  DEX,
  GssSymbolDto,
  IndicatorDashboardDto,
  IndicatorMeaningDto,
  IndicatorMeaningListDto,
} from './responses/dashboard.responses';

const SYMBOLS: GssSymbolDto[] = Object.entries(GSS_SYMBOLS).map(([symbol, meaning]) => ({
  symbol: symbol as GssSymbol,
  meaning,
}));
const PERIOD = { code: '2026-27-autumn', name: 'Autumn term 2026 to 2027', from: '2026-09-01', to: '2026-12-31' };
const EARLIER = { code: '2025-26-summer', name: 'Summer term 2025 to 2026', from: '2026-04-01', to: '2026-08-31' };
const MEANING: IndicatorMeaningDto = {
  code: 'evaluation.ehcp_20_weeks',
  name: 'New EHC plans issued within 20 weeks, excluding exceptions',
  unit: 'percentage',
  defined: true,
  numerator: 'New EHC plans issued within 20 weeks, excluding exception cases',
  denominator: 'New EHC plans issued, excluding exception cases',
  direction: 'higher_is_better',
  source: 'The LA’s SEN2 return, entered in REP Hub by each local authority.',
  caveats: [
    'These are the partnerships’ own published returns, not official statistics. They have not been checked by the Department for Education or quality assured as official statistics are.',
    'Small numbers are withheld to protect children’s privacy: a count from 1 to 4, and any figure from which one could be worked out, is shown as c (suppressed) instead of a number.',
    'Published by 2 partnerships from Summer term 2025 to 2026 to Autumn term 2026 to 2027. A partnership with no figure for a term did not publish one.',
  ],
  coverage: { partnerships: 2, firstPeriod: EARLIER, lastPeriod: PERIOD, localAuthorityFigures: true },
};
const CODE_PARAM = {
  name: 'indicatorCode',
  description: 'A published indicator’s code (module.name), as GET /api/v1/public/open-data/indicators lists them',
  example: 'evaluation.ehcp_20_weeks',
};
const BAD_CODE = {
  400: problem(400, undefined, {
    title: 'Your request has invalid fields',
    errors: [
      { field: 'indicatorCode', message: 'indicatorCode must be an indicator code like evaluation.ehcp_20_weeks' },
    ],
  }),
};
const NOT_PUBLISHED = {
  404: {
    ...problem(404, 'No partnership has published that indicator.'),
    instance: '/api/v1/public/open-data/indicators/evaluation.unknown_indicator',
  },
};

/**
 * The public inclusion dashboard's figures as JSON, for anyone (no sign-in): each published
 * indicator with what it means, its caveats and coverage, and one indicator over every term per
 * partnership and LA with the national figure. Only the partnerships' published,
 * disclosure-controlled releases (the latest version of each), read as the open-data role; a
 * withheld figure is its GSS symbol, never a number. Cacheable for five minutes.
 */
@ApiTags('open data')
@Controller('api/v1/public/open-data/indicators')
export class DashboardApiController {
  constructor(private readonly dashboard: DashboardService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Every published indicator: what it means, its caveats and coverage (no sign-in)',
    description:
      'Each indicator any partnership’s latest release publishes: its name, unit, what is counted (numerator and denominator), which way is better, its source, caveats in plain English and coverage (how many partnerships publish it, from which term to which). An indicator REP Hub has no definition of is listed under its published name with `defined: false`.',
  })
  @ApiOkResponse({ type: IndicatorMeaningListDto, example: { items: [MEANING], symbols: SYMBOLS } })
  @ApiProblems(429)
  async list(@Res({ passthrough: true }) res: Response): Promise<IndicatorMeaningListDto> {
    const items = await this.dashboard.indicators();
    res.setHeader('Cache-Control', DASHBOARD_CACHE);
    return { items, symbols: SYMBOLS };
  }

  @Public()
  @Get(':indicatorCode')
  @ApiOperation({
    summary: 'One indicator over every term: each partnership, its LAs and the national figure (no sign-in)',
    description:
      'Every term with a published figure, oldest first; per partnership its figure of each term (from the latest version of its release) and its local authorities’ figures; and the national figure of each term, worked out as the National Board’s comparison does (docs/national-comparison.md). A withheld figure has `value: null` and its GSS symbol.',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({
    type: IndicatorDashboardDto,
    example: {
      indicator: MEANING,
      periods: [EARLIER, PERIOD],
      partnerships: [
        {
          id: DEX.partnership,
          name: 'North West (demo)',
          figures: [
            {
              periodCode: EARLIER.code,
              value: 58.3,
              symbol: null,
              numerator: 70,
              denominator: 120,
              releaseId: DEX.release,
              releaseVersion: 1,
            },
            {
              periodCode: PERIOD.code,
              value: 62.2,
              symbol: null,
              numerator: 112,
              denominator: 180,
              releaseId: DEX.release,
              releaseVersion: 2,
            },
          ],
          localAuthorities: [
            {
              gssCode: 'E08000003',
              laNumber: '352',
              name: 'Manchester',
              figures: [
                { periodCode: EARLIER.code, value: 60, symbol: null, numerator: 60, denominator: 100 },
                { periodCode: PERIOD.code, value: null, symbol: 'c', numerator: null, denominator: 150 },
              ],
            },
          ],
        },
      ],
      national: [
        {
          periodCode: PERIOD.code,
          value: 64.1,
          numerator: 410,
          denominator: 640,
          method: 'ratio_of_sums',
          partnershipsIncluded: 2,
          partnershipsLeftOut: 0,
          note: '410 of 640 over 2 partnerships.',
        },
      ],
      nationalMethod:
        'The national figure is the sum of the numerators shown over the sum of the denominators shown, over the partnerships that show both; a partnership whose numerator or denominator is suppressed is left out, and the number left out is given.',
      symbols: SYMBOLS,
    },
  })
  @ApiProblems(BAD_CODE, NOT_PUBLISHED, 429)
  async indicator(
    @Param('indicatorCode') code: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IndicatorDashboardDto> {
    const d = await this.dashboard.indicator(code);
    res.setHeader('Cache-Control', DASHBOARD_CACHE);
    return { ...d, symbols: SYMBOLS };
  }
}
