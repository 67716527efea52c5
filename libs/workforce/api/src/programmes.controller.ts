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
import { ProgrammesService } from '@rep-hub/workforce-domain';
import { WorkforceCreateProgrammeDto, WEX } from './workforce.dto';
import { PROGRAMME_EXAMPLE, WorkforceProgrammeDto, WorkforceProgrammeListDto } from './workforce.responses';

/** The partnership's workforce programmes: the national ones (versioned reference data) and its own. */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Policy('read', 'WorkforceProgramme')
  @Get()
  @ApiOperation({ summary: 'The programmes: the national ones first, then the partnership’s own, by name' })
  @ApiOkResponse({ type: WorkforceProgrammeListDto, example: { items: [PROGRAMME_EXAMPLE] } })
  @ApiProblems(403)
  async list(): Promise<WorkforceProgrammeListDto> {
    return { items: await this.programmes.list() };
  }

  @Policy('create', 'WorkforceProgramme')
  @Post()
  @ApiOperation({ summary: 'Add a local programme with its milestones and funding rule (the workforce lead)' })
  @ApiBody({
    type: WorkforceCreateProgrammeDto,
    examples: {
      local: {
        summary: 'A local programme',
        value: {
          name: 'Autism awareness for teaching assistants',
          description: 'Six half-day sessions run by the partnership’s outreach team.',
          milestones: ['started', 'completed'],
          fundingNote: 'Funded by the partnership’s Change Programme grant.',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: WorkforceProgrammeDto,
    example: {
      ...PROGRAMME_EXAMPLE,
      code: 'local_autism_awareness_for_teaching',
      national: false,
      referenceVersion: null,
      name: 'Autism awareness for teaching assistants',
      milestones: ['started', 'completed'],
      qualificationWindowMonths: null,
    },
  })
  @ApiProblems(400, 403)
  create(@Body() body: WorkforceCreateProgrammeDto): Promise<WorkforceProgrammeDto> {
    return this.programmes.create(body);
  }

  @Policy('read', 'WorkforceProgramme')
  @Get(':id')
  @ApiOperation({ summary: 'One programme' })
  @ApiParam({ name: 'id', example: WEX.programme })
  @ApiOkResponse({ type: WorkforceProgrammeDto, example: PROGRAMME_EXAMPLE })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<WorkforceProgrammeDto> {
    return this.programmes.get(id);
  }
}
