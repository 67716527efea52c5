import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
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
import { CohortsService, EnrolmentsService } from '@rep-hub/workforce-domain';
import { WorkforceCreateCohortDto, WorkforceCreateEnrolmentDto, WorkforceSetAllocationDto, WEX } from './workforce.dto';
import {
  COHORT_EXAMPLE,
  COHORT_SUMMARY_EXAMPLE,
  WorkforceCohortDto,
  WorkforceCohortListDto,
  ENROLMENT_EXAMPLE,
  ENROLMENT_SUMMARY_EXAMPLE,
  WorkforceEnrolmentDto,
  WorkforceEnrolmentListDto,
} from './workforce.responses';

/**
 * Cohorts: a programme's intake with a training provider and funded places, each LA's places, and
 * its enrolments. The workforce lead sets them up and allocates places; the cohort's training
 * provider enrols participants; LA officers read.
 */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce/cohorts')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Policy('read', 'WorkforceCohort')
  @Get()
  @ApiOperation({ summary: 'The cohorts the caller may read, latest start first' })
  @ApiOkResponse({ type: WorkforceCohortListDto, example: { items: [COHORT_SUMMARY_EXAMPLE] } })
  @ApiProblems(403)
  async list(): Promise<WorkforceCohortListDto> {
    return { items: await this.cohorts.list() };
  }

  @Policy('create', 'WorkforceCohort')
  @Post()
  @ApiOperation({ summary: 'Set up a cohort (the workforce lead)' })
  @ApiBody({
    type: WorkforceCreateCohortDto,
    examples: {
      npq: {
        summary: 'An NPQ for SENCOs cohort',
        value: {
          programmeId: WEX.programme,
          providerId: WEX.provider,
          name: 'NPQ for SENCOs, autumn 2026',
          intakeYear: 2026,
          intakeTerm: 'autumn',
          startsOn: '2026-10-05',
          endsOn: '2028-06-30',
          fundedPlaces: 20,
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: WorkforceCohortDto,
    example: { ...COHORT_EXAMPLE, placesAllocated: 0, placesFilled: 0, allocations: [] },
  })
  @ApiProblems(400, 403)
  create(@Body() body: WorkforceCreateCohortDto): Promise<WorkforceCohortDto> {
    return this.cohorts.create(body);
  }

  @Policy('read', 'WorkforceCohort')
  @Get(':id')
  @ApiOperation({ summary: 'One cohort with the LAs’ places the caller may read' })
  @ApiParam({ name: 'id', example: WEX.cohort })
  @ApiOkResponse({ type: WorkforceCohortDto, example: COHORT_EXAMPLE })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<WorkforceCohortDto> {
    return this.cohorts.get(id);
  }

  @Policy('update', 'WorkforceAllocation')
  @Put(':id/allocations/:laId')
  @ApiOperation({
    summary:
      'Set an LA’s funded places in the cohort (the workforce lead): 409 when the LAs’ places would exceed the cohort’s, or fall below those filled',
  })
  @ApiParam({ name: 'id', example: WEX.cohort })
  @ApiParam({ name: 'laId', example: WEX.la })
  @ApiBody({ type: WorkforceSetAllocationDto, examples: { places: { summary: 'Eight places', value: { places: 8 } } } })
  @ApiOkResponse({ type: WorkforceCohortDto, example: COHORT_EXAMPLE })
  @ApiProblems(400, 403, 404, {
    409: {
      ...problem(409, 'The local authorities’ places would add up to more than the cohort’s funded places.'),
      reason: 'cohort_places_full',
    },
  })
  allocate(
    @Param('id') id: string,
    @Param('laId') laId: string,
    @Body() body: WorkforceSetAllocationDto,
  ): Promise<WorkforceCohortDto> {
    return this.cohorts.allocate(id, laId, body);
  }

  @Policy('read', 'WorkforceEnrolment')
  @Get(':id/enrolments')
  @ApiOperation({ summary: 'The cohort’s enrolments the caller may read, by participant name' })
  @ApiParam({ name: 'id', example: WEX.cohort })
  @ApiOkResponse({ type: WorkforceEnrolmentListDto, example: { items: [ENROLMENT_SUMMARY_EXAMPLE] } })
  @ApiProblems(404)
  async listEnrolments(@Param('id') id: string): Promise<WorkforceEnrolmentListDto> {
    return { items: await this.enrolments.listForCohort(id) };
  }

  @Policy('create', 'WorkforceEnrolment')
  @Post(':id/enrolments')
  @ApiOperation({
    summary:
      'Enrol a participant your organisation recorded (the cohort’s training provider): 409 when their LA has no place left',
  })
  @ApiParam({ name: 'id', example: WEX.cohort })
  @ApiBody({
    type: WorkforceCreateEnrolmentDto,
    examples: { enrol: { summary: 'Enrol', value: { participantId: WEX.participant } } },
  })
  @ApiCreatedResponse({
    type: WorkforceEnrolmentDto,
    example: {
      ...ENROLMENT_EXAMPLE,
      status: 'applied',
      version: 1,
      allowedMoves: ['enrolled', 'withdrawn'],
      milestones: [],
      history: [ENROLMENT_EXAMPLE.history[0]],
    },
  })
  @ApiProblems(400, 403, 404, {
    409: {
      ...problem(409, 'The local authority has no funded places left in this cohort.'),
      reason: 'la_places_full',
    },
  })
  enrol(@Param('id') id: string, @Body() body: WorkforceCreateEnrolmentDto): Promise<WorkforceEnrolmentDto> {
    return this.enrolments.enrol(id, body);
  }
}
