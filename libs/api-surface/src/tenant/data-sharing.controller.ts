import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSharingService, Policy } from '@rep-hub/auth';
import { CreateAgreementDto } from './tenant.dto';
import { AgreementDto, AgreementListDto } from '../responses/core.responses';

const EXAMPLE = {
  id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  title: 'North West AP data-sharing agreement 2026',
  startsOn: '2026-09-01',
  endsOn: null,
  status: 'active',
  localAuthorityIds: ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6'],
  createdAt: '2026-11-27T10:00:00.000Z',
};

/** Data-sharing agreements between the partnership's LAs (wall 2). */
@ApiTags('data sharing')
@ApiBearerAuth()
@Controller('api/v1/data-sharing-agreements')
export class DataSharingController {
  constructor(private readonly sharing: DataSharingService) {}

  @Policy('create', 'DataSharingAgreement')
  @Post()
  @ApiOperation({
    summary: 'Record a data-sharing agreement between local authorities of your partnership (partnership lead)',
  })
  @ApiCreatedResponse({ type: AgreementDto, example: EXAMPLE })
  create(@Body() body: CreateAgreementDto): Promise<AgreementDto> {
    return this.sharing.record(body);
  }

  @Policy('read', 'DataSharingAgreement')
  @Get()
  @ApiOperation({ summary: "Your partnership's data-sharing agreements" })
  @ApiOkResponse({ type: AgreementListDto, example: { items: [EXAMPLE] } })
  async list(): Promise<AgreementListDto> {
    return { items: await this.sharing.list() };
  }

  @Policy('read', 'DataSharingAgreement')
  @Get(':id')
  @ApiOperation({ summary: 'One data-sharing agreement' })
  @ApiOkResponse({ type: AgreementDto, example: EXAMPLE })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AgreementDto> {
    return this.sharing.get(id);
  }
}
