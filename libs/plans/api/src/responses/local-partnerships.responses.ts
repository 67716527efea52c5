import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_VALUES, MEETING_STATUSES, MEMBER_KINDS } from '@rep-hub/plans-domain';
import type {
  Attendance,
  AttendanceView,
  DecisionView,
  LocalPartnershipDetail,
  LocalPartnershipSummary,
  MeetingDetail,
  MeetingStatus,
  MeetingSummary,
  MemberKind,
  MemberView,
  PaperView,
  RepresentativeView,
} from '@rep-hub/plans-domain';

export const EX = {
  lp: '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  la: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  member: '5b2c3d4e-6f70-4b8c-9d0e-1f2a3b4c5d6e',
  rep: '6c3d4e5f-7081-4c9d-8e1f-2a3b4c5d6e7f',
  meeting: '7d4e5f60-8192-4dae-9f20-3b4c5d6e7f80',
  paper: '8e5f6071-92a3-4ebf-8031-4c5d6e7f8091',
  decision: '9f607182-a3b4-4fc0-9142-5d6e7f8091a2',
  org: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
};
const KINDS = MEMBER_KINDS.map((k) => k.code);

export class LocalPartnershipSummaryDto implements LocalPartnershipSummary {
  @ApiProperty({ format: 'uuid', example: EX.lp }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The local authority whose local partnership this is', example: EX.la })
  laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ example: 'Manchester SEND and AP partnership' }) name: string;
  @ApiProperty({ description: 'Member organisations that have not left', example: 7 }) memberCount: number;
  @ApiProperty({
    format: 'date',
    type: String,
    nullable: true,
    description: 'The next planned meeting',
    example: '2027-01-14',
  })
  nextMeetingOn: string | null;
  @ApiProperty({ description: 'Optimistic-concurrency counter: send it back with a change', example: 3 })
  version: number;
}

export class LocalPartnershipListDto {
  @ApiProperty({ type: [LocalPartnershipSummaryDto] }) items: LocalPartnershipSummaryDto[];
}

export class RepresentativeDto implements RepresentativeView {
  @ApiProperty({ format: 'uuid', example: EX.rep }) id: string;
  @ApiProperty({ format: 'uuid', example: EX.member }) memberId: string;
  @ApiProperty({ example: 'Sam Okafor' }) fullName: string;
  @ApiProperty({ type: String, nullable: true, example: 'Head of SEND' }) roleTitle: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Work email', example: 'sam.okafor@example.gov.uk' })
  email: string | null;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Their REP Hub user, when they have one',
    example: null,
  })
  userId: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2026-09-01' }) fromOn: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) toOn: string | null;
  @ApiProperty({ example: 1 }) version: number;
}

export class MemberDto implements MemberView {
  @ApiProperty({ format: 'uuid', example: EX.member }) id: string;
  @ApiProperty({ enum: KINDS, example: 'icb' }) kind: MemberKind;
  @ApiProperty({ example: 'NHS Greater Manchester ICB' }) name: string;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Its organisation in REP Hub, when it has one',
    example: null,
  })
  organisationId: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2026-09-01' }) joinedOn: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) leftOn: string | null;
  @ApiProperty({ description: 'Not left as of today', example: true }) current: boolean;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: [RepresentativeDto] }) representatives: RepresentativeDto[];
}

export class MeetingSummaryDto implements MeetingSummary {
  @ApiProperty({ format: 'uuid', example: EX.meeting }) id: string;
  @ApiProperty({ example: 'Autumn partnership board' }) title: string;
  @ApiProperty({ format: 'date', example: '2026-11-12' }) heldOn: string;
  @ApiProperty({ enum: MEETING_STATUSES, example: 'held' }) status: MeetingStatus;
  @ApiProperty({ example: 2 }) version: number;
}

export class LocalPartnershipDto implements LocalPartnershipDetail {
  @ApiProperty({ format: 'uuid', example: EX.lp }) id: string;
  @ApiProperty({ format: 'uuid', example: EX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ example: 'Manchester SEND and AP partnership' }) name: string;
  @ApiProperty({
    description:
      'The terms of reference, in the safe formatting subset (plain text; paragraphs separated by a blank line)',
    example: 'The partnership agrees the local inclusion plan.\n\nIt meets each half term.',
  })
  termsOfReference: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-11-12T10:00:00Z' })
  termsUpdatedAt: string | null;
  @ApiProperty({ example: 3 }) version: number;
  @ApiProperty({ type: [MemberDto] }) members: MemberDto[];
  @ApiProperty({ type: [MeetingSummaryDto] }) meetings: MeetingSummaryDto[];
}

export class AttendanceDto implements AttendanceView {
  @ApiProperty({ format: 'uuid', example: EX.rep }) representativeId: string;
  @ApiProperty({ example: 'Sam Okafor' }) fullName: string;
  @ApiProperty({ example: 'NHS Greater Manchester ICB' }) memberName: string;
  @ApiProperty({ enum: ATTENDANCE_VALUES, example: 'attended' }) attendance: Attendance;
}

export class PaperDto implements PaperView {
  @ApiProperty({ format: 'uuid', example: EX.paper }) id: string;
  @ApiProperty({ example: 'Sufficiency review 2026' }) title: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'An https link',
    example: 'https://example.gov.uk/papers/sufficiency-2026.pdf',
  })
  url: string | null;
  @ApiProperty({ description: 'A summary (when there is no link, or as well)', example: '' }) summary: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-12T10:00:00Z' }) createdAt: string;
}

export class DecisionDto implements DecisionView {
  @ApiProperty({ format: 'uuid', example: EX.decision }) id: string;
  @ApiProperty({ example: 'Commission ten more tier 2 places from September.' }) decision: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: EX.member }) ownerMemberId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'NHS Greater Manchester ICB' }) ownerMemberName: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2027-03-31' }) dueOn: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-12T10:00:00Z' }) createdAt: string;
}

export class MeetingDto extends MeetingSummaryDto implements MeetingDetail {
  @ApiProperty({ format: 'uuid', example: EX.lp }) localPartnershipId: string;
  @ApiProperty({ format: 'uuid', example: EX.la }) laId: string;
  @ApiProperty({ description: 'Notes (safe formatting subset)', example: '' }) notes: string;
  @ApiProperty({ type: [AttendanceDto] }) attendance: AttendanceDto[];
  @ApiProperty({ type: [PaperDto] }) papers: PaperDto[];
  @ApiProperty({ type: [DecisionDto] }) decisions: DecisionDto[];
}

export const REPRESENTATIVE_EXAMPLE = {
  id: EX.rep,
  memberId: EX.member,
  fullName: 'Sam Okafor',
  roleTitle: 'Head of SEND',
  email: 'sam.okafor@example.gov.uk',
  userId: null,
  fromOn: '2026-09-01',
  toOn: null,
  version: 1,
};
export const MEMBER_EXAMPLE = {
  id: EX.member,
  kind: 'icb',
  name: 'NHS Greater Manchester ICB',
  organisationId: null,
  joinedOn: '2026-09-01',
  leftOn: null,
  current: true,
  version: 1,
  representatives: [REPRESENTATIVE_EXAMPLE],
};
export const LP_EXAMPLE = {
  id: EX.lp,
  laId: EX.la,
  laName: 'Manchester',
  name: 'Manchester SEND and AP partnership',
  termsOfReference: 'The partnership agrees the local inclusion plan.\n\nIt meets each half term.',
  termsUpdatedAt: '2026-11-12T10:00:00Z',
  version: 3,
  members: [MEMBER_EXAMPLE],
  meetings: [{ id: EX.meeting, title: 'Autumn partnership board', heldOn: '2026-11-12', status: 'held', version: 2 }],
};
export const PAPER_EXAMPLE = {
  id: EX.paper,
  title: 'Sufficiency review 2026',
  url: 'https://example.gov.uk/papers/sufficiency-2026.pdf',
  summary: '',
  createdAt: '2026-11-12T10:00:00Z',
};
export const DECISION_EXAMPLE = {
  id: EX.decision,
  decision: 'Commission ten more tier 2 places from September.',
  ownerMemberId: EX.member,
  ownerMemberName: 'NHS Greater Manchester ICB',
  dueOn: '2027-03-31',
  createdAt: '2026-11-12T10:00:00Z',
};
export const MEETING_EXAMPLE = {
  id: EX.meeting,
  localPartnershipId: EX.lp,
  laId: EX.la,
  title: 'Autumn partnership board',
  heldOn: '2026-11-12',
  status: 'held',
  notes: '',
  version: 2,
  attendance: [
    {
      representativeId: EX.rep,
      fullName: 'Sam Okafor',
      memberName: 'NHS Greater Manchester ICB',
      attendance: 'attended',
    },
  ],
  papers: [PAPER_EXAMPLE],
  decisions: [DECISION_EXAMPLE],
};
