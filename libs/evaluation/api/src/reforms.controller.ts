import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { ReformRegisterService } from '@rep-hub/evaluation-domain';
import { SetReformStatusDto } from './register.dto';
import {
  CELL_DETAIL_EXAMPLE,
  REGISTER_EXAMPLE,
  ReformCellDetailDto,
  ReformRegisterDto,
  REX,
} from './responses/register.responses';

/**
 * The reform register: each reform under test in each LA of the partnership. The lead sets any
 * LA's status; an LA's officers and admins their own LA's (403 otherwise).
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/reforms')
export class ReformRegisterController {
  constructor(private readonly reforms: ReformRegisterService) {}

  @Policy('read', 'EvaluationReform')
  @Get()
  @ApiOperation({ summary: 'The reform register: every reform of the current list × every LA, with its status' })
  @ApiOkResponse({ type: ReformRegisterDto, example: REGISTER_EXAMPLE })
  register(): Promise<ReformRegisterDto> {
    return this.reforms.register();
  }

  @Policy('read', 'EvaluationReform')
  @Get(':reformCode/las/:laId')
  @ApiOperation({ summary: 'One reform in one LA: its status and every change (reason and date), newest first' })
  @ApiParam({ name: 'reformCode', description: 'A reform of the current list', example: 'banding_tariffs' })
  @ApiParam({ name: 'laId', description: 'An LA of the partnership', example: REX.la })
  @ApiOkResponse({ type: ReformCellDetailDto, example: CELL_DETAIL_EXAMPLE })
  @ApiProblems(404)
  get(@Param('reformCode') reformCode: string, @Param('laId') laId: string): Promise<ReformCellDetailDto> {
    return this.reforms.get(reformCode, laId);
  }

  @Policy('update', 'EvaluationReform')
  @Put(':reformCode/las/:laId')
  @ApiOperation({
    summary:
      'Set a reform’s status in an LA with the reason and the date it changed (the lead, or the LA’s own officers). 409 when stale',
  })
  @ApiParam({ name: 'reformCode', description: 'A reform of the current list', example: 'tailored_lists' })
  @ApiParam({ name: 'laId', description: 'An LA of the partnership', example: REX.la })
  @ApiBody({
    type: SetReformStatusDto,
    examples: {
      start: {
        summary: 'A reform started in an LA (no status recorded before: version 0)',
        value: { status: 'active', reason: 'Started with the spring term.', changedOn: '2026-11-02', version: 0 },
      },
      pause: {
        summary: 'A reform paused, with the reason',
        value: {
          status: 'paused',
          reason: 'Paused over funding: next year’s high-needs settlement is not known yet.',
          changedOn: '2026-11-06',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: ReformCellDetailDto, example: CELL_DETAIL_EXAMPLE })
  @ApiProblems(400, 403, 404, 409)
  set(
    @Param('reformCode') reformCode: string,
    @Param('laId') laId: string,
    @Body() body: SetReformStatusDto,
  ): Promise<ReformCellDetailDto> {
    return this.reforms.setStatus(reformCode, laId, body);
  }
}
