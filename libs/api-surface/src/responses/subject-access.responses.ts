import { ApiProperty } from '@nestjs/swagger';
import type { PersonCandidate, PersonSearch, SubjectAccessDraft } from '@rep-hub/contracts';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const USER = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** An adult's record of your own LA that may be the requester's. */
export class PersonCandidateDto implements PersonCandidate {
  @ApiProperty({ format: 'uuid', example: '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d' }) id: string;
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ example: 'Jo Example' }) fullName: string;
  @ApiProperty({ example: 'jo.example@school.example' }) workEmail: string;
  @ApiProperty({
    description: 'What kind of record it is (the module that keeps it says)',
    example: 'A training record',
  })
  description: string;
}

export class PersonOtherLaDto {
  @ApiProperty({ format: 'uuid', example: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
}

export class PersonCandidatesDto implements PersonSearch {
  @ApiProperty({ description: 'Records of your own LA', type: [PersonCandidateDto] }) items: PersonCandidateDto[];
  @ApiProperty({
    description:
      'Other LAs of the partnership that hold a matching record: each controls its own, so the requester asks that LA (nothing of the record is shown)',
    type: [PersonOtherLaDto],
    example: [],
  })
  heldByOtherLas: PersonOtherLaDto[];
}

export class DraftUserDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: USER }) userId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dee Protection' }) name: string | null;
}

export class DraftGeneratorDto {
  @ApiProperty({ format: 'uuid', example: USER }) userId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dee Protection' }) name: string | null;
}

export class DraftControllerDto {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) name: string;
}

export class DraftSharingPartyDto {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
}

export class DraftSharingDto {
  @ApiProperty({ format: 'uuid', example: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f' }) agreementId: string;
  @ApiProperty({ example: 'Manchester and Trafford sharing' }) title: string;
  @ApiProperty({ enum: ['partnership_view', 'named_pupils'], isArray: true, example: ['partnership_view'] })
  grants: string[];
  @ApiProperty({ format: 'date', example: '2026-09-01' }) startsOn: string;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) endsOn: string | null;
  @ApiProperty({ type: [DraftSharingPartyDto] }) otherParties: DraftSharingPartyDto[];
}

export class DraftAuditEntryDto {
  @ApiProperty({ format: 'date-time', example: '2026-09-03T10:00:00.000Z' }) at: string;
  @ApiProperty({ type: DraftUserDto }) actor: DraftUserDto;
  @ApiProperty({ example: 'subject_access.export' }) action: string;
  @ApiProperty({ example: 'Person' }) subjectType: string;
  @ApiProperty({ type: [String], example: ['3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d'] }) records: string[];
}

/**
 * Everything held about one adult: a draft for redaction. The core writes these members; each
 * module that keeps records about adults adds its sections (by key, each a record or a list of
 * records) between `sharing` and `auditTrail`.
 */
export class PersonDraftDto implements SubjectAccessDraft {
  [section: string]: unknown;
  @ApiProperty({ enum: ['draft_for_redaction'], example: 'draft_for_redaction' }) status: 'draft_for_redaction';
  @ApiProperty({ example: 'DRAFT for redaction: not for release. …' }) notice: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' }) generatedAt: string;
  @ApiProperty({ type: DraftGeneratorDto }) generatedBy: DraftGeneratorDto;
  @ApiProperty({
    description: 'The LA that controls the record (an employee’s employing LA)',
    type: DraftControllerDto,
  })
  controller: DraftControllerDto;
  @ApiProperty({
    description: 'The data-sharing agreements in force that the controller is party to',
    type: [DraftSharingDto],
  })
  sharing: DraftSharingDto[];
  @ApiProperty({ description: 'Who viewed or changed the person’s records, and when', type: [DraftAuditEntryDto] })
  auditTrail: DraftAuditEntryDto[];
}
