import { ApiProperty } from '@nestjs/swagger';
import type {
  LaRetentionView,
  RetentionRuleView,
  SubjectAccessCandidate,
  SubjectAccessExport,
  SubjectAccessSearch,
} from '@rep-hub/ap-domain';
import type { ApRetentionRecordType, RetentionAction } from '@rep-hub/reference';
import { AP_RETENTION_RECORD_TYPES } from '@rep-hub/reference';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const ACTIONS: RetentionAction[] = ['delete', 'anonymise'];
/** A row of the record, every column, camelCase keys: its columns are the record's, named in the description. */
const ROW = { type: 'object', additionalProperties: true } as const;

/** A pupil record that may be the requester's. */
export class SubjectAccessCandidateDto implements SubjectAccessCandidate {
  @ApiProperty({ format: 'uuid', example: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b' }) id: string;
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ description: 'Who recorded it: the school’s name, or the LA’s', example: 'Trafford' })
  recordedBy: string;
  @ApiProperty({ example: 'Sam' }) givenName: string;
  @ApiProperty({ example: 'Example' }) familyName: string;
  @ApiProperty({ format: 'date', example: '2013-04-12' }) dateOfBirth: string;
  @ApiProperty({ type: String, nullable: true, example: 'H801200001001' }) upn: string | null;
}

export class OtherLaHoldingDto {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
}

export class SubjectAccessCandidatesDto implements SubjectAccessSearch {
  @ApiProperty({ description: 'Records of your own LA', type: [SubjectAccessCandidateDto] })
  items: SubjectAccessCandidateDto[];
  @ApiProperty({
    description:
      'Other LAs of the partnership that hold a matching record: each controls its own, so the requester asks that LA (nothing of the record is shown)',
    type: [OtherLaHoldingDto],
    example: [],
  })
  heldByOtherLas: OtherLaHoldingDto[];
}

export class SubjectAccessUserDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' })
  userId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dee Protection' }) name: string | null;
}

export class SubjectAccessGeneratorDto {
  @ApiProperty({ format: 'uuid', example: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }) userId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dee Protection' }) name: string | null;
}

export class DataControllerDto {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) name: string;
}

export class SubjectAccessMatchDto {
  @ApiProperty({ format: 'uuid', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' }) id: string;
  @ApiProperty({ description: 'open, same_child or different_children', example: 'same_child' }) status: string;
  @ApiProperty({ format: 'date-time', example: '2026-09-02T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ enum: ['the_record_held_first', 'the_later_record'], example: 'the_record_held_first' }) thisRecordIs:
    'the_record_held_first' | 'the_later_record';
}

/** A case: every column of its record (these and more), with what hangs off it. */
export class SubjectAccessCaseDto {
  [column: string]: unknown;
  @ApiProperty({ required: false, format: 'uuid', example: '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b' }) id?: string;
  @ApiProperty({ required: false, example: 'AP-000042' }) reference?: string;
  @ApiProperty({ required: false, format: 'uuid', example: LA }) laId?: string;
  @ApiProperty({ required: false, example: 'Trafford' }) laName?: string;
  @ApiProperty({ required: false, format: 'uuid', example: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b' }) pupilId?: string;
  @ApiProperty({ required: false, example: 'la_commission' }) route?: string;
  @ApiProperty({ required: false, example: 'placement_active' }) status?: string;
  @ApiProperty({ required: false, example: 'medical_needs' }) reason?: string;
  @ApiProperty({ required: false, example: 'Parents support a short placement.' }) familyViews?: string;
  @ApiProperty({ required: false, example: 'Sam would like smaller classes.' }) childViews?: string;
  @ApiProperty({ required: false, type: String, nullable: true, example: null }) settingName?: string | null;
  @ApiProperty({ required: false, type: String, nullable: true, example: 'Irwell Learning Centre' }) providerName?:
    string | null;
  @ApiProperty({ description: 'Each entry of the case timeline', type: 'array', items: ROW }) timeline: Record<
    string,
    unknown
  >[];
  @ApiProperty({ ...ROW, nullable: true }) placement: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: ROW }) reviews: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: ROW }) followUps: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: ROW }) alerts: Record<string, unknown>[];
}

export class SubjectAccessAuditEntryDto {
  @ApiProperty({ format: 'date-time', example: '2026-09-03T10:00:00.000Z' }) at: string;
  @ApiProperty({ type: SubjectAccessUserDto }) actor: SubjectAccessUserDto;
  @ApiProperty({ example: 'ap_case.read' }) action: string;
  @ApiProperty({ example: 'ApCase' }) subjectType: string;
  @ApiProperty({ type: [String], example: ['7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b'] }) records: string[];
}

/** Everything held about one pupil: a draft for redaction. */
export class SharingPartyDto {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
}

export class SubjectAccessSharingDto {
  @ApiProperty({ format: 'uuid', example: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f' }) agreementId: string;
  @ApiProperty({ example: 'Manchester and Trafford AP sharing' }) title: string;
  @ApiProperty({ enum: ['partnership_view', 'named_pupils'], isArray: true, example: ['named_pupils'] })
  grants: string[];
  @ApiProperty({ format: 'date', example: '2026-09-01' }) startsOn: string;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) endsOn: string | null;
  @ApiProperty({ type: [SharingPartyDto], example: [{ laId: LA, name: 'Manchester' }] })
  otherParties: SharingPartyDto[];
}

export class SubjectAccessExportDto implements SubjectAccessExport {
  /** Any other module's sections of the draft (the core composes every module's contributor). */
  [section: string]: unknown;
  @ApiProperty({ enum: ['draft_for_redaction'], example: 'draft_for_redaction' }) status: 'draft_for_redaction';
  @ApiProperty({ example: 'DRAFT for redaction: not for release. …' }) notice: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' }) generatedAt: string;
  @ApiProperty({ type: SubjectAccessGeneratorDto }) generatedBy: SubjectAccessGeneratorDto;
  @ApiProperty({ description: 'The pupil’s home LA: the data controller', type: DataControllerDto })
  controller: DataControllerDto;
  @ApiProperty({
    description:
      'The data-sharing agreements in force under which the controller’s records are shared with other LAs of the partnership (and theirs with it): records another party holds are that LA’s to answer for',
    type: [SubjectAccessSharingDto],
  })
  sharing: SubjectAccessSharingDto[];
  @ApiProperty({
    description: 'Every column of the pupil’s record, with the names of the organisations it points to',
    ...ROW,
  })
  pupil: Record<string, unknown>;
  @ApiProperty({ type: [SubjectAccessMatchDto] }) matchRequests: SubjectAccessMatchDto[];
  @ApiProperty({
    description: 'Every case: its columns, with its timeline, placement, reviews, follow-ups and alerts',
    type: [SubjectAccessCaseDto],
  })
  cases: SubjectAccessCaseDto[];
  @ApiProperty({ description: 'Every attendance session of the pupil’s placements', type: 'array', items: ROW })
  attendance: Record<string, unknown>[];
  @ApiProperty({
    description: 'Who viewed or changed the pupil’s records, and when',
    type: [SubjectAccessAuditEntryDto],
  })
  auditTrail: SubjectAccessAuditEntryDto[];
}

/** One record type's retention rule for an LA. */
export class RetentionRuleViewDto implements RetentionRuleView {
  @ApiProperty({ enum: AP_RETENTION_RECORD_TYPES, example: 'attendance' }) recordType: ApRetentionRecordType;
  @ApiProperty({ example: 'Attendance sessions' }) label: string;
  @ApiProperty({ example: 36 }) retainMonths: number;
  @ApiProperty({ enum: ACTIONS, example: 'delete' }) action: RetentionAction;
  @ApiProperty({
    description: 'default: the partnership’s reference default; la: the LA’s own rule',
    enum: ['default', 'la'],
    example: 'default',
  })
  source: 'default' | 'la';
  @ApiProperty({ description: 'What the period runs from', example: 'the session date' }) from: string;
  @ApiProperty({ enum: ACTIONS, isArray: true, example: ['delete'] }) allowedActions: readonly RetentionAction[];
  @ApiProperty({ example: 36 }) defaultMonths: number;
  @ApiProperty({ enum: ACTIONS, example: 'delete' }) defaultAction: RetentionAction;
  @ApiProperty({ example: 'Attendance is kept for three years after the session.' }) rationale: string;
  @ApiProperty({ description: 'true while the default awaits the partnership’s confirmation', example: true })
  provisional: boolean;
  @ApiProperty({
    description: 'The LA’s rule version (0 while it uses the default); send it back with PUT',
    example: 0,
  })
  version: number;
}

export class LaRetentionDto implements LaRetentionView {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ type: [RetentionRuleViewDto] }) rules: RetentionRuleViewDto[];
}

export class LaRetentionListDto {
  @ApiProperty({ type: [LaRetentionDto] }) items: LaRetentionDto[];
}
