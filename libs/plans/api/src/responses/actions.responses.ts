import { ApiProperty } from '@nestjs/swagger';
import { ACTION_RAGS, ACTION_STATUSES } from '@rep-hub/plans-domain';
import type { ActionDetail, ActionRag, ActionStatus, ActionUpdateView, ActionView } from '@rep-hub/plans-domain';

export const AEX = {
  plan: '1a2b3c4d-5e6f-4a70-8b91-a2b3c4d5e6f7',
  action: '2b3c4d5e-6f70-4b81-9ca2-b3c4d5e6f708',
  update: '3c4d5e6f-7081-4c92-8db3-c4d5e6f70819',
  la: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  owner: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  user: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
};

export class ActionDto implements ActionView {
  @ApiProperty({ format: 'uuid', example: AEX.action }) id: string;
  @ApiProperty({ format: 'uuid', example: AEX.plan }) planId: string;
  @ApiProperty({ example: 'Greater Manchester local inclusion plan 2026–2029' }) planTitle: string;
  @ApiProperty({ example: 'Publish the ordinarily available provision guide' }) title: string;
  @ApiProperty({ description: 'A section key of the plan', example: 'ordinarily_available_provision' })
  sectionKey: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A theme code of the current provisional list',
    example: 'ordinarily_available_provision',
  })
  themeCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A published indicator code (module.name)', example: null })
  indicatorCode: string | null;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The LA, for an LA-specific action',
    example: AEX.la,
  })
  laId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Manchester' }) laName: string | null;
  @ApiProperty({ format: 'uuid', example: AEX.owner }) ownerOrganisationId: string;
  @ApiProperty({ example: 'Hill Top Primary' }) ownerOrganisationName: string;
  @ApiProperty({ format: 'date', example: '2027-03-31' }) dueOn: string;
  @ApiProperty({ enum: ACTION_STATUSES, example: 'in_progress' }) status: ActionStatus;
  @ApiProperty({ enum: ACTION_RAGS, example: 'amber' }) rag: ActionRag;
  @ApiProperty({ example: 'Draft shared with the parent carer forum.' }) progressNote: string;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) completedOn: string | null;
  @ApiProperty({ description: 'Not started or in progress, and due before today', example: false }) overdue: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-12T10:00:00Z' }) updatedAt: string;
  @ApiProperty({ description: 'Optimistic-concurrency counter: send it back with an update', example: 2 })
  version: number;
}

export class ActionListDto {
  @ApiProperty({ type: [ActionDto] }) items: ActionDto[];
}

export class ActionUpdateDto implements ActionUpdateView {
  @ApiProperty({ format: 'uuid', example: AEX.update }) id: string;
  @ApiProperty({ enum: ACTION_STATUSES, example: 'in_progress' }) status: ActionStatus;
  @ApiProperty({ enum: ACTION_RAGS, example: 'amber' }) rag: ActionRag;
  @ApiProperty({ example: 'Draft shared with the parent carer forum.' }) note: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: AEX.user }) recordedBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Alex Moss' }) recordedByName: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-12T10:00:00Z' }) recordedAt: string;
}

export class ActionDetailDto extends ActionDto implements ActionDetail {
  @ApiProperty({ type: [ActionUpdateDto], description: 'Every update, newest first' }) updates: ActionUpdateDto[];
  @ApiProperty({ description: 'The caller may update status, RAG and progress', example: true }) canUpdate: boolean;
  @ApiProperty({
    description: 'The caller may change what the action is (lead, the plan’s LA officers)',
    example: false,
  })
  canManage: boolean;
}

export const ACTION_EXAMPLE = {
  id: AEX.action,
  planId: AEX.plan,
  planTitle: 'Greater Manchester local inclusion plan 2026–2029',
  title: 'Publish the ordinarily available provision guide',
  sectionKey: 'ordinarily_available_provision',
  themeCode: 'ordinarily_available_provision',
  indicatorCode: null,
  laId: AEX.la,
  laName: 'Manchester',
  ownerOrganisationId: AEX.owner,
  ownerOrganisationName: 'Hill Top Primary',
  dueOn: '2027-03-31',
  status: 'in_progress',
  rag: 'amber',
  progressNote: 'Draft shared with the parent carer forum.',
  completedOn: null,
  overdue: false,
  updatedAt: '2026-11-12T10:00:00Z',
  version: 2,
};
export const ACTION_DETAIL_EXAMPLE = {
  ...ACTION_EXAMPLE,
  updates: [
    {
      id: AEX.update,
      status: 'in_progress',
      rag: 'amber',
      note: 'Draft shared with the parent carer forum.',
      recordedBy: AEX.user,
      recordedByName: 'Alex Moss',
      recordedAt: '2026-11-12T10:00:00Z',
    },
  ],
  canUpdate: true,
  canManage: false,
};
