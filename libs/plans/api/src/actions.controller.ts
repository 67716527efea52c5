import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid } from '@rep-hub/platform';
import { PlanActionsService } from '@rep-hub/plans-domain';
import { CreateActionDto, UpdateActionDto } from './actions.dto';
import {
  ACTION_DETAIL_EXAMPLE,
  ACTION_EXAMPLE,
  ActionDetailDto,
  ActionListDto,
  AEX,
} from './responses/actions.responses';

/**
 * A local inclusion plan's actions. The lead and the plan's LA officers add and manage them; the
 * owner organisation's members update status, RAG and progress of their own (403 otherwise).
 */
@ApiTags('inclusion plans')
@ApiBearerAuth()
@Controller('api/v1/plan-actions')
export class PlanActionsController {
  constructor(private readonly actions: PlanActionsService) {}

  @Policy('read', 'InclusionPlanAction')
  @Get('mine')
  @ApiOperation({ summary: 'The actions your organisations own, of every plan, by due date (overdue ones flagged)' })
  @ApiOkResponse({ type: ActionListDto, example: { items: [ACTION_EXAMPLE] } })
  async mine(): Promise<ActionListDto> {
    return { items: await this.actions.listMine() };
  }

  @Policy('read', 'InclusionPlanAction')
  @Get(':id')
  @ApiOperation({ summary: 'One action with its log of updates (who, when, what)' })
  @ApiOkResponse({ type: ActionDetailDto, example: ACTION_DETAIL_EXAMPLE })
  get(@Param('id') id: string): Promise<ActionDetailDto> {
    return this.actions.get(id);
  }

  @Policy('update', 'InclusionPlanAction')
  @Put(':id')
  @ApiOperation({
    summary:
      'Update an action: its owner’s members send status, RAG and a progress note; the lead and the plan’s LA officers may change the rest too. 409 when stale',
  })
  @ApiBody({
    type: UpdateActionDto,
    examples: {
      progress: {
        summary: 'The owner’s progress update',
        value: {
          status: 'in_progress',
          rag: 'amber',
          progressNote: 'Draft shared with the parent carer forum.',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: ActionDetailDto, example: ACTION_DETAIL_EXAMPLE })
  @ApiProblems(409)
  update(@Param('id') id: string, @Body() body: UpdateActionDto): Promise<ActionDetailDto> {
    return this.actions.update(id, body);
  }

  @Policy('read', 'InclusionPlanAction')
  @Get()
  @ApiOperation({ summary: 'A plan’s actions by due date (overdue ones flagged)' })
  @ApiQuery({ name: 'planId', description: 'The plan', example: AEX.plan })
  @ApiOkResponse({ type: ActionListDto, example: { items: [ACTION_EXAMPLE] } })
  @ApiProblems(404)
  async list(@Query('planId') planId: string): Promise<ActionListDto> {
    if (!isUuid(planId))
      throw new InvalidFieldsException([{ field: 'planId', message: 'Give the plan’s id as planId' }]);
    return { items: (await this.actions.listForPlan(planId)).items };
  }

  @Policy('create', 'InclusionPlanAction')
  @Post()
  @ApiOperation({ summary: 'Add an action to a plan (the lead, or the plan’s LA officers)' })
  @ApiBody({
    type: CreateActionDto,
    examples: {
      action: {
        summary: 'An action owned by a school',
        value: {
          planId: AEX.plan,
          title: 'Publish the ordinarily available provision guide',
          sectionKey: 'ordinarily_available_provision',
          themeCode: 'ordinarily_available_provision',
          ownerOrganisationId: AEX.owner,
          dueOn: '2027-03-31',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: ActionDetailDto,
    example: { ...ACTION_DETAIL_EXAMPLE, status: 'not_started', rag: 'green', version: 1, canManage: true },
  })
  @ApiProblems(404)
  create(@Body() body: CreateActionDto): Promise<ActionDetailDto> {
    const { planId, ...rest } = body;
    if (!isUuid(planId))
      throw new InvalidFieldsException([{ field: 'planId', message: 'Give the plan’s id as planId' }]);
    return this.actions.create(planId, rest);
  }
}
