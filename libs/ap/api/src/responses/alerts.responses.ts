import { ApiProperty } from '@nestjs/swagger';
import type { AlertDecision, AlertKind, AlertView } from '@rep-hub/ap-domain';
import { ALERT_DECISIONS, ALERT_KINDS } from '@rep-hub/ap-domain';

export class UserRefDto {
  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }) userId: string;
  @ApiProperty({
    description: 'null when the account has been removed',
    type: String,
    nullable: true,
    example: 'Jo Officer',
  })
  name: string | null;
}

/** An alert of the AP clocks. */
export class AlertDto implements AlertView {
  @ApiProperty({ format: 'uuid', example: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b' }) id: string;
  @ApiProperty({ enum: ALERT_KINDS, example: 'unexplained_absence' }) kind: AlertKind;
  @ApiProperty({ example: 'Unexplained absence' }) label: string;
  @ApiProperty({
    description: 'One plain line from the numbers and dates of `details`; never a name',
    example: '4 sessions of unexplained absence (codes N or O) in the last 10 school days (the alert level is 4)',
  })
  summary: string;
  @ApiProperty({ enum: ['open', 'closed'], example: 'open' }) status: 'open' | 'closed';
  @ApiProperty({ format: 'date-time', example: '2026-11-25T01:30:04.000Z' }) raisedAt: string;
  @ApiProperty({ format: 'uuid', example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6' }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ format: 'uuid', example: '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b' }) caseId: string;
  @ApiProperty({ example: 'AP-000042' }) caseReference: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) placementId: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) providerId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) providerName: string | null;
  @ApiProperty({
    description:
      'The numbers and dates the alert was raised on; their names depend on the kind (sessions, threshold, from, to, asOf, plannedEnd, dueOn, …)',
    type: 'object',
    additionalProperties: true,
    example: { sessions: 4, threshold: 4, from: '2026-11-11', to: '2026-11-24', asOf: '2026-11-25' },
  })
  details: Record<string, unknown>;
  @ApiProperty({ enum: [...ALERT_DECISIONS, null], nullable: true, example: null }) decision: AlertDecision | null;
  @ApiProperty({ type: String, nullable: true, example: null }) decisionNote: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) closedAt: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) closedBy: UserRefDto | null;
  @ApiProperty({
    description: 'What you may record now (empty: nothing, or the alert is closed)',
    enum: ALERT_DECISIONS,
    isArray: true,
    example: ['noted', 'action_taken'],
  })
  allowedDecisions: AlertDecision[];
  @ApiProperty({ description: 'Send it back when closing; a different current version answers 409', example: 1 })
  version: number;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items: AlertDto[];
  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}
