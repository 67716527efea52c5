import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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
import { problem } from '@rep-hub/platform';
import { EnrolmentsService } from '@rep-hub/workforce-domain';
import { WorkforceRecordMilestoneDto, WorkforceTransitionDto, WEX } from './workforce.dto';
import { ENROLMENT_EXAMPLE, WorkforceEnrolmentDto } from './workforce.responses';

/** One enrolment: its history and milestones, its moves and the milestones its training provider declares. */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce/enrolments')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Policy('read', 'WorkforceEnrolment')
  @Get(':id')
  @ApiOperation({ summary: 'One enrolment with its milestones and every change of status' })
  @ApiParam({ name: 'id', example: WEX.enrolment })
  @ApiOkResponse({ type: WorkforceEnrolmentDto, example: ENROLMENT_EXAMPLE })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<WorkforceEnrolmentDto> {
    return this.enrolments.get(id);
  }

  @Policy('update', 'WorkforceEnrolment')
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move an enrolment (the cohort’s training provider): applied → enrolled → active ↔ deferred, withdrawn with a reason, completed → accredited; an impossible move is 409 naming the allowed ones',
  })
  @ApiParam({ name: 'id', example: WEX.enrolment })
  @ApiBody({
    type: WorkforceTransitionDto,
    examples: {
      enrolled: { summary: 'Accepted on the course', value: { status: 'enrolled', version: 1 } },
      active: { summary: 'Started the course', value: { status: 'active', version: 2 } },
      withdrawn: { summary: 'Withdrew', value: { status: 'withdrawn', reason: 'Left the post' } },
    },
  })
  @ApiOkResponse({ type: WorkforceEnrolmentDto, example: ENROLMENT_EXAMPLE })
  @ApiProblems(400, 403, 404, {
    409: {
      ...problem(409, 'An applied enrolment cannot become completed; it can become enrolled or withdrawn.'),
      currentStatus: 'applied',
      allowed: ['enrolled', 'withdrawn'],
    },
  })
  transition(@Param('id') id: string, @Body() body: WorkforceTransitionDto): Promise<WorkforceEnrolmentDto> {
    return this.enrolments.transition(id, body);
  }

  @Policy('create', 'WorkforceMilestone')
  @Post(':id/milestones')
  @ApiOperation({
    summary: 'Declare a milestone of the programme with its evidence date (the cohort’s training provider; each once)',
  })
  @ApiParam({ name: 'id', example: WEX.enrolment })
  @ApiBody({
    type: WorkforceRecordMilestoneDto,
    examples: { started: { summary: 'Started', value: { milestone: 'started', evidenceOn: '2026-10-05' } } },
  })
  @ApiCreatedResponse({ type: WorkforceEnrolmentDto, example: ENROLMENT_EXAMPLE })
  @ApiProblems(400, 403, 404, { 409: problem(409, 'The started milestone is already declared.') })
  recordMilestone(@Param('id') id: string, @Body() body: WorkforceRecordMilestoneDto): Promise<WorkforceEnrolmentDto> {
    return this.enrolments.recordMilestone(id, body);
  }
}
