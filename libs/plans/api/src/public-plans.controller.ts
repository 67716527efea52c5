import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PUBLIC_CACHE, PublicPlansService } from '@rep-hub/plans-domain';
import { problem, Public } from '@rep-hub/platform';
import { ApiProblems } from '@rep-hub/api-surface';
import type { Response } from 'express';
import { CompareQueryDto } from './public-plans.dto';
import {
  EXAMPLES,
  PublicComparisonDto,
  PublicPartnershipPlansDto,
  PublicPlansListDto,
  PublicVersionDto,
} from './responses/publication.responses';

const NOT_PUBLISHED = {
  ...problem(404, 'There is no published plan here.'),
  instance: '/api/v1/public/inclusion-plans/north-west',
};
const SLUG = { name: 'partnership', description: 'The partnership’s short name', example: 'north-west' };
const SUMMARY = {
  planId: EXAMPLES.PLAN,
  title: 'Trafford local inclusion plan 2026 to 2029',
  las: [{ id: EXAMPLES.LA, name: 'Trafford' }],
  periodStart: '2026-09-01',
  periodEnd: '2029-08-31',
  reviewOn: '2027-07-31',
  publishedVersionId: EXAMPLES.VERSION,
  publishedNumber: 2,
  publishedAt: '2026-10-01T09:30:00.000Z',
  earlierVersions: 1,
};
const PARTNERSHIP = { slug: 'north-west', name: 'North West SEND and AP Change Programme Partnership' };
const REF = {
  id: EXAMPLES.VERSION,
  number: 2,
  status: 'published',
  publishedAt: '2026-10-01T09:30:00.000Z',
  supersededAt: null,
};
const OLDER = {
  id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  number: 1,
  status: 'superseded',
  publishedAt: '2026-03-02T10:00:00.000Z',
  supersededAt: '2026-10-01T09:30:00.000Z',
};

/**
 * The partnerships' published local inclusion plans as JSON, for anyone (no sign-in): the same
 * reads as the public pages under /inclusion-plans. Only published and superseded versions are
 * ever answered; any other version's id is 404, like an id that does not exist.
 */
@ApiTags('inclusion plans')
@Controller('api/v1/public/inclusion-plans')
export class PublicPlansApiController {
  constructor(private readonly plans: PublicPlansService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Every partnership’s published local inclusion plans (no sign-in)' })
  @ApiOkResponse({ type: PublicPlansListDto, example: { partnerships: [{ ...PARTNERSHIP, plans: [SUMMARY] }] } })
  @ApiProblems(429)
  async list(@Res({ passthrough: true }) res: Response): Promise<PublicPlansListDto> {
    const partnerships = await this.plans.listPublished();
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    return { partnerships };
  }

  @Public()
  @Get(':partnership')
  @ApiOperation({ summary: 'One partnership’s published local inclusion plans (no sign-in)' })
  @ApiParam(SLUG)
  @ApiOkResponse({ type: PublicPartnershipPlansDto, example: { ...PARTNERSHIP, plans: [SUMMARY] } })
  @ApiProblems({ 404: NOT_PUBLISHED }, 429)
  async partnership(
    @Param('partnership') slug: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicPartnershipPlansDto> {
    const out = await this.plans.partnershipPlans(slug);
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    return out;
  }

  @Public()
  @Get(':partnership/versions/:versionId')
  @ApiOperation({
    summary: 'A published (or earlier, superseded) version of a plan, whole (no sign-in)',
    description:
      'Its sections (text in the safe formatting subset), themes, the sign-off summary with the parent carer forum’s position, ' +
      'whether its PDF is ready (GET /inclusion-plans/{partnership}/versions/{versionId}/pdf on the web app) and every public version of the plan. ' +
      'A version that is a draft, in co-production or signed off but not published answers 404, like an unknown id.',
  })
  @ApiParam(SLUG)
  @ApiParam({ name: 'versionId', format: 'uuid', example: EXAMPLES.VERSION })
  @ApiOkResponse({
    type: PublicVersionDto,
    example: {
      partnership: PARTNERSHIP,
      planId: EXAMPLES.PLAN,
      id: EXAMPLES.VERSION,
      number: 2,
      status: 'published',
      title: SUMMARY.title,
      las: SUMMARY.las,
      periodStart: SUMMARY.periodStart,
      periodEnd: SUMMARY.periodEnd,
      reviewOn: SUMMARY.reviewOn,
      publishedAt: SUMMARY.publishedAt,
      supersededAt: null,
      changeSummary: 'Sufficiency figures for 2027/28 added.',
      pdfReady: true,
      sections: [
        {
          key: 'needs_analysis',
          name: 'Needs analysis',
          la: null,
          body: 'Requests for EHC needs assessment rose by 12% in 2025.',
          themes: [{ code: 'identification_of_need', name: 'Identification of need' }],
          themesVersion: '2026-provisional-1',
          themesProvisional: true,
        },
      ],
      themes: [{ code: 'identification_of_need', name: 'Identification of need' }],
      signOffs: {
        signedOff: 1,
        dissent: 0,
        parentCarerForum: {
          organisation: 'Trafford Parent Carer Forum',
          kind: 'parent_carer_forum',
          decision: 'signed_off',
          reason: null,
          recordedAt: '2026-09-20T14:00:00.000Z',
        },
        organisations: [
          {
            organisation: 'Trafford Parent Carer Forum',
            kind: 'parent_carer_forum',
            decision: 'signed_off',
            reason: null,
            recordedAt: '2026-09-20T14:00:00.000Z',
          },
        ],
      },
      versions: [REF, OLDER],
    },
  })
  @ApiProblems({ 404: NOT_PUBLISHED }, 429)
  async version(
    @Param('partnership') slug: string,
    @Param('versionId') versionId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicVersionDto> {
    const out = await this.plans.version(slug, versionId);
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    return out;
  }

  @Public()
  @Get(':partnership/compare')
  @ApiOperation({
    summary: 'What changed between two public versions of one plan, section by section (no sign-in)',
    description:
      'Each section (plan-wide or an LA’s own part) with its lines in reading order marked same, delete or insert, and the themes added or removed. ' +
      'Both versions must be published or superseded versions of the same plan (404 otherwise).',
  })
  @ApiParam(SLUG)
  @ApiOkResponse({
    type: PublicComparisonDto,
    example: {
      partnership: PARTNERSHIP,
      planId: EXAMPLES.PLAN,
      title: SUMMARY.title,
      from: OLDER,
      to: REF,
      sections: [
        {
          key: 'sufficiency',
          name: 'Sufficiency of specialist and alternative provision places',
          la: null,
          changed: true,
          lines: [
            { op: 'same', text: 'We need more specialist places in the south of the borough.' },
            { op: 'delete', text: 'Twenty places open in 2027.' },
            { op: 'insert', text: 'Forty more resourced provision places open in September 2027.' },
          ],
          themesAdded: ['Tailored lists and placement'],
          themesRemoved: [],
        },
      ],
    },
  })
  @ApiProblems(400, { 404: NOT_PUBLISHED }, 429)
  async compare(
    @Param('partnership') slug: string,
    @Query() q: CompareQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicComparisonDto> {
    const out = await this.plans.compare(slug, q.from, q.to);
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    return out;
  }
}
