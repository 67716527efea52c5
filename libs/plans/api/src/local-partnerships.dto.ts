import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTENDANCE_VALUES, MEETING_STATUSES, MEMBER_KINDS } from '@rep-hub/plans-domain';
import { IsOptional } from 'class-validator';

/**
 * Bodies of the local partnership routes. The service checks every field (type, form, length,
 * dates between 2000 and 2099, the records it names) and names each bad one; these classes
 * declare the fields (unknown ones are refused) and document them.
 */
const KINDS = MEMBER_KINDS.map((k) => k.code);

export class CreateLocalPartnershipDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A local authority of this partnership with no local partnership yet',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  laId: string;
  @ApiProperty({ maxLength: 200, example: 'Manchester SEND and AP partnership' })
  @IsOptional()
  name: string;
}

export class UpdateLocalPartnershipDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Manchester SEND and AP partnership' })
  @IsOptional()
  name?: string;
  @ApiPropertyOptional({
    maxLength: 50000,
    description: 'The terms of reference in the safe formatting subset (replaces the whole document)',
    example: 'The partnership agrees the local inclusion plan.\n\nIt meets each half term.',
  })
  @IsOptional()
  termsOfReference?: string;
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class MemberBodyDto {
  @ApiProperty({ enum: KINDS, example: 'icb' })
  @IsOptional()
  kind: string;
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Needed unless organisationId is given (then it defaults to its name)',
    example: 'NHS Greater Manchester ICB',
  })
  @IsOptional()
  name?: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'Its organisation in REP Hub, when it has one',
    example: null,
    nullable: true,
  })
  @IsOptional()
  organisationId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-09-01', nullable: true })
  @IsOptional()
  joinedOn?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'When it left (on or after joinedOn)',
    example: null,
    nullable: true,
  })
  @IsOptional()
  leftOn?: string | null;
}

export class UpdateMemberDto extends MemberBodyDto {
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class RepresentativeBodyDto {
  @ApiProperty({ maxLength: 200, example: 'Sam Okafor' })
  @IsOptional()
  fullName: string;
  @ApiPropertyOptional({ type: String, maxLength: 200, example: 'Head of SEND', nullable: true })
  @IsOptional()
  roleTitle?: string | null;
  @ApiPropertyOptional({
    type: String,
    maxLength: 254,
    description: 'Work email',
    example: 'sam.okafor@example.gov.uk',
    nullable: true,
  })
  @IsOptional()
  email?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'Their REP Hub user (a user of this partnership)',
    example: null,
    nullable: true,
  })
  @IsOptional()
  userId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-09-01', nullable: true })
  @IsOptional()
  fromOn?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'When they stopped (kept for six years after, then deleted)',
    example: null,
    nullable: true,
  })
  @IsOptional()
  toOn?: string | null;
}

export class UpdateRepresentativeDto extends RepresentativeBodyDto {
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class MeetingBodyDto {
  @ApiProperty({ maxLength: 200, example: 'Spring partnership board' })
  @IsOptional()
  title: string;
  @ApiProperty({ format: 'date', description: 'Its date (today or earlier when held)', example: '2027-03-11' })
  @IsOptional()
  heldOn: string;
  @ApiPropertyOptional({ enum: MEETING_STATUSES, default: 'planned', example: 'planned' })
  @IsOptional()
  status?: string;
  @ApiPropertyOptional({ maxLength: 50000, example: 'Agenda: sufficiency, the plan’s actions.' })
  @IsOptional()
  notes?: string;
}

export class UpdateMeetingDto extends MeetingBodyDto {
  @ApiProperty({ description: 'The version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid', example: '6c3d4e5f-7081-4c9d-8e1f-2a3b4c5d6e7f' }) representativeId: string;
  @ApiProperty({ enum: ATTENDANCE_VALUES, example: 'attended' }) attendance: string;
}

export class AttendanceBodyDto {
  @ApiProperty({
    type: [AttendanceEntryDto],
    description: 'Every representative recorded (replaces what was recorded)',
    example: [{ representativeId: '6c3d4e5f-7081-4c9d-8e1f-2a3b4c5d6e7f', attendance: 'attended' }],
  })
  @IsOptional()
  entries: AttendanceEntryDto[];
  @ApiProperty({ description: 'The meeting’s version you last read (409 when it has changed)', example: 1 })
  @IsOptional()
  version: number;
}

export class PaperBodyDto {
  @ApiProperty({ maxLength: 200, example: 'Sufficiency review 2026' })
  @IsOptional()
  title: string;
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'An https link (or give a summary)',
    example: 'https://example.gov.uk/papers/sufficiency-2026.pdf',
  })
  @IsOptional()
  url?: string;
  @ApiPropertyOptional({ maxLength: 5000, example: '' })
  @IsOptional()
  summary?: string;
}

export class DecisionBodyDto {
  @ApiProperty({ maxLength: 5000, example: 'Commission ten more tier 2 places from September.' })
  @IsOptional()
  decision: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'The member organisation that owns it',
    example: null,
    nullable: true,
  })
  @IsOptional()
  ownerMemberId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-03-31', nullable: true })
  @IsOptional()
  dueOn?: string | null;
}
