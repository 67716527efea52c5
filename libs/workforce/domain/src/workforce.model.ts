/** Workforce training's vocabulary: milestones, enrolment statuses and their moves, participants' roles and settings. */

export const MILESTONES = ['started', 'retained', 'completed', 'assessed'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  started: 'Started',
  retained: 'Retained',
  completed: 'Completed',
  assessed: 'Assessed',
};

export const ENROLMENT_STATUSES = [
  'applied',
  'enrolled',
  'active',
  'deferred',
  'withdrawn',
  'completed',
  'accredited',
] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
  applied: 'Applied',
  enrolled: 'Enrolled',
  active: 'Active',
  deferred: 'Deferred',
  withdrawn: 'Withdrawn',
  completed: 'Completed',
  accredited: 'Accredited',
};

/**
 * The one table of an enrolment's moves: applied → enrolled → active ↔ deferred, withdrawn (with
 * a reason) from any open status, completed from active, then accredited. The service and the
 * 409's list of allowed moves read it.
 */
export const ENROLMENT_MOVES: Record<EnrolmentStatus, readonly EnrolmentStatus[]> = {
  applied: ['enrolled', 'withdrawn'],
  enrolled: ['active', 'deferred', 'withdrawn'],
  active: ['deferred', 'completed', 'withdrawn'],
  deferred: ['active', 'withdrawn'],
  withdrawn: [],
  completed: ['accredited'],
  accredited: [],
};

/** The statuses that hold a funded place (as the database's trigger counts them). */
export const HOLDS_PLACE: readonly EnrolmentStatus[] = ['enrolled', 'active', 'deferred', 'completed', 'accredited'];

export const PARTICIPANT_ROLES = [
  'senco',
  'early_years_practitioner',
  'childminder',
  'trainee_educational_psychologist',
  'job_coach',
  'teacher',
  'other',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  senco: 'SENCO',
  early_years_practitioner: 'Early years practitioner',
  childminder: 'Childminder',
  trainee_educational_psychologist: 'Trainee educational psychologist',
  job_coach: 'Job coach',
  teacher: 'Teacher',
  other: 'Other',
};

/** How a participant's setting is identified: a school by URN, a college or provider by UKPRN, an early years setting by Ofsted URN. */
export const SETTING_KINDS = ['school', 'provider', 'early_years'] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];

export const SETTING_KIND_LABELS: Record<SettingKind, string> = {
  school: 'School (URN)',
  provider: 'College or provider (UKPRN)',
  early_years: 'Early years setting (Ofsted URN)',
};

export const INTAKE_TERMS = ['autumn', 'spring', 'summer'] as const;
export type IntakeTerm = (typeof INTAKE_TERMS)[number];

export interface ProgrammeView {
  id: string;
  code: string;
  national: boolean;
  referenceVersion: string | null;
  name: string;
  description: string;
  milestones: Milestone[];
  fundingNote: string;
  qualificationWindowMonths: number | null;
  tieInMonths: number | null;
  tieInFromIntakeYear: number | null;
  version: number;
}

export interface AllocationView {
  laId: string;
  laName: string;
  places: number;
  placesFilled: number;
}

export interface CohortSummary {
  id: string;
  name: string;
  programmeId: string;
  programmeName: string;
  providerId: string;
  providerName: string;
  intakeYear: number;
  intakeTerm: IntakeTerm;
  startsOn: string;
  endsOn: string;
  fundedPlaces: number;
  placesAllocated: number;
  placesFilled: number;
  version: number;
}

export interface CohortView extends CohortSummary {
  allocations: AllocationView[];
}

export interface ParticipantView {
  id: string;
  laId: string;
  laName: string;
  fullName: string;
  workEmail: string;
  role: ParticipantRole;
  settingKind: SettingKind | null;
  settingIdentifier: string | null;
  tookUpPostOn: string | null;
  version: number;
}

export interface EnrolmentEventView {
  fromStatus: EnrolmentStatus | null;
  toStatus: EnrolmentStatus;
  reason: string | null;
  actorName: string | null;
  at: string;
}

export interface MilestoneView {
  milestone: Milestone;
  evidenceOn: string;
  declaredAt: string;
}

export interface EnrolmentSummary {
  id: string;
  cohortId: string;
  participantId: string;
  participantName: string;
  laId: string;
  laName: string;
  status: EnrolmentStatus;
  withdrawalReason: string | null;
  qualificationWindowEndsOn: string | null;
  tieInEndsOn: string | null;
  version: number;
}

export interface EnrolmentView extends EnrolmentSummary {
  cohortName: string;
  programmeName: string;
  allowedMoves: EnrolmentStatus[];
  milestonesExpected: Milestone[];
  milestones: MilestoneView[];
  history: EnrolmentEventView[];
}

/**
 * How many days before a participant's window to qualify (NPQ for SENCOs: three years from taking
 * up the post) or an educational psychologist's LA employment tie-in ends the people concerned
 * hear of it, once per end date; the workforce overview lists the same ends. Ninety days leave
 * time for a final assessment to be booked and declared, or for an LA to plan for the post.
 */
export const WORKFORCE_END_NOTICE_DAYS = 90;

/** The statuses of an enrolment not yet qualified and not withdrawn: its window to qualify still matters. */
export const WINDOW_OPEN_STATUSES = [
  'applied',
  'enrolled',
  'active',
  'deferred',
] as const satisfies readonly EnrolmentStatus[];
/** The statuses of a trained participant whose tie-in runs (as coverage counts "in their tie-in"). */
export const TIE_IN_STATUSES = ['completed', 'accredited'] as const satisfies readonly EnrolmentStatus[];

/** A window to qualify or a tie-in ending soon, as the workforce overview lists it. */
export interface EndingSoonView {
  enrolmentId: string;
  kind: 'window_ends' | 'tie_in_ends';
  endsOn: string;
  participantName: string;
  laName: string;
  cohortName: string;
  programmeName: string;
  status: EnrolmentStatus;
}

export const ENDING_KIND_LABELS: Record<EndingSoonView['kind'], string> = {
  window_ends: 'Window to qualify',
  tie_in_ends: 'Local authority tie-in',
};
