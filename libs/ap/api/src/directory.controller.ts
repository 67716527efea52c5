import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApDirectoryService } from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import { ApiProblems } from '@rep-hub/api-surface';
import { CreateProviderDto, PlacesDto, ProviderQueryDto, QualityCheckDto } from './directory.dto';
import {
  PlacesViewDto,
  ProviderDetailDto,
  ProviderDto,
  ProviderPageDto,
  QualityCheckViewDto,
} from './responses/directory.responses';

const PROVIDER = {
  id: '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'Irwell Learning Centre',
  providerType: 'pru',
  urn: '135790',
  ukprn: null,
  tiers: ['tier_2', 'tier_3'],
  status: 'active',
  organisationId: null,
};

/** The partnership's AP directory: providers, their quality checks and the places each LA commissions. */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/providers')
export class ApDirectoryController {
  constructor(private readonly directory: ApDirectoryService) {}

  @Policy('read', 'ApProvider')
  @Get()
  @ApiOperation({ summary: "The partnership's AP providers, by name (keyset pages), optionally offering one tier" })
  @ApiOkResponse({
    type: ProviderPageDto,
    example: { items: [{ ...PROVIDER, offerability: { canReceiveOffers: true, blockedBy: [] } }], nextCursor: null },
  })
  async list(@Query() query: ProviderQueryDto): Promise<ProviderPageDto> {
    const page = await this.directory.listProviders({
      after: query.cursor ? decodeCursor(query.cursor) : null,
      limit: query.limit ?? 50,
      tier: query.tier,
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('create', 'ApProvider')
  @Post()
  @ApiOperation({
    summary:
      'Add a provider to the directory (LA officer or partnership lead); 409 when its URN, UKPRN or organisation is there already',
  })
  @ApiCreatedResponse({ type: ProviderDto, example: PROVIDER })
  @ApiBody({
    type: CreateProviderDto,
    examples: {
      pru: {
        summary: 'A pupil referral unit (a provider whose staff sign in also gives organisationId)',
        value: { name: 'Irwell Learning Centre', providerType: 'pru', urn: '135791', tiers: ['tier_2', 'tier_3'] },
      },
    },
  })
  @ApiProblems(409)
  create(@Body() body: CreateProviderDto): Promise<ProviderDto> {
    return this.directory.createProvider(body);
  }

  @Policy('read', 'ApProvider')
  @Get(':id')
  @ApiOperation({
    summary:
      'One provider: its quality checks, commissioned places, and whether it can receive offers today (an expired or missing check blocks them)',
  })
  @ApiOkResponse({
    type: ProviderDetailDto,
    example: {
      ...PROVIDER,
      checks: [
        {
          id: '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f',
          kind: 'safeguarding',
          checkedOn: '2025-09-01',
          expiresOn: '2026-08-31',
          body: null,
          outcome: null,
          expired: true,
        },
      ],
      places: [
        {
          laId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
          laName: 'Manchester',
          tier: 'tier_2',
          academicYear: '2026/27',
          places: 12,
        },
      ],
      offerability: {
        canReceiveOffers: false,
        blockedBy: [
          { kind: 'safeguarding', reason: 'expired', expiredOn: '2026-08-31' },
          { kind: 'due_diligence', reason: 'missing' },
        ],
      },
    },
  })
  get(@Param('id') id: string): Promise<ProviderDetailDto> {
    return this.directory.getProvider(id);
  }

  @Policy('create', 'ApQualityCheck')
  @Post(':id/quality-checks')
  @ApiOperation({
    summary: 'Record a quality check (due diligence, safeguarding, insurance, inspection) with its expiry date',
  })
  @ApiCreatedResponse({
    type: QualityCheckViewDto,
    example: {
      id: '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f',
      kind: 'safeguarding',
      checkedOn: '2026-09-01',
      expiresOn: '2027-08-31',
      body: null,
      outcome: null,
      expired: false,
    },
  })
  recordCheck(@Param('id') id: string, @Body() body: QualityCheckDto): Promise<QualityCheckViewDto> {
    return this.directory.recordCheck(id, body);
  }

  @Policy('update', 'ApCommissionedPlace')
  @Put(':id/places')
  @ApiOperation({
    summary:
      'Set the places an LA commissions from the provider for a tier and academic year (an LA officer: their own LA)',
  })
  @ApiOkResponse({
    type: PlacesViewDto,
    example: {
      laId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
      laName: 'Manchester',
      tier: 'tier_2',
      academicYear: '2026/27',
      places: 12,
    },
  })
  setPlaces(@Param('id') id: string, @Body() body: PlacesDto): Promise<PlacesViewDto> {
    return this.directory.setPlaces(id, body);
  }
}
