import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AllocationInput,
  CohortInput,
  ENROLMENT_STATUSES,
  EnrolmentInput,
  INTAKE_TERMS,
  MILESTONES,
  MilestoneInput,
  PARTICIPANT_ROLES,
  ParticipantInput,
  ProgrammeInput,
  SETTING_KINDS,
  TransitionInput,
} from '@rep-hub/workforce-domain';
import { IsInt, IsOptional } from 'class-validator';

/** The example ids of the module's OpenAPI document. */
export const WEX = {
  programme: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  cohort: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  provider: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  la: '4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80',
  participant: '5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091',
  enrolment: '6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2',
};

/** A local programme (the workforce lead): the rules of ProgrammeInput, described for OpenAPI. */
export class WorkforceCreateProgrammeDto extends ProgrammeInput {}
ApiProperty({ maxLength: 200, example: 'Autism awareness for teaching assistants' })(
  WorkforceCreateProgrammeDto.prototype,
  'name',
);
ApiPropertyOptional({ maxLength: 2000, example: 'Six half-day sessions run by the partnership’s outreach team.' })(
  WorkforceCreateProgrammeDto.prototype,
  'description',
);
ApiProperty({ enum: MILESTONES, isArray: true, example: ['started', 'completed'] })(
  WorkforceCreateProgrammeDto.prototype,
  'milestones',
);
ApiPropertyOptional({ maxLength: 2000, example: 'Funded by the partnership’s Change Programme grant.' })(
  WorkforceCreateProgrammeDto.prototype,
  'fundingNote',
);
ApiPropertyOptional({
  type: 'integer',
  minimum: 1,
  maximum: 120,
  description: 'Months to qualify from taking up the post',
  example: 36,
})(WorkforceCreateProgrammeDto.prototype, 'qualificationWindowMonths');
ApiPropertyOptional({
  type: 'integer',
  minimum: 1,
  maximum: 120,
  description: 'Months of LA employment after training',
  example: 24,
})(WorkforceCreateProgrammeDto.prototype, 'tieInMonths');

export class WorkforceCreateCohortDto extends CohortInput {}
ApiProperty({ format: 'uuid', example: WEX.programme })(WorkforceCreateCohortDto.prototype, 'programmeId');
ApiProperty({
  format: 'uuid',
  description: 'A training provider organisation of the partnership',
  example: WEX.provider,
})(WorkforceCreateCohortDto.prototype, 'providerId');
ApiProperty({ maxLength: 200, example: 'NPQ for SENCOs, autumn 2026' })(WorkforceCreateCohortDto.prototype, 'name');
ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })(
  WorkforceCreateCohortDto.prototype,
  'intakeYear',
);
ApiProperty({ enum: INTAKE_TERMS, example: 'autumn' })(WorkforceCreateCohortDto.prototype, 'intakeTerm');
ApiProperty({ format: 'date', example: '2026-10-05' })(WorkforceCreateCohortDto.prototype, 'startsOn');
ApiProperty({ format: 'date', description: 'After startsOn', example: '2028-06-30' })(
  WorkforceCreateCohortDto.prototype,
  'endsOn',
);
ApiProperty({ type: 'integer', minimum: 0, maximum: 100000, example: 20 })(
  WorkforceCreateCohortDto.prototype,
  'fundedPlaces',
);

export class WorkforceSetAllocationDto extends AllocationInput {}
ApiProperty({
  type: 'integer',
  minimum: 0,
  maximum: 100000,
  description:
    'The LA’s funded places in the cohort; all LAs’ together at most the cohort’s, and never fewer than filled (409)',
  example: 8,
})(WorkforceSetAllocationDto.prototype, 'places');

export class WorkforceCreateParticipantDto extends ParticipantInput {}
ApiProperty({ format: 'uuid', description: 'The employing local authority', example: WEX.la })(
  WorkforceCreateParticipantDto.prototype,
  'laId',
);
ApiProperty({ maxLength: 200, example: 'Amina Shah' })(WorkforceCreateParticipantDto.prototype, 'fullName');
ApiProperty({ format: 'email', maxLength: 254, example: 'amina.shah@school.example' })(
  WorkforceCreateParticipantDto.prototype,
  'workEmail',
);
ApiProperty({ enum: PARTICIPANT_ROLES, example: 'senco' })(WorkforceCreateParticipantDto.prototype, 'role');
ApiPropertyOptional({
  enum: SETTING_KINDS,
  description: 'school (URN), provider (UKPRN) or early_years (Ofsted URN); none for an LA post',
  example: 'school',
})(WorkforceCreateParticipantDto.prototype, 'settingKind');
ApiPropertyOptional({ description: 'The setting’s URN, UKPRN or Ofsted URN (with settingKind)', example: '123456' })(
  WorkforceCreateParticipantDto.prototype,
  'settingIdentifier',
);
ApiPropertyOptional({
  format: 'date',
  description: 'When they took up the post (starts a qualification window)',
  example: '2026-09-01',
})(WorkforceCreateParticipantDto.prototype, 'tookUpPostOn');

export class WorkforceCreateEnrolmentDto extends EnrolmentInput {}
ApiProperty({ format: 'uuid', description: 'A participant your organisation recorded', example: WEX.participant })(
  WorkforceCreateEnrolmentDto.prototype,
  'participantId',
);

export class WorkforceTransitionDto extends TransitionInput {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'The version you last read (409 when it has changed)',
    example: 1,
  })
  @IsOptional()
  @IsInt({ message: 'version must be the enrolment’s version number' })
  version?: number;
}
ApiProperty({ enum: ENROLMENT_STATUSES, example: 'active' })(WorkforceTransitionDto.prototype, 'status');
ApiPropertyOptional({
  maxLength: 500,
  description: 'Why they withdrew (required for withdrawn)',
  example: 'Left the post',
})(WorkforceTransitionDto.prototype, 'reason');

export class WorkforceRecordMilestoneDto extends MilestoneInput {}
ApiProperty({ enum: MILESTONES, example: 'started' })(WorkforceRecordMilestoneDto.prototype, 'milestone');
ApiProperty({ format: 'date', description: 'The date of the evidence: today or in the past', example: '2026-10-05' })(
  WorkforceRecordMilestoneDto.prototype,
  'evidenceOn',
);
