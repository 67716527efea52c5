import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ALERT_DECISIONS, ALERT_KINDS, AlertDecisionInput, AlertsService } from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor, IsUuid } from '@rep-hub/platform';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { PageQueryDto } from '@rep-hub/api-surface';
import { invalidFieldsResponse } from '@rep-hub/api-surface';
import { AlertDto, AlertPageDto } from './responses/alerts.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const PROVIDER = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const ALERT_ID = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';
const ALERT = {
  id: ALERT_ID,
  kind: 'unexplained_absence',
  label: 'Unexplained absence',
  summary: '4 sessions of unexplained absence (codes N or O) in the last 10 school days (the alert level is 4)',
  status: 'open',
  raisedAt: '2026-11-25T01:30:04.000Z',
  laId: LA,
  laName: 'Trafford',
  caseId: CASE_ID,
  caseReference: 'AP-000042',
  placementId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  providerId: PROVIDER,
  providerName: 'Irwell Learning Centre',
  details: { sessions: 4, threshold: 4, from: '2026-11-11', to: '2026-11-24', asOf: '2026-11-25' },
  decision: null,
  decisionNote: null,
  closedAt: null,
  closedBy: null,
  allowedDecisions: ['noted', 'action_taken', 'cme_referral_made', 'cme_referral_not_needed'],
  version: 1,
};
const CLOSED = {
  ...ALERT,
  status: 'closed',
  decision: 'cme_referral_not_needed',
  decisionNote: 'Spoke to the parent: the pupil was ill and is back at the provider today.',
  closedAt: '2026-11-25T10:12:00.000Z',
  closedBy: { userId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', name: 'Jo Officer' },
  allowedDecisions: [],
  version: 2,
};

export class AlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'open (the default) or closed', example: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'status is open or closed' })
  status?: string;

  @ApiPropertyOptional({ enum: ALERT_KINDS, description: 'One kind of alert', example: 'attendance_missing' })
  @IsOptional()
  @IsIn(ALERT_KINDS, { message: `kind is one of ${ALERT_KINDS.join(', ')}` })
  kind?: string;

  @ApiPropertyOptional({ description: 'One local authority', format: 'uuid', example: LA })
  @IsOptional()
  @IsUuid({ message: 'laId must be a local authority id' })
  laId?: string;
}

/** The decision that closes an alert: the rules of the alert page's form (AlertDecisionInput), and the version. */
export class CloseAlertDto extends AlertDecisionInput {
  @ApiProperty({
    description: 'The alert version you saw; a different current version answers 409',
    type: 'integer',
    example: 1,
  })
  @IsInt({ message: 'version must be the alert’s version number' })
  version: number;
}
// the fields the alert page's form shares (AlertDecisionInput), described for OpenAPI
ApiProperty({
  enum: ALERT_DECISIONS,
  description:
    'noted or action_taken (whoever may close the alert); cme_referral_made or cme_referral_not_needed (a children-missing-education decision: an officer of the case’s LA only, on attendance_missing, persistent_absence, severe_absence or unexplained_absence, with a note)',
  example: 'noted',
})(CloseAlertDto.prototype, 'decision');
ApiPropertyOptional({
  description: 'Why (up to 2,000 characters); required for a children-missing-education decision',
  maxLength: 2000,
  example: CLOSED.decisionNote,
})(CloseAlertDto.prototype, 'note');

const PROBLEM_404 = {
  type: 'https://rephub.example/problems/404',
  title: 'Not Found',
  status: 404,
  detail: 'There is no such alert among those you can open.',
};

/**
 * The AP clocks' alerts: tier 2 overrun, reviews due and overdue, attendance not received,
 * persistent, severe and unexplained absence, reintegration follow-ups due. Raised by the nightly
 * job; each user sees the alerts of the cases they follow (a provider only those about running the
 * placement) and closes them with a recorded decision. Nothing here makes a children-missing-education
 * referral: an LA officer records their decision.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/alerts')
export class ApAlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Policy('read', 'ApAlert')
  @Get()
  @ApiOperation({
    summary: 'Your alerts, newest first, in keyset pages (the page shown is audited)',
    description:
      'An LA officer sees the alerts of their LA’s cases; a school those of its own cases; a provider tier2_overrun, review_due, review_overdue, attendance_missing and severe_absence of its placements.',
  })
  @ApiOkResponse({ type: AlertPageDto, example: { items: [ALERT], nextCursor: null } })
  @ApiBadRequestResponse(invalidFieldsResponse({ field: 'kind', message: 'kind is one of tier2_overrun, …' }))
  async list(@Query() q: AlertQueryDto): Promise<AlertPageDto> {
    const page = await this.alerts.list({
      status: q.status,
      kind: q.kind,
      laId: q.laId,
      after: q.cursor ? decodeCursor(q.cursor) : null,
      limit: q.limit ?? 50,
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('read', 'ApAlert')
  @Get(':id')
  @ApiOperation({ summary: 'One alert with the decisions you may record on it (404 when not yours to open); audited' })
  @ApiOkResponse({ type: AlertDto, example: ALERT })
  @ApiNotFoundResponse({ schema: { example: PROBLEM_404 } })
  get(@Param('id') id: string): Promise<AlertDto> {
    return this.alerts.get(id);
  }

  @Policy('update', 'ApAlert')
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close an alert with a recorded decision',
    description:
      'Writes the decision to the case timeline and the audit trail. A children-missing-education decision (cme_referral_made, cme_referral_not_needed) is an LA officer’s of the case’s LA, on an attendance or absence alert, with a note; it records what the officer decided and refers no one. 409 when the alert is closed already or has changed since you opened it.',
  })
  @ApiOkResponse({ type: AlertDto, example: CLOSED })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'note', message: 'Say why: a children-missing-education decision needs a note' }),
  )
  @ApiForbiddenResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/403',
        title: 'Forbidden',
        status: 403,
        detail: 'Only an officer of the child’s local authority records a children-missing-education decision.',
      },
    },
  })
  @ApiNotFoundResponse({ schema: { example: PROBLEM_404 } })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'This alert is already closed.',
        currentVersion: 2,
      },
    },
  })
  close(@Param('id') id: string, @Body() body: CloseAlertDto): Promise<AlertDto> {
    return this.alerts.close(id, body);
  }
}
