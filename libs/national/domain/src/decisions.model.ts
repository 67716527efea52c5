/** What the board records: a decision, or an action with an owner, a due date and a status. */
export const DECISION_KINDS = ['decision', 'action'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** An action's status: open until done, or dropped. */
export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A partnership as the board knows it: one that published a release (id and name from the release). */
export interface PartnershipRef {
  id: string;
  name: string;
}

/** One meeting of the board, with how many decisions and actions it recorded. */
export interface BoardMeeting {
  id: string;
  heldOn: string;
  title: string;
  recordedByName: string;
  version: number;
  decisionCount: number;
  createdAt: string;
}

/** One decision or action of the board's log. */
export interface BoardDecision {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingHeldOn: string;
  /** NB-<year>-<month of the meeting>-<number in that month>. */
  reference: string;
  text: string;
  kind: DecisionKind;
  owner: string;
  /** An action's due date; null for a decision. */
  dueOn: string | null;
  /** An action's status; null for a decision. */
  status: ActionStatus | null;
  /** An open action past its due date. */
  overdue: boolean;
  /** The partnerships it concerns (delivered to each). */
  concerns: PartnershipRef[];
  recordedByName: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface BoardMeetingDetail extends BoardMeeting {
  decisions: BoardDecision[];
}

export interface NewMeetingInput {
  heldOn?: unknown;
  title?: unknown;
}

export interface NewDecisionInput {
  text?: unknown;
  kind?: unknown;
  owner?: unknown;
  dueOn?: unknown;
  partnershipIds?: unknown;
}

export interface DecisionChangeInput {
  status?: unknown;
  dueOn?: unknown;
  version?: unknown;
}

/** Which decisions of the log to list. */
export interface DecisionFilter {
  /** Only open actions. */
  open?: boolean;
  /** Only open actions past their due date. */
  overdue?: boolean;
}

/** A decision of the board as it reached a partnership (its lead reads it). */
export interface ReceivedDecision {
  decisionId: string;
  reference: string;
  meetingTitle: string;
  meetingHeldOn: string;
  text: string;
  kind: DecisionKind;
  owner: string;
  dueOn: string | null;
  status: ActionStatus | null;
  overdue: boolean;
  receivedAt: string;
  updatedAt: string;
}
