import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_STATUSES, DECISION_KINDS } from '@rep-hub/national-domain';
import { IsIn, IsOptional } from 'class-validator';

/** Bodies of the board's decisions log: the service checks each field and names each bad one (400). */
export class CreateMeetingDto {
  @ApiProperty({ format: 'date', description: 'The day the board met', example: '2026-12-01' })
  @IsOptional()
  heldOn: string;
  @ApiProperty({ maxLength: 200, example: 'National Board, December 2026' })
  @IsOptional()
  title: string;
}

export class CreateDecisionDto {
  @ApiProperty({
    maxLength: 5000,
    example: 'North West to set out why its reintegration rate fell in the autumn term.',
  })
  @IsOptional()
  text: string;
  @ApiProperty({ enum: DECISION_KINDS, example: 'action' })
  @IsOptional()
  kind: string;
  @ApiProperty({ maxLength: 200, description: 'A name or a role', example: 'North West partnership lead' })
  @IsOptional()
  owner: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'An action’s due date (required for an action, on or after the meeting; none for a decision)',
    example: '2027-01-12',
  })
  @IsOptional()
  dueOn?: string;
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The partnerships it concerns: each must have published a release; each receives it',
    example: ['4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f607182'],
  })
  @IsOptional()
  partnershipIds?: string[];
}

export class ChangeActionDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES, example: 'done' })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'A new due date, on or after the meeting',
    example: '2027-02-02',
  })
  @IsOptional()
  dueOn?: string;
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class DecisionsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only open actions', example: 'true' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only open actions past their due date',
    example: 'false',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: string;
}
