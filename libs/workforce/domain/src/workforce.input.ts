import { IsCheckedBy, IsFilled, IsRealDate, IsUuid } from '@rep-hub/platform';
import { validateOfstedUrn as ofstedUrn, validateUkprn, validateUrn } from '@rep-hub/reference';
import { IsEmail, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  ENROLMENT_STATUSES,
  INTAKE_TERMS,
  MILESTONES,
  PARTICIPANT_ROLES,
  SETTING_KINDS,
  SettingKind,
} from './workforce.model';

/**
 * The inputs of workforce training, as the API's bodies (which extend them with their OpenAPI
 * descriptions) and the pages' forms (fieldErrorsOf) both check them: one set of rules and
 * messages. The services check them again before they write.
 */

/** An Ofsted URN of an early years setting (the reference validator's rule: EY and 6 digits, or 6 or 7 digits). */
export function validateOfstedUrn(value: string): string | undefined {
  return ofstedUrn(value).valid
    ? undefined
    : 'Enter the Ofsted URN of the early years setting, like EY123456 or 2612345';
}

/** What is wrong with a setting's identifier for its kind, or undefined when it is good. */
export function settingIdentifierProblem(kind: unknown, identifier: unknown): string | undefined {
  const has = typeof identifier === 'string' && identifier.trim() !== '';
  if (kind === undefined || kind === null || kind === '')
    return has ? 'Choose what kind of setting the identifier is for' : undefined;
  if (!has) return 'Enter the setting’s URN, UKPRN or Ofsted URN';
  if (typeof identifier !== 'string') return 'The setting’s identifier must be text';
  const k = kind as SettingKind;
  if (k === 'school') return validateUrn(identifier).valid ? undefined : 'Enter the school’s URN: 6 digits';
  if (k === 'provider')
    return validateUkprn(identifier).valid ? undefined : 'Enter the provider’s UKPRN: 8 digits starting with 1';
  if (k === 'early_years') return validateOfstedUrn(identifier);
  return undefined;
}

export class ProgrammeInput {
  @IsFilled({ message: 'Enter the programme’s name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  name: string;

  @IsOptional()
  @MaxLength(2000, { message: 'The description must be 2,000 characters or fewer' })
  description?: string;

  @IsIn(MILESTONES, { each: true, message: `Each milestone must be one of ${MILESTONES.join(', ')}` })
  @IsCheckedBy((v) =>
    Array.isArray(v) && v.length > 0 && new Set(v).size === v.length
      ? undefined
      : 'Choose the milestones the programme declares, each once',
  )
  milestones: string[];

  @IsOptional()
  @MaxLength(2000, { message: 'The funding rule must be 2,000 characters or fewer' })
  fundingNote?: string;

  @IsOptional()
  @IsInt({ message: 'The qualification window must be a whole number of months' })
  @Min(1, { message: 'The qualification window must be 1 month or more' })
  @Max(120, { message: 'The qualification window must be 120 months or fewer' })
  qualificationWindowMonths?: number;

  @IsOptional()
  @IsInt({ message: 'The tie-in must be a whole number of months' })
  @Min(1, { message: 'The tie-in must be 1 month or more' })
  @Max(120, { message: 'The tie-in must be 120 months or fewer' })
  tieInMonths?: number;
}

export class CohortInput {
  @IsUuid({ message: 'Choose the programme' })
  programmeId: string;

  @IsUuid({ message: 'Choose the training provider' })
  providerId: string;

  @IsFilled({ message: 'Enter the cohort’s name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  name: string;

  @IsInt({ message: 'The intake year must be a year, like 2025' })
  @Min(2000, { message: 'The intake year must be 2000 or later' })
  @Max(2100, { message: 'The intake year must be 2100 or earlier' })
  intakeYear: number;

  @IsIn(INTAKE_TERMS, { message: 'Choose the intake term: autumn, spring or summer' })
  intakeTerm: string;

  @IsRealDate({ message: 'Enter the start date as a real date' })
  startsOn: string;

  @IsRealDate({ message: 'Enter the end date as a real date' })
  @IsCheckedBy((v, dto) =>
    typeof v === 'string' && typeof dto['startsOn'] === 'string' && v <= dto['startsOn']
      ? 'The end date must be after the start date'
      : undefined,
  )
  endsOn: string;

  @IsInt({ message: 'The funded places must be a whole number' })
  @Min(0, { message: 'The funded places must be 0 or more' })
  @Max(100000, { message: 'The funded places must be 100,000 or fewer' })
  fundedPlaces: number;
}

export class AllocationInput {
  @IsInt({ message: 'The places must be a whole number' })
  @Min(0, { message: 'The places must be 0 or more' })
  @Max(100000, { message: 'The places must be 100,000 or fewer' })
  places: number;
}

export class ParticipantInput {
  @IsUuid({ message: 'Choose the employing local authority' })
  laId: string;

  @IsFilled({ message: 'Enter the participant’s full name' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  fullName: string;

  @IsEmail({}, { message: 'Enter a work email address, like name@example.org' })
  @MaxLength(254, { message: 'The email address must be 254 characters or fewer' })
  workEmail: string;

  @IsIn(PARTICIPANT_ROLES, { message: 'Choose the participant’s role' })
  role: string;

  @IsOptional()
  @IsIn([...SETTING_KINDS, ''], { message: 'Choose the kind of setting: school, provider or early years' })
  settingKind?: string;

  @IsCheckedBy((v, dto) => settingIdentifierProblem(dto['settingKind'], v))
  settingIdentifier?: string;

  @IsOptional()
  @IsRealDate({ message: 'Enter the date they took up the post as a real date' })
  tookUpPostOn?: string;
}

export class EnrolmentInput {
  @IsUuid({ message: 'Choose the participant' })
  participantId: string;
}

export class TransitionInput {
  @IsIn(ENROLMENT_STATUSES, { message: `Choose the new status: ${ENROLMENT_STATUSES.join(', ')}` })
  status: string;

  @IsCheckedBy((v, dto) =>
    dto['status'] === 'withdrawn' && (typeof v !== 'string' || !v.trim())
      ? 'Say why the participant withdrew'
      : v !== undefined && v !== null && typeof v !== 'string'
        ? 'The reason must be text'
        : typeof v === 'string' && v.trim().length > 500
          ? 'The reason must be 500 characters or fewer'
          : undefined,
  )
  reason?: string;
}

export class MilestoneInput {
  @IsIn(MILESTONES, { message: `Choose the milestone: ${MILESTONES.join(', ')}` })
  milestone: string;

  @IsRealDate({ message: 'Enter the evidence date as a real date' })
  evidenceOn: string;
}
