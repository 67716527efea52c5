/** The states of a plan action and its RAG rating. */
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_RAGS = ['red', 'amber', 'green'] as const;
export type ActionRag = (typeof ACTION_RAGS)[number];
/** An action still to do: overdue when its due date has passed. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['not_started', 'in_progress'];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export interface ActionView {
  id: string;
  planId: string;
  planTitle: string;
  title: string;
  sectionKey: string;
  themeCode: string | null;
  indicatorCode: string | null;
  laId: string | null;
  laName: string | null;
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  dueOn: string;
  status: ActionStatus;
  rag: ActionRag;
  progressNote: string;
  completedOn: string | null;
  /** Open (not started or in progress) and due before today. */
  overdue: boolean;
  updatedAt: string;
  version: number;
}

export interface ActionUpdateView {
  id: string;
  status: ActionStatus;
  rag: ActionRag;
  note: string;
  recordedBy: string | null;
  recordedByName: string | null;
  recordedAt: string;
}

export interface ActionDetail extends ActionView {
  updates: ActionUpdateView[];
  /** Whether the caller may update status, RAG and progress (owners and the plan's managers). */
  canUpdate: boolean;
  /** Whether the caller may change what the action is (the lead and the plan's LA officers). */
  canManage: boolean;
}
