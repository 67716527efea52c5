import { ApiProperty } from '@nestjs/swagger';
import {
  ENROLMENT_STATUSES,
  INTAKE_TERMS,
  MILESTONES,
  PARTICIPANT_ROLES,
  SETTING_KINDS,
} from '@rep-hub/workforce-domain';
import type {
  AllocationView,
  CohortSummary,
  CohortView,
  EnrolmentEventView,
  EnrolmentStatus,
  EnrolmentSummary,
  EnrolmentView,
  Milestone,
  MilestoneView,
  ParticipantRole,
  ParticipantView,
  ProgrammeView,
  SettingKind,
} from '@rep-hub/workforce-domain';
import { WEX } from './workforce.dto';

export class WorkforceProgrammeDto implements ProgrammeView {
  @ApiProperty({ format: 'uuid', example: WEX.programme }) id: string;
  @ApiProperty({ example: 'npq_senco' }) code: string;
  @ApiProperty({ description: 'A national programme (reference data) or the partnership’s own', example: true })
  national: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The national list’s version it was taken from',
    example: '2024-09',
  })
  referenceVersion: string | null;
  @ApiProperty({ example: 'NPQ for SENCOs' }) name: string;
  @ApiProperty({ example: 'The mandatory SENCO qualification from 1 September 2024.' }) description: string;
  @ApiProperty({ enum: MILESTONES, isArray: true, example: ['started', 'retained', 'completed', 'assessed'] })
  milestones: Milestone[];
  @ApiProperty({ example: 'Funded places; qualify within three years of taking up the post.' }) fundingNote: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 36 }) qualificationWindowMonths: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) tieInMonths: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) tieInFromIntakeYear: number | null;
  @ApiProperty({ example: 1 }) version: number;
}

export const PROGRAMME_EXAMPLE: WorkforceProgrammeDto = {
  id: WEX.programme,
  code: 'npq_senco',
  national: true,
  referenceVersion: '2024-09',
  name: 'NPQ for SENCOs',
  description: 'The mandatory SENCO qualification from 1 September 2024.',
  milestones: ['started', 'retained', 'completed', 'assessed'],
  fundingNote: 'Funded places; qualify within three years of taking up the post.',
  qualificationWindowMonths: 36,
  tieInMonths: null,
  tieInFromIntakeYear: null,
  version: 1,
};

export class WorkforceProgrammeListDto {
  @ApiProperty({ type: [WorkforceProgrammeDto] }) items: WorkforceProgrammeDto[];
}

export class WorkforceAllocationDto implements AllocationView {
  @ApiProperty({ format: 'uuid', example: WEX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ example: 8 }) places: number;
  @ApiProperty({ example: 3 }) placesFilled: number;
}

export class WorkforceCohortSummaryDto implements CohortSummary {
  @ApiProperty({ format: 'uuid', example: WEX.cohort }) id: string;
  @ApiProperty({ example: 'NPQ for SENCOs, autumn 2026' }) name: string;
  @ApiProperty({ format: 'uuid', example: WEX.programme }) programmeId: string;
  @ApiProperty({ example: 'NPQ for SENCOs' }) programmeName: string;
  @ApiProperty({ format: 'uuid', example: WEX.provider }) providerId: string;
  @ApiProperty({ example: 'North West SEND Training Hub' }) providerName: string;
  @ApiProperty({ example: 2026 }) intakeYear: number;
  @ApiProperty({ enum: INTAKE_TERMS, example: 'autumn' }) intakeTerm: (typeof INTAKE_TERMS)[number];
  @ApiProperty({ format: 'date', example: '2026-10-05' }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2028-06-30' }) endsOn: string;
  @ApiProperty({ example: 20 }) fundedPlaces: number;
  @ApiProperty({ description: 'Given to LAs', example: 16 }) placesAllocated: number;
  @ApiProperty({ description: 'Held by enrolments (enrolled and after, not withdrawn)', example: 3 })
  placesFilled: number;
  @ApiProperty({ example: 2 }) version: number;
}

export const COHORT_SUMMARY_EXAMPLE: WorkforceCohortSummaryDto = {
  id: WEX.cohort,
  name: 'NPQ for SENCOs, autumn 2026',
  programmeId: WEX.programme,
  programmeName: 'NPQ for SENCOs',
  providerId: WEX.provider,
  providerName: 'North West SEND Training Hub',
  intakeYear: 2026,
  intakeTerm: 'autumn',
  startsOn: '2026-10-05',
  endsOn: '2028-06-30',
  fundedPlaces: 20,
  placesAllocated: 16,
  placesFilled: 3,
  version: 2,
};

export class WorkforceCohortListDto {
  @ApiProperty({ type: [WorkforceCohortSummaryDto] }) items: WorkforceCohortSummaryDto[];
}

export class WorkforceCohortDto extends WorkforceCohortSummaryDto implements CohortView {
  @ApiProperty({ type: [WorkforceAllocationDto], description: 'The LAs’ places the caller may read' })
  allocations: WorkforceAllocationDto[];
}

export const COHORT_EXAMPLE: WorkforceCohortDto = {
  ...COHORT_SUMMARY_EXAMPLE,
  allocations: [{ laId: WEX.la, laName: 'Manchester', places: 8, placesFilled: 3 }],
};

export class WorkforceParticipantDto implements ParticipantView {
  @ApiProperty({ format: 'uuid', example: WEX.participant }) id: string;
  @ApiProperty({ format: 'uuid', example: WEX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ example: 'Amina Shah' }) fullName: string;
  @ApiProperty({ example: 'amina.shah@school.example' }) workEmail: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES, example: 'senco' }) role: ParticipantRole;
  @ApiProperty({ enum: [...SETTING_KINDS, null], nullable: true, example: 'school' }) settingKind: SettingKind | null;
  @ApiProperty({ type: String, nullable: true, example: '123456' }) settingIdentifier: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-09-01' }) tookUpPostOn: string | null;
  @ApiProperty({ example: 1 }) version: number;
}

export const PARTICIPANT_EXAMPLE: WorkforceParticipantDto = {
  id: WEX.participant,
  laId: WEX.la,
  laName: 'Manchester',
  fullName: 'Amina Shah',
  workEmail: 'amina.shah@school.example',
  role: 'senco',
  settingKind: 'school',
  settingIdentifier: '123456',
  tookUpPostOn: '2026-09-01',
  version: 1,
};

export class WorkforceParticipantListDto {
  @ApiProperty({ type: [WorkforceParticipantDto] }) items: WorkforceParticipantDto[];
}

export class WorkforceEnrolmentSummaryDto implements EnrolmentSummary {
  @ApiProperty({ format: 'uuid', example: WEX.enrolment }) id: string;
  @ApiProperty({ format: 'uuid', example: WEX.cohort }) cohortId: string;
  @ApiProperty({ format: 'uuid', example: WEX.participant }) participantId: string;
  @ApiProperty({ example: 'Amina Shah' }) participantName: string;
  @ApiProperty({ format: 'uuid', example: WEX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES, example: 'active' }) status: EnrolmentStatus;
  @ApiProperty({ type: String, nullable: true, example: null }) withdrawalReason: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The end of the qualification window',
    example: '2029-09-01',
  })
  qualificationWindowEndsOn: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The end of the LA employment tie-in',
    example: null,
  })
  tieInEndsOn: string | null;
  @ApiProperty({ example: 3 }) version: number;
}

export const ENROLMENT_SUMMARY_EXAMPLE: WorkforceEnrolmentSummaryDto = {
  id: WEX.enrolment,
  cohortId: WEX.cohort,
  participantId: WEX.participant,
  participantName: 'Amina Shah',
  laId: WEX.la,
  laName: 'Manchester',
  status: 'active',
  withdrawalReason: null,
  qualificationWindowEndsOn: '2029-09-01',
  tieInEndsOn: null,
  version: 3,
};

export class WorkforceEnrolmentListDto {
  @ApiProperty({ type: [WorkforceEnrolmentSummaryDto] }) items: WorkforceEnrolmentSummaryDto[];
}

export class WorkforceMilestoneDto implements MilestoneView {
  @ApiProperty({ enum: MILESTONES, example: 'started' }) milestone: Milestone;
  @ApiProperty({ format: 'date', example: '2026-10-05' }) evidenceOn: string;
  @ApiProperty({ format: 'date-time', example: '2026-10-06T09:12:00Z' }) declaredAt: string;
}

export class WorkforceEnrolmentEventDto implements EnrolmentEventView {
  @ApiProperty({ enum: [...ENROLMENT_STATUSES, null], nullable: true, example: 'enrolled' })
  fromStatus: EnrolmentStatus | null;
  @ApiProperty({ enum: ENROLMENT_STATUSES, example: 'active' }) toStatus: EnrolmentStatus;
  @ApiProperty({ type: String, nullable: true, example: null }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who made the change', example: 'Sam Trainer' })
  actorName: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-05T10:00:00Z' }) at: string;
}

export class WorkforceEnrolmentDto extends WorkforceEnrolmentSummaryDto implements EnrolmentView {
  @ApiProperty({ example: 'NPQ for SENCOs, autumn 2026' }) cohortName: string;
  @ApiProperty({ example: 'NPQ for SENCOs' }) programmeName: string;
  @ApiProperty({
    enum: ENROLMENT_STATUSES,
    isArray: true,
    description: 'The moves the caller may make now',
    example: ['deferred', 'completed', 'withdrawn'],
  })
  allowedMoves: EnrolmentStatus[];
  @ApiProperty({ enum: MILESTONES, isArray: true, example: ['started', 'retained', 'completed', 'assessed'] })
  milestonesExpected: Milestone[];
  @ApiProperty({ type: [WorkforceMilestoneDto] }) milestones: WorkforceMilestoneDto[];
  @ApiProperty({ type: [WorkforceEnrolmentEventDto], description: 'Every change of status, oldest first' })
  history: WorkforceEnrolmentEventDto[];
}

export const ENROLMENT_EXAMPLE: WorkforceEnrolmentDto = {
  ...ENROLMENT_SUMMARY_EXAMPLE,
  cohortName: 'NPQ for SENCOs, autumn 2026',
  programmeName: 'NPQ for SENCOs',
  allowedMoves: ['deferred', 'completed', 'withdrawn'],
  milestonesExpected: ['started', 'retained', 'completed', 'assessed'],
  milestones: [{ milestone: 'started', evidenceOn: '2026-10-05', declaredAt: '2026-10-06T09:12:00Z' }],
  history: [
    { fromStatus: null, toStatus: 'applied', reason: null, actorName: 'Sam Trainer', at: '2026-09-20T10:00:00Z' },
    { fromStatus: 'applied', toStatus: 'enrolled', reason: null, actorName: 'Sam Trainer', at: '2026-09-28T10:00:00Z' },
    { fromStatus: 'enrolled', toStatus: 'active', reason: null, actorName: 'Sam Trainer', at: '2026-10-05T10:00:00Z' },
  ],
};
