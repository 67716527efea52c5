import { FieldError, SCHOOL_TODAY_SQL } from '@rep-hub/platform';
import { wholeNumber } from './input';

// Placement reviews as the service reads and shows them: inputs, views, rows, the checks and their SQL.

export const REVIEW_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** How far ahead a review may be scheduled. */
export const MAX_AHEAD_DAYS = 730;
export const MAX_ATTENDEES = 30;

export interface ReviewView {
  id: string;
  caseId: string;
  placementId: string;
  dueOn: string;
  status: ReviewStatus;
  /** Scheduled and its due date has passed. */
  overdue: boolean;
  heldOn: string | null;
  /** Names and roles of the people present. */
  attendees: string[];
  progress: string | null;
  nextSteps: string | null;
  cancelReason: string | null;
  version: number;
}

export interface CaseReviews {
  items: ReviewView[];
  /** The EHC plan's annual review, beside the placement's reviews, when the pupil has a plan (SEN provision E); otherwise null. */
  ehcAnnualReview: { nextDue: string | null } | null;
}

/** A scheduled review on the caller's list of upcoming and overdue reviews. */
export interface UpcomingReview {
  id: string;
  caseId: string;
  reference: string;
  pupil: { id: string; givenName: string; familyName: string };
  laName: string;
  providerName: string | null;
  dueOn: string;
  overdue: boolean;
  version: number;
}

export interface ScheduleReviewInput {
  dueOn?: unknown;
}
export interface RecordReviewInput {
  heldOn?: unknown;
  /** An array of names and roles (the API), or text with one person a line (a form). */
  attendees?: unknown;
  progress?: unknown;
  nextSteps?: unknown;
  version?: unknown;
}
export interface CancelReviewInput {
  reason?: unknown;
  version?: unknown;
}
export interface RescheduleReviewInput {
  dueOn?: unknown;
  version?: unknown;
}

export interface ReviewRow {
  id: string;
  case_id: string;
  placement_id: string;
  due_on: string;
  status: ReviewStatus;
  held_on: string | null;
  attendees: string[];
  progress: string | null;
  next_steps: string | null;
  cancel_reason: string | null;
  version: number;
  overdue: boolean;
}

export const REVIEW_COLUMNS = `r.id, r.case_id, r.placement_id, to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.status, to_char(r.held_on, 'YYYY-MM-DD') AS held_on,
  r.attendees, r.progress, r.next_steps, r.cancel_reason, r.version, (r.status = 'scheduled' AND r.due_on < ${SCHOOL_TODAY_SQL}) AS overdue`;

export const reviewView = (r: ReviewRow): ReviewView => ({
  id: r.id,
  caseId: r.case_id,
  placementId: r.placement_id,
  dueOn: r.due_on,
  status: r.status,
  overdue: r.overdue,
  heldOn: r.held_on,
  attendees: r.attendees,
  progress: r.progress,
  nextSteps: r.next_steps,
  cancelReason: r.cancel_reason,
  version: r.version,
});

/** Attendees from an array or from text with one a line: trimmed, blanks dropped. */
export function attendeeList(v: unknown): string[] | undefined {
  if (Array.isArray(v))
    return v.every((x) => typeof x === 'string') ? (v as string[]).map((x) => x.trim()).filter(Boolean) : undefined;
  if (typeof v === 'string')
    return v
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean);
  return v === undefined || v === null ? [] : undefined;
}

/** The version a write was based on: required, a whole number. */
export function versionOf(v: unknown, errors: FieldError[], what: string): number | undefined {
  const n = v === undefined || v === null || v === '' ? undefined : wholeNumber(v);
  if (n === undefined || !Number.isInteger(n))
    errors.push({ field: 'version', message: `version must be the ${what}’s version number` });
  return n;
}
