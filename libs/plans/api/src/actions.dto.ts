import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_RAGS, ACTION_STATUSES, CURRENT_THEMES, PLAN_SECTIONS } from '@rep-hub/plans-domain';
import { IsOptional } from 'class-validator';

/** Bodies of the plan action routes: the service checks each field and names each bad one. */
export class CreateActionDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The plan the action is of',
    example: '1a2b3c4d-5e6f-4a70-8b91-a2b3c4d5e6f7',
  })
  @IsOptional()
  planId: string;
  @ApiProperty({ maxLength: 300, example: 'Publish the ordinarily available provision guide' })
  @IsOptional()
  title: string;
  @ApiProperty({ enum: PLAN_SECTIONS.map((s) => s.key), example: 'ordinarily_available_provision' })
  @IsOptional()
  sectionKey: string;
  @ApiPropertyOptional({
    enum: CURRENT_THEMES.themes.map((t) => t.code),
    description: `A theme of the provisional list ${CURRENT_THEMES.version}`,
    example: 'ordinarily_available_provision',
    nullable: true,
  })
  @IsOptional()
  themeCode?: string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'An indicator code some module publishes (module.name)',
    example: null,
    nullable: true,
  })
  @IsOptional()
  indicatorCode?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'One of the plan’s LAs, for an LA-specific action',
    example: null,
    nullable: true,
  })
  @IsOptional()
  laId?: string | null;
  @ApiProperty({
    format: 'uuid',
    description: 'The organisation of this partnership that owns it',
    example: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  })
  @IsOptional()
  ownerOrganisationId: string;
  @ApiProperty({ format: 'date', example: '2027-03-31' })
  @IsOptional()
  dueOn: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'not_started', example: 'not_started' })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({ enum: ACTION_RAGS, default: 'green', example: 'green' })
  @IsOptional()
  rag?: string;
  @ApiPropertyOptional({ maxLength: 5000, example: '' })
  @IsOptional()
  progressNote?: string;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES, example: 'in_progress' })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({ enum: ACTION_RAGS, example: 'amber' })
  @IsOptional()
  rag?: string;
  @ApiPropertyOptional({
    maxLength: 5000,
    description: 'What has been done (logged with who and when)',
    example: 'Draft shared with the parent carer forum.',
  })
  @IsOptional()
  progressNote?: string;
  @ApiPropertyOptional({
    maxLength: 300,
    description: 'Lead and the plan’s LA officers only',
    example: 'Publish the ordinarily available provision guide',
  })
  @IsOptional()
  title?: string;
  @ApiPropertyOptional({
    enum: PLAN_SECTIONS.map((s) => s.key),
    description: 'Lead and the plan’s LA officers only',
    example: 'ordinarily_available_provision',
  })
  @IsOptional()
  sectionKey?: string;
  @ApiPropertyOptional({
    type: String,
    description: 'Lead and the plan’s LA officers only',
    nullable: true,
    example: null,
  })
  @IsOptional()
  themeCode?: string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'Lead and the plan’s LA officers only',
    nullable: true,
    example: null,
  })
  @IsOptional()
  indicatorCode?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'Lead and the plan’s LA officers only',
    nullable: true,
    example: null,
  })
  @IsOptional()
  laId?: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Lead and the plan’s LA officers only',
    example: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  })
  @IsOptional()
  ownerOrganisationId?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Lead and the plan’s LA officers only', example: '2027-03-31' })
  @IsOptional()
  dueOn?: string;
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}
