import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import { ExceptionsService, ProgrammeReformsService } from '@rep-hub/national-domain';
import { ExceptionsQueryDto } from './programme.dto';
import { EXCEPTIONS_EXAMPLE, ExceptionsDto, ProgrammeReformsDto, REFORMS_EXAMPLE } from './programme.responses';

/**
 * The programme as the National Board reads it from the partnerships' published releases: the
 * exceptions with their owners' commentary, and the reforms under test across the programme with
 * their findings. National Board members only (a partnership's users get 403).
 */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/national')
export class ProgrammeController {
  constructor(
    private readonly exceptionsService: ExceptionsService,
    private readonly reformsService: ProgrammeReformsService,
  ) {}

  @Policy('read', 'NationalRelease')
  @Get('exceptions')
  @ApiOperation({
    summary:
      'Exceptions across partnerships for a term: each partnership’s RAG counts and every exception with its owner’s commentary (the latest version of each release)',
  })
  @ApiOkResponse({ type: ExceptionsDto, example: EXCEPTIONS_EXAMPLE })
  @ApiProblems({
    400: problem(400, 'Your request has invalid fields.', {
      errors: [{ field: 'period', message: 'Choose a term, written like 2025-26-autumn' }],
    }),
  })
  exceptions(@Query() q: ExceptionsQueryDto): Promise<ExceptionsDto> {
    return this.exceptionsService.exceptions(q.period);
  }

  @Policy('read', 'NationalRelease')
  @Get('reforms')
  @ApiOperation({
    summary:
      'Reforms across the programme: which partnerships and LAs test each, its status in each, and the findings the partnerships sent (each partnership’s latest release)',
  })
  @ApiOkResponse({ type: ProgrammeReformsDto, example: REFORMS_EXAMPLE })
  reforms(): Promise<ProgrammeReformsDto> {
    return this.reformsService.reforms();
  }
}
