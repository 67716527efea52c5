import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSharingService, Policy } from '@rep-hub/auth';
import { ApiProblems } from '../openapi/api-problems';
import { ConfirmAgreementDto, EndAgreementDto, ProposeAgreementDto } from './tenant.dto';
import { AgreementDto, AgreementListDto } from '../responses/core.responses';

const LA1 = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const LA2 = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const EXAMPLE: AgreementDto = {
  id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  title: 'North West AP data-sharing agreement 2026',
  purpose: 'To commission and follow alternative provision placements across the partnership',
  grants: ['partnership_view'],
  startsOn: '2026-09-01',
  endsOn: null,
  status: 'proposed',
  state: 'proposed',
  parties: [
    { localAuthorityId: LA1, name: 'Manchester', confirmedAt: '2026-11-28T09:30:00.000Z' },
    { localAuthorityId: LA2, name: 'Salford', confirmedAt: null },
  ],
  localAuthorityIds: [LA1, LA2],
  confirmedAt: null,
  endedAt: null,
  endedForLocalAuthorityId: null,
  endReason: null,
  version: 2,
  createdAt: '2026-11-27T10:00:00.000Z',
  yourActions: { confirmFor: [LA2], end: true },
};
const IN_FORCE: AgreementDto = {
  ...EXAMPLE,
  status: 'confirmed',
  state: 'in_force',
  parties: EXAMPLE.parties.map((p) => ({ ...p, confirmedAt: '2026-11-28T09:30:00.000Z' })),
  confirmedAt: '2026-11-28T09:30:00.000Z',
  version: 3,
  yourActions: { confirmFor: [], end: true },
};
const STALE = {
  409: {
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    detail: 'The agreement has changed since you read it (another party confirmed or ended it): read it again.',
  },
};

/**
 * Data-sharing agreements between the partnership's LAs (wall 2): the lead proposes, each party
 * LA confirms (its DPO or an LA officer), any party or the lead ends it; it grants nothing until
 * every party has confirmed it and its start date has come.
 */
@ApiTags('data sharing')
@ApiBearerAuth()
@Controller('api/v1/data-sharing-agreements')
export class DataSharingController {
  constructor(private readonly sharing: DataSharingService) {}

  @Policy('create', 'DataSharingAgreement')
  @Post()
  @ApiOperation({
    summary:
      'Propose a data-sharing agreement between local authorities of your partnership (partnership lead); it grants nothing until every party LA confirms it',
  })
  @ApiCreatedResponse({
    type: AgreementDto,
    example: {
      ...EXAMPLE,
      parties: EXAMPLE.parties.map((p) => ({ ...p, confirmedAt: null })),
      version: 1,
      yourActions: { confirmFor: [], end: true },
    },
  })
  propose(@Body() body: ProposeAgreementDto): Promise<AgreementDto> {
    return this.sharing.propose(body);
  }

  @Policy('read', 'DataSharingAgreement')
  @Get()
  @ApiOperation({ summary: "Your partnership's data-sharing agreements, each with its parties' confirmations" })
  @ApiOkResponse({ type: AgreementListDto, example: { items: [IN_FORCE, EXAMPLE] } })
  async list(): Promise<AgreementListDto> {
    return { items: await this.sharing.list() };
  }

  @Policy('read', 'DataSharingAgreement')
  @Get(':id')
  @ApiOperation({ summary: 'One data-sharing agreement, with each party’s confirmation and what you may do' })
  @ApiOkResponse({ type: AgreementDto, example: EXAMPLE })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AgreementDto> {
    return this.sharing.get(id);
  }

  @Policy('update', 'DataSharingAgreement')
  @Post(':id/confirmations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirm the agreement for your local authority (its DPO or an LA officer); the last party’s confirmation puts it in force from its start date (audited)',
  })
  @ApiOkResponse({ type: AgreementDto, example: IN_FORCE })
  @ApiProblems(STALE)
  confirm(@Param('id', ParseUUIDPipe) id: string, @Body() body: ConfirmAgreementDto): Promise<AgreementDto> {
    return this.sharing.confirm(id, body);
  }

  @Policy('update', 'DataSharingAgreement')
  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End the agreement at once (a party LA’s DPO or LA officer, or the partnership lead); audited',
  })
  @ApiOkResponse({
    type: AgreementDto,
    example: {
      ...IN_FORCE,
      status: 'ended',
      state: 'ended',
      endedAt: '2026-12-01T12:00:00.000Z',
      endedForLocalAuthorityId: LA2,
      endReason: 'The partnership has ended its AP pilot',
      version: 4,
      yourActions: { confirmFor: [], end: false },
    },
  })
  @ApiProblems(STALE)
  end(@Param('id', ParseUUIDPipe) id: string, @Body() body: EndAgreementDto): Promise<AgreementDto> {
    return this.sharing.end(id, body);
  }
}
