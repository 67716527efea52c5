import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { DecisionsLogService } from '@rep-hub/national-domain';
import { ChangeActionDto, CreateDecisionDto, CreateMeetingDto, DecisionsQueryDto } from './decisions.dto';
import {
  ACTION_EXAMPLE,
  BoardDecisionDto,
  BoardDecisionListDto,
  BoardMeetingDetailDto,
  BoardMeetingListDto,
  DECISION_EXAMPLE,
  DX,
  MEETING_EXAMPLE,
} from './responses/decisions.responses';

const FORBIDDEN = { 403: problem(403, 'Only a member of the National Board keeps its decisions and actions.') };
const invalid = (field: string, message: string) =>
  problem(400, 'Your request has invalid fields.', { errors: [{ field, message }] });

/**
 * The National Board's decisions and actions log (a National Board member only): its meetings,
 * the decisions and actions recorded at each, and an action's status and due date. Each decision
 * reaches the partnerships it concerns, where their leads read it (GET /api/v1/board-decisions).
 */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/national')
export class DecisionsController {
  constructor(private readonly log: DecisionsLogService) {}

  @Policy('read', 'BoardDecision')
  @Get('meetings')
  @ApiOperation({ summary: 'The board’s meetings, newest first' })
  @ApiOkResponse({ type: BoardMeetingListDto, example: { items: [{ ...MEETING_EXAMPLE, decisions: undefined }] } })
  @ApiProblems(FORBIDDEN)
  async meetings(): Promise<BoardMeetingListDto> {
    return { items: await this.log.meetings() };
  }

  @Policy('create', 'BoardDecision')
  @Post('meetings')
  @ApiOperation({ summary: 'Record a meeting of the board (then its decisions and actions)' })
  @ApiBody({
    type: CreateMeetingDto,
    examples: {
      december: { summary: 'A meeting', value: { heldOn: '2026-12-01', title: 'National Board, December 2026' } },
    },
  })
  @ApiCreatedResponse({ type: BoardMeetingDetailDto, example: { ...MEETING_EXAMPLE, decisionCount: 0, decisions: [] } })
  @ApiProblems({ 400: invalid('heldOn', 'Enter the date of the meeting') }, FORBIDDEN)
  recordMeeting(@Body() body: CreateMeetingDto): Promise<BoardMeetingDetailDto> {
    return this.log.recordMeeting(body);
  }

  @Policy('read', 'BoardDecision')
  @Get('meetings/:id')
  @ApiOperation({ summary: 'One meeting with its decisions and actions' })
  @ApiParam({ name: 'id', format: 'uuid', example: DX.meeting })
  @ApiOkResponse({ type: BoardMeetingDetailDto, example: MEETING_EXAMPLE })
  @ApiProblems(FORBIDDEN, 404)
  meeting(@Param('id') id: string): Promise<BoardMeetingDetailDto> {
    return this.log.meeting(id);
  }

  @Policy('create', 'BoardDecision')
  @Post('meetings/:id/decisions')
  @ApiOperation({
    summary:
      'Record a decision or an action of the meeting; it reaches each partnership it concerns (those that published a release)',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: DX.meeting })
  @ApiBody({
    type: CreateDecisionDto,
    examples: {
      action: {
        summary: 'An action for North West, with its owner and due date',
        value: {
          text: ACTION_EXAMPLE.text,
          kind: 'action',
          owner: 'North West partnership lead',
          dueOn: '2027-01-12',
          partnershipIds: [DX.northWest],
        },
      },
      decision: {
        summary: 'A decision for the board as a whole (no partnership, no due date)',
        value: { text: DECISION_EXAMPLE.text, kind: 'decision', owner: 'Chair of the National Board' },
      },
    },
  })
  @ApiCreatedResponse({ type: BoardDecisionDto, example: ACTION_EXAMPLE })
  @ApiProblems(
    { 400: invalid('dueOn', 'The due date must be on or after 1 December 2026, the date of the meeting') },
    FORBIDDEN,
    404,
  )
  recordDecision(@Param('id') id: string, @Body() body: CreateDecisionDto): Promise<BoardDecisionDto> {
    return this.log.recordDecision(id, body);
  }

  @Policy('read', 'BoardDecision')
  @Get('decisions')
  @ApiOperation({ summary: 'The decisions and actions log: all, only open actions, or only overdue actions' })
  @ApiOkResponse({
    type: BoardDecisionListDto,
    example: { items: [DECISION_EXAMPLE, ACTION_EXAMPLE], partnerships: ACTION_EXAMPLE.concerns },
  })
  @ApiProblems({ 400: invalid('open', 'open must be true or false') }, FORBIDDEN)
  async decisions(@Query() q: DecisionsQueryDto): Promise<BoardDecisionListDto> {
    return {
      items: await this.log.decisions({ open: q.open === 'true', overdue: q.overdue === 'true' }),
      partnerships: await this.log.partnerships(),
    };
  }

  @Policy('update', 'BoardDecision')
  @Patch('decisions/:id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change an action’s status or due date (409 when the version sent is stale); the partnerships it concerns receive the change',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: DX.action })
  @ApiBody({
    type: ChangeActionDto,
    examples: {
      done: { summary: 'The action is done', value: { status: 'done', version: 1 } },
      later: { summary: 'Due later', value: { dueOn: '2027-02-02', version: 1 } },
    },
  })
  @ApiOkResponse({ type: BoardDecisionDto, example: { ...ACTION_EXAMPLE, status: 'done', version: 2 } })
  @ApiProblems({ 400: invalid('status', 'Select open, done or dropped') }, FORBIDDEN, 404, {
    409: problem(409, 'This action has changed since you opened it. Open it again to see what changed.', {
      currentVersion: 2,
    }),
  })
  change(@Param('id') id: string, @Body() body: ChangeActionDto): Promise<BoardDecisionDto> {
    return this.log.changeAction(id, body);
  }
}
