import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PupilContact, PupilMatchOutcome, PupilMatchRecord, PupilMatchView, PupilView } from '@rep-hub/ap-domain';
import { PUPIL_MATCH_OUTCOMES, SAFEGUARDING_FLAGS } from '@rep-hub/ap-domain';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const PUPIL_ID = '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b';

/** A contact of a pupil (sent and answered alike). */
export class PupilContactDto implements PupilContact {
  @ApiProperty({ example: 'Alex Example' }) name: string;
  @ApiProperty({ example: 'Parent' }) relationship: string;
  @ApiPropertyOptional({ example: '0161 496 0000' }) phone?: string;
  @ApiPropertyOptional({ format: 'email', example: 'alex@example.org' }) email?: string;
  @ApiProperty({ example: true }) parentalResponsibility: boolean;
}

export class EhcPlanDto {
  @ApiProperty({ type: String, nullable: true, example: 'J. Caseworker' }) caseworker: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2027-03-01' }) nextAnnualReview: string | null;
}

/** A pupil record. */
export class PupilDto implements PupilView {
  @ApiProperty({ format: 'uuid', example: PUPIL_ID }) id: string;
  @ApiProperty({ description: 'Home local authority', format: 'uuid', example: LA }) laId: string;
  @ApiProperty({
    description: 'The school that recorded the pupil (its own record of the child); null when an LA officer did',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  settingId: string | null;
  @ApiProperty({ description: 'Unique Pupil Number', type: String, nullable: true, example: 'H801200001001' }) upn:
    string | null;
  @ApiProperty({
    description: 'Code list upn-unknown-reasons (now UN1–UN5) when there is no UPN',
    type: String,
    nullable: true,
    example: null,
  })
  upnUnknownReason: string | null;
  @ApiProperty({ example: 'Sam' }) givenName: string;
  @ApiProperty({ example: 'Example' }) familyName: string;
  @ApiProperty({ format: 'date', example: '2013-04-12' }) dateOfBirth: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) currentSchoolId: string | null;
  @ApiProperty({ description: 'E (EHC plan), K (SEN support), N (none)', enum: ['E', 'K', 'N'], example: 'E' })
  senProvision: 'E' | 'K' | 'N';
  @ApiProperty({
    description: 'SEN types, primary first (code list sen-types)',
    type: [String],
    example: ['SEMH', 'SLCN'],
  })
  needs: string[];
  @ApiProperty({ type: EhcPlanDto, nullable: true }) ehcPlan: EhcPlanDto | null;
  @ApiProperty({ example: false }) lookedAfter: boolean;
  @ApiProperty({ example: true }) freeSchoolMeals: boolean;
  @ApiProperty({ description: `Now ${SAFEGUARDING_FLAGS.join(', ')}`, type: [String], example: ['early_help'] })
  safeguardingFlags: string[];
  @ApiProperty({ type: [PupilContactDto] }) contacts: PupilContactDto[];
  @ApiProperty({
    description: 'The record’s version: send it with a change (PATCH); 409 if it has changed since',
    example: 1,
  })
  version: number;
}

export class PupilPageDto {
  @ApiProperty({ type: [PupilDto] }) items: PupilDto[];
  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}

/** One side of a UPN match request. */
export class PupilMatchRecordDto implements PupilMatchRecord {
  @ApiProperty({ format: 'uuid', example: PUPIL_ID }) pupilId: string;
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({
    description: 'false when the record is another LA’s and not shared with yours: only its LA is shown',
    example: true,
  })
  shared: boolean;
  @ApiProperty({
    description: 'The school’s or LA’s name (null when not shared)',
    type: String,
    nullable: true,
    example: 'Manchester',
  })
  recordedBy: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) settingId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'H801200001001' }) upn: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sam' }) givenName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Example' }) familyName: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2013-04-12' }) dateOfBirth: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) currentSchoolId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) currentSchoolName: string | null;
}

export class PupilMatchDto implements PupilMatchView {
  @ApiProperty({ format: 'uuid', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' }) id: string;
  @ApiProperty({ enum: ['open', ...PUPIL_MATCH_OUTCOMES], example: 'open' }) status: 'open' | PupilMatchOutcome;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:30:00.000Z' }) createdAt: string;
  @ApiProperty({
    description: 'school_record: a school of your LA recorded a child your LA holds; other_la: another LA recorded it',
    enum: ['school_record', 'other_la'],
    example: 'school_record',
  })
  kind: 'school_record' | 'other_la';
  @ApiProperty({ description: 'The record your LA held first', type: PupilMatchRecordDto }) pupil: PupilMatchRecordDto;
  @ApiProperty({ description: 'The record made later with the same UPN', type: PupilMatchRecordDto })
  other: PupilMatchRecordDto;
}

export class PupilMatchPageDto {
  @ApiProperty({ type: [PupilMatchDto] }) items: PupilMatchDto[];
  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}

export class PupilMatchDecisionDto {
  @ApiProperty({ format: 'uuid', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' }) id: string;
  @ApiProperty({ enum: PUPIL_MATCH_OUTCOMES, example: 'same_child' }) status: PupilMatchOutcome;
}
