import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import { BoardDecisionsReceivedService } from '@rep-hub/national-domain';
import { RECEIVED_EXAMPLE, ReceivedDecisionListDto } from './responses/decisions.responses';

/** The National Board's decisions and actions that concern the partnership, as they reached it (its lead). */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/board-decisions')
export class BoardDecisionsController {
  constructor(private readonly received: BoardDecisionsReceivedService) {}

  @Policy('read', 'BoardDecisionReceived')
  @Get()
  @ApiOperation({
    summary:
      'The National Board’s decisions and actions that concern the partnership: owner, due date, status (the lead)',
  })
  @ApiOkResponse({ type: ReceivedDecisionListDto, example: RECEIVED_EXAMPLE })
  @ApiProblems({ 403: problem(403, 'Only the partnership’s lead reads the National Board’s decisions.') })
  async list(): Promise<ReceivedDecisionListDto> {
    return { items: await this.received.list() };
  }
}
