import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { ParticipantsService } from '@rep-hub/workforce-domain';
import { WorkforceCreateParticipantDto, WEX } from './workforce.dto';
import { PARTICIPANT_EXAMPLE, WorkforceParticipantDto, WorkforceParticipantListDto } from './workforce.responses';

/**
 * Participants (adults' personal data, walled by the employing LA): recorded by a training
 * provider's staff, read by the workforce lead and the employing LA's officers. Every list and
 * record shown is audited.
 */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce/participants')
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Policy('read', 'WorkforceParticipant')
  @Get()
  @ApiOperation({ summary: 'The participants the caller may read, by name' })
  @ApiOkResponse({ type: WorkforceParticipantListDto, example: { items: [PARTICIPANT_EXAMPLE] } })
  @ApiProblems(403)
  async list(): Promise<WorkforceParticipantListDto> {
    return { items: await this.participants.list() };
  }

  @Policy('create', 'WorkforceParticipant')
  @Post()
  @ApiOperation({
    summary:
      'Record a participant (a training provider’s staff), employed by an LA with places in your cohorts; the setting checked by its URN, UKPRN or Ofsted URN',
  })
  @ApiBody({
    type: WorkforceCreateParticipantDto,
    examples: {
      senco: {
        summary: 'A school’s SENCO',
        value: {
          laId: WEX.la,
          fullName: 'Amina Shah',
          workEmail: 'amina.shah@school.example',
          role: 'senco',
          settingKind: 'school',
          settingIdentifier: '123456',
          tookUpPostOn: '2026-09-01',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: WorkforceParticipantDto, example: PARTICIPANT_EXAMPLE })
  @ApiProblems(400, 403)
  create(@Body() body: WorkforceCreateParticipantDto): Promise<WorkforceParticipantDto> {
    return this.participants.create(body);
  }

  @Policy('read', 'WorkforceParticipant')
  @Get(':id')
  @ApiOperation({ summary: 'One participant' })
  @ApiParam({ name: 'id', example: WEX.participant })
  @ApiOkResponse({ type: WorkforceParticipantDto, example: PARTICIPANT_EXAMPLE })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<WorkforceParticipantDto> {
    return this.participants.get(id);
  }
}
