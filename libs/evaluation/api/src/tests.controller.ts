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
import { TestAndLearnService } from '@rep-hub/evaluation-domain';
import { AddTestResultDto, CreateTestDto, UpdateTestDto } from './register.dto';
import {
  REX,
  TEST_DETAIL_EXAMPLE,
  TEST_SUMMARY_EXAMPLE,
  TestDetailDto,
  TestListDto,
} from './responses/register.responses';

/**
 * Test and learn: the partnership's tests of the reforms and their dated results. The lead records
 * and changes tests; the lead or an officer of an LA a test involves adds its results.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/tests')
export class TestAndLearnController {
  constructor(private readonly tests: TestAndLearnService) {}

  @Policy('read', 'EvaluationTest')
  @Get()
  @ApiOperation({ summary: 'The partnership’s tests, latest start first' })
  @ApiOkResponse({ type: TestListDto, example: { items: [TEST_SUMMARY_EXAMPLE] } })
  async list(): Promise<TestListDto> {
    return { items: await this.tests.list() };
  }

  @Policy('create', 'EvaluationTest')
  @Post()
  @ApiOperation({ summary: 'Record a test of a reform (the lead)' })
  @ApiBody({
    type: CreateTestDto,
    examples: {
      test: {
        summary: 'A test of advisory tailored lists in one LA',
        value: {
          title: 'Tailored lists shorten the time to a placement',
          reformCode: 'tailored_lists',
          hypothesis: 'Families offered an advisory tailored list agree a setting four weeks sooner.',
          laIds: [REX.la],
          settingIds: [],
          startsOn: '2027-01-04',
          endsOn: '2027-07-23',
          comparisonGroup: 'Placements agreed in the same term last year.',
          indicatorCodes: ['evaluation.ehcp_20_weeks'],
          status: 'planned',
          risks: 'Few settings on the list in the rural north.',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: TestDetailDto, example: { ...TEST_DETAIL_EXAMPLE, status: 'planned', results: [] } })
  @ApiProblems(400, 403)
  create(@Body() body: CreateTestDto): Promise<TestDetailDto> {
    return this.tests.create(body);
  }

  @Policy('read', 'EvaluationTest')
  @Get(':id')
  @ApiOperation({ summary: 'One test with its results, newest first' })
  @ApiParam({ name: 'id', example: REX.test })
  @ApiOkResponse({ type: TestDetailDto, example: TEST_DETAIL_EXAMPLE })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<TestDetailDto> {
    return this.tests.get(id);
  }

  @Policy('update', 'EvaluationTest')
  @Put(':id')
  @ApiOperation({
    summary:
      'Change a test (the lead): what is sent changes; the status moves planned → running → finished, or stopped (409 otherwise, and when stale)',
  })
  @ApiParam({ name: 'id', example: REX.test })
  @ApiBody({
    type: UpdateTestDto,
    examples: {
      findings: {
        summary: 'Findings and lessons so far',
        value: {
          findings: 'Decisions take 5.5 weeks on average.',
          lessons: 'Meet at the same time each week.',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: TestDetailDto, example: TEST_DETAIL_EXAMPLE })
  @ApiProblems(400, 403, 404, 409)
  update(@Param('id') id: string, @Body() body: UpdateTestDto): Promise<TestDetailDto> {
    return this.tests.update(id, body);
  }

  @Policy('create', 'EvaluationTestResult')
  @Post(':id/results')
  @ApiOperation({ summary: 'Add a dated result to a test (the lead, or an officer of an LA it involves)' })
  @ApiParam({ name: 'id', example: REX.test })
  @ApiBody({
    type: AddTestResultDto,
    examples: {
      result: {
        summary: 'A result at half term',
        value: { recordedOn: '2026-11-20', summary: 'Half term: 31 of 38 requests decided within six weeks.' },
      },
    },
  })
  @ApiCreatedResponse({ type: TestDetailDto, example: TEST_DETAIL_EXAMPLE })
  @ApiProblems(400, 403, 404)
  addResult(@Param('id') id: string, @Body() body: AddTestResultDto): Promise<TestDetailDto> {
    return this.tests.addResult(id, body);
  }
}
