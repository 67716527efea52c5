import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import {
  OPEN_DATA_CACHE,
  OpenDataFileName,
  openDataEtag,
  OpenDataService,
  readOpenDataFilter,
} from '@rep-hub/national-domain';
import { problem, Public } from '@rep-hub/platform';
import type { Request, Response } from 'express';
import { OpenDataListQueryDto } from './open-data.dto';
import { ODX, OpenDataReleaseDto, OpenDataReleaseListDto } from './responses/open-data.responses';

const BASE = '/api/v1/public/open-data/releases';
const PERIOD = { code: '2025-26-summer', name: 'Summer term 2025 to 2026', from: '2026-04-01', to: '2026-08-31' };
const SUMMARY = {
  id: ODX.release,
  partnershipId: ODX.partnership,
  partnershipName: 'North West SEND and AP Change Programme Partnership',
  period: PERIOD,
  version: 2,
  replacesVersion: 1,
  latest: true,
  correctionReason: 'Oldham’s figures were uploaded late',
  publishedAt: '2026-10-14T09:30:00.000Z',
};
const EARLIER = {
  ...SUMMARY,
  id: ODX.earlier,
  version: 1,
  replacesVersion: null,
  latest: false,
  correctionReason: null,
  publishedAt: '2026-10-01T09:30:00.000Z',
};
const FIGURE = {
  indicatorCode: 'evaluation.ehcp_20_weeks',
  indicatorName: 'New EHC plans issued within 20 weeks, excluding exceptions',
  unit: 'percentage',
};
const RELEASE_ID = { name: 'releaseId', format: 'uuid', description: 'A release version’s id', example: ODX.release };
const NOT_FOUND = {
  404: { ...problem(404, 'There is no published release with that id.'), instance: `${BASE}/${ODX.release}` },
};
const BAD_ID = {
  400: problem(400, undefined, {
    title: 'Your request has invalid fields',
    errors: [{ field: 'releaseId', message: 'releaseId must be a release id (a UUID)' }],
  }),
};
const BAD_FILTER = {
  400: problem(400, undefined, {
    title: 'Your request has invalid fields',
    errors: [{ field: 'period', message: 'period must be a term written like 2026-27-autumn' }],
  }),
};
const NOT_MODIFIED = { status: 304, description: 'Not modified: the copy the If-None-Match ETag names is current' };
const CSV = { 'text/csv': { schema: { type: 'string' } } };
const CSV_HEAD =
  'time_period,time_identifier,geographic_level,country_code,country_name,partnership_id,partnership_name,new_la_code,old_la_code,la_name,indicator,indicator_name,unit,numerator,denominator,value,release_version';

/**
 * Open data, for anyone (no sign-in): every version of every partnership's published release,
 * each controlled for disclosure before it left its partnership, read only through the open-data
 * database role (which may read the releases and their figures and nothing else). A release
 * version as JSON with what a correction changed, and as files in the way Explore Education
 * Statistics publishes: tidy data.csv, metadata.csv (EES meta.csv columns) and method.txt (the
 * disclosure method note and the symbol key). Cacheable for five minutes; rate-limited per address.
 */
@ApiTags('open data')
@Controller('api/v1/public/open-data/releases')
export class OpenDataApiController {
  constructor(private readonly openData: OpenDataService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Every published release version, newest term first, the latest of each marked (no sign-in)',
    description:
      'Filter by `partnership` (an id) and `period` (a term like 2025-26-summer); a bad filter is 400 naming it.',
  })
  @ApiOkResponse({ type: OpenDataReleaseListDto, example: { items: [SUMMARY, EARLIER] } })
  @ApiProblems(BAD_FILTER, 429)
  async list(
    @Query() q: OpenDataListQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OpenDataReleaseListDto> {
    const items = await this.openData.list(readOpenDataFilter(q));
    res.setHeader('Cache-Control', OPEN_DATA_CACHE);
    return { items };
  }

  @Public()
  @Get(':releaseId')
  @ApiOperation({
    summary:
      'One release version: its figures (a GSS symbol in place of a withheld value), what a correction changed, its versions and files (no sign-in)',
  })
  @ApiParam(RELEASE_ID)
  @ApiOkResponse({
    type: OpenDataReleaseDto,
    example: {
      ...SUMMARY,
      methodNote: ['Counts from 1 to 4 are suppressed (c), with secondary suppression so they cannot be worked back.'],
      symbols: [
        { symbol: 'c', meaning: 'Suppressed (confidential)' },
        { symbol: 'x', meaning: 'Not available' },
        { symbol: 'z', meaning: 'Not applicable' },
        { symbol: 'low', meaning: 'Rounds to zero' },
      ],
      figures: [
        {
          ...FIGURE,
          level: 'partnership',
          laNumber: null,
          gssCode: null,
          laName: null,
          numerator: 112,
          denominator: 180,
          value: 62.2,
          symbol: null,
        },
        {
          ...FIGURE,
          level: 'local_authority',
          laNumber: '353',
          gssCode: 'E08000004',
          laName: 'Oldham',
          numerator: null,
          denominator: null,
          value: null,
          symbol: 'c',
        },
      ],
      changes: {
        replacesReleaseId: ODX.earlier,
        replacesVersion: 1,
        reason: SUMMARY.correctionReason,
        items: [
          {
            ...FIGURE,
            level: 'partnership',
            laNumber: null,
            gssCode: null,
            laName: null,
            change: 'changed',
            before: { numerator: 90, denominator: 150, value: 60, symbol: null },
            after: { numerator: 112, denominator: 180, value: 62.2, symbol: null },
          },
        ],
      },
      versions: [
        { id: ODX.earlier, version: 1, publishedAt: EARLIER.publishedAt, latest: false },
        { id: ODX.release, version: 2, publishedAt: SUMMARY.publishedAt, latest: true },
      ],
      files: {
        data: `${BASE}/${ODX.release}/data.csv`,
        metadata: `${BASE}/${ODX.release}/metadata.csv`,
        method: `${BASE}/${ODX.release}/method.txt`,
      },
    },
  })
  @ApiProblems(BAD_ID, NOT_FOUND, 429)
  async release(
    @Param('releaseId') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OpenDataReleaseDto> {
    const r = await this.openData.release(id);
    res.setHeader('Cache-Control', OPEN_DATA_CACHE);
    const files = {
      data: `${BASE}/${r.id}/data.csv`,
      metadata: `${BASE}/${r.id}/metadata.csv`,
      method: `${BASE}/${r.id}/method.txt`,
    };
    return { ...r, files } as OpenDataReleaseDto;
  }

  @Public()
  @Get(':releaseId/data.csv')
  @ApiOperation({
    summary:
      'A release version’s tidy data file (EES style): one row per figure, the GSS symbol in the value column where a value is withheld (no sign-in)',
  })
  @ApiParam(RELEASE_ID)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: `CSV, as an attachment; header: ${CSV_HEAD}`, content: CSV })
  @ApiResponse(NOT_MODIFIED)
  @ApiProblems(BAD_ID, NOT_FOUND, 429)
  data(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(id, 'data.csv', req, res);
  }

  @Public()
  @Get(':releaseId/metadata.csv')
  @ApiOperation({
    summary:
      'A release version’s metadata file in EES meta.csv columns: the data file’s filters and indicators (no sign-in)',
  })
  @ApiParam(RELEASE_ID)
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'CSV, as an attachment; header: col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column',
    content: CSV,
  })
  @ApiResponse(NOT_MODIFIED)
  @ApiProblems(BAD_ID, NOT_FOUND, 429)
  metadata(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(id, 'metadata.csv', req, res);
  }

  @Public()
  @Get(':releaseId/method.txt')
  @ApiOperation({ summary: 'A release version’s disclosure method note and symbol key, as plain text (no sign-in)' })
  @ApiParam(RELEASE_ID)
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Plain text, as an attachment',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiResponse(NOT_MODIFIED)
  @ApiProblems(BAD_ID, NOT_FOUND, 429)
  method(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(id, 'method.txt', req, res);
  }

  /** A file with its strong ETag: an unchanged copy a client already holds is 304. */
  private async send(id: string, name: OpenDataFileName, req: Request, res: Response): Promise<void> {
    const file = await this.openData.file(id, name);
    const etag = openDataEtag(file.body);
    res.setHeader('Cache-Control', OPEN_DATA_CACHE);
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.send(file.body);
  }
}
