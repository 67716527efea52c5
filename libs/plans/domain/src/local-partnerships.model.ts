import type { MemberKind } from './themes';

/** The states of a local partnership meeting. */
export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A representative's attendance at a meeting. */
export const ATTENDANCE_VALUES = ['attended', 'apologies', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE_VALUES)[number];

export interface LocalPartnershipSummary {
  id: string;
  laId: string;
  laName: string;
  name: string;
  /** Member organisations that have not left. */
  memberCount: number;
  /** The next planned meeting on or after today, if any. */
  nextMeetingOn: string | null;
  version: number;
}

export interface RepresentativeView {
  id: string;
  memberId: string;
  fullName: string;
  roleTitle: string | null;
  email: string | null;
  userId: string | null;
  fromOn: string | null;
  toOn: string | null;
  version: number;
}

export interface MemberView {
  id: string;
  kind: MemberKind;
  name: string;
  /** The member's organisation in REP Hub, when it has one. */
  organisationId: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  /** Not left as of today. */
  current: boolean;
  version: number;
  representatives: RepresentativeView[];
}

export interface MeetingSummary {
  id: string;
  title: string;
  heldOn: string;
  status: MeetingStatus;
  version: number;
}

export interface LocalPartnershipDetail {
  id: string;
  laId: string;
  laName: string;
  name: string;
  /** In the safe formatting subset; pages render it with renderSafeHtml. */
  termsOfReference: string;
  termsUpdatedAt: string | null;
  version: number;
  members: MemberView[];
  meetings: MeetingSummary[];
}

export interface AttendanceView {
  representativeId: string;
  fullName: string;
  memberName: string;
  attendance: Attendance;
}

export interface PaperView {
  id: string;
  title: string;
  url: string | null;
  summary: string;
  createdAt: string;
}

export interface DecisionView {
  id: string;
  decision: string;
  ownerMemberId: string | null;
  ownerMemberName: string | null;
  dueOn: string | null;
  createdAt: string;
}

export interface MeetingDetail extends MeetingSummary {
  localPartnershipId: string;
  laId: string;
  notes: string;
  attendance: AttendanceView[];
  papers: PaperView[];
  decisions: DecisionView[];
}
