import { ApiProperty } from '@nestjs/swagger';
import { ACTION_STATUSES, DECISION_KINDS } from '@rep-hub/national-domain';
import type {
  ActionStatus,
  BoardDecision,
  BoardMeeting,
  BoardMeetingDetail,
  DecisionKind,
  PartnershipRef,
  ReceivedDecision,
} from '@rep-hub/national-domain';

export const DX = {
  meeting: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  decision: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60',
  action: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6071',
  northWest: '4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f607182',
};

export class ConcernedPartnershipDto implements PartnershipRef {
  @ApiProperty({ format: 'uuid', example: DX.northWest }) id: string;
  @ApiProperty({ description: 'As its latest release names it', example: 'North West Change Programme Partnership' })
  name: string;
}

export class BoardDecisionDto implements BoardDecision {
  @ApiProperty({ format: 'uuid', example: DX.action }) id: string;
  @ApiProperty({ format: 'uuid', example: DX.meeting }) meetingId: string;
  @ApiProperty({ example: 'National Board, December 2026' }) meetingTitle: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) meetingHeldOn: string;
  @ApiProperty({
    description: 'NB-<year>-<month of the meeting>-<number in that month>',
    example: 'NB-2026-12-02',
  })
  reference: string;
  @ApiProperty({ example: 'North West to set out why its reintegration rate fell in the autumn term.' }) text: string;
  @ApiProperty({ enum: DECISION_KINDS, example: 'action' }) kind: DecisionKind;
  @ApiProperty({ description: 'A name or a role', example: 'North West partnership lead' }) owner: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'null for a decision',
    example: '2027-01-12',
  })
  dueOn: string | null;
  @ApiProperty({
    enum: [...ACTION_STATUSES, null],
    nullable: true,
    description: 'null for a decision',
    example: 'open',
  })
  status: ActionStatus | null;
  @ApiProperty({ description: 'An open action past its due date', example: false }) overdue: boolean;
  @ApiProperty({ type: [ConcernedPartnershipDto], description: 'The partnerships it concerns: each received it' })
  concerns: ConcernedPartnershipDto[];
  @ApiProperty({ example: 'Ada Board' }) recordedByName: string;
  @ApiProperty({ description: 'Send it back with a change (409 when stale)', example: 1 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) updatedAt: string;
}

export class BoardMeetingDto implements BoardMeeting {
  @ApiProperty({ format: 'uuid', example: DX.meeting }) id: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) heldOn: string;
  @ApiProperty({ example: 'National Board, December 2026' }) title: string;
  @ApiProperty({ example: 'Ada Board' }) recordedByName: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ description: 'How many decisions and actions it recorded', example: 2 }) decisionCount: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T15:00:00.000Z' }) createdAt: string;
}

export class BoardMeetingDetailDto extends BoardMeetingDto implements BoardMeetingDetail {
  @ApiProperty({ type: [BoardDecisionDto] }) decisions: BoardDecisionDto[];
}

export class BoardMeetingListDto {
  @ApiProperty({ type: [BoardMeetingDto], description: 'Newest first' }) items: BoardMeetingDto[];
}

export class BoardDecisionListDto {
  @ApiProperty({ type: [BoardDecisionDto], description: 'Newest meeting first' }) items: BoardDecisionDto[];
  @ApiProperty({
    type: [ConcernedPartnershipDto],
    description: 'The partnerships a decision may concern (they published)',
  })
  partnerships: ConcernedPartnershipDto[];
}

export class ReceivedDecisionDto implements ReceivedDecision {
  @ApiProperty({ format: 'uuid', example: DX.action }) decisionId: string;
  @ApiProperty({ example: 'NB-2026-12-02' }) reference: string;
  @ApiProperty({ example: 'National Board, December 2026' }) meetingTitle: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) meetingHeldOn: string;
  @ApiProperty({ example: 'North West to set out why its reintegration rate fell in the autumn term.' }) text: string;
  @ApiProperty({ enum: DECISION_KINDS, example: 'action' }) kind: DecisionKind;
  @ApiProperty({ example: 'North West partnership lead' }) owner: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-01-12' }) dueOn: string | null;
  @ApiProperty({ enum: [...ACTION_STATUSES, null], nullable: true, example: 'open' }) status: ActionStatus | null;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T15:04:05.000Z' }) updatedAt: string;
}

export class ReceivedDecisionListDto {
  @ApiProperty({ type: [ReceivedDecisionDto], description: 'Open actions first (soonest due), then the rest' })
  items: ReceivedDecisionDto[];
}

export const ACTION_EXAMPLE: BoardDecisionDto = {
  id: DX.action,
  meetingId: DX.meeting,
  meetingTitle: 'National Board, December 2026',
  meetingHeldOn: '2026-12-01',
  reference: 'NB-2026-12-02',
  text: 'North West to set out why its reintegration rate fell in the autumn term.',
  kind: 'action',
  owner: 'North West partnership lead',
  dueOn: '2027-01-12',
  status: 'open',
  overdue: false,
  concerns: [{ id: DX.northWest, name: 'North West Change Programme Partnership' }],
  recordedByName: 'Ada Board',
  version: 1,
  createdAt: '2026-12-01T15:04:05.000Z',
  updatedAt: '2026-12-01T15:04:05.000Z',
};

export const DECISION_EXAMPLE: BoardDecisionDto = {
  ...ACTION_EXAMPLE,
  id: DX.decision,
  reference: 'NB-2026-12-01',
  text: 'The board adopts the spring term releases as the baseline for comparing partnerships.',
  kind: 'decision',
  owner: 'Chair of the National Board',
  dueOn: null,
  status: null,
  concerns: [],
};

export const MEETING_EXAMPLE: BoardMeetingDetailDto = {
  id: DX.meeting,
  heldOn: '2026-12-01',
  title: 'National Board, December 2026',
  recordedByName: 'Ada Board',
  version: 1,
  decisionCount: 2,
  createdAt: '2026-12-01T15:00:00.000Z',
  decisions: [DECISION_EXAMPLE, ACTION_EXAMPLE],
};

export const RECEIVED_EXAMPLE: ReceivedDecisionListDto = {
  items: [
    {
      decisionId: DX.action,
      reference: 'NB-2026-12-02',
      meetingTitle: 'National Board, December 2026',
      meetingHeldOn: '2026-12-01',
      text: ACTION_EXAMPLE.text,
      kind: 'action',
      owner: 'North West partnership lead',
      dueOn: '2027-01-12',
      status: 'open',
      overdue: false,
      receivedAt: '2026-12-01T15:04:05.000Z',
      updatedAt: '2026-12-01T15:04:05.000Z',
    },
  ],
};
