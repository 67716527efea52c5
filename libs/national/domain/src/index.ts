import './migrations'; // loaded for what it registers at import
export { NationalModule } from './national.module';
export { NATIONAL_SUBJECTS } from './national-abilities';
export type { NationalSubject } from './national-abilities';
export { ReleasesStore } from './releases.store';
export type { ReleaseFigureRow, ReleaseRow } from './releases.store';
export { DecisionsLogService } from './decisions.service';
export { BoardDecisionsReceivedService } from './board-decisions.service';
export { ACTION_STATUSES, DECISION_KINDS } from './decisions.model';
export type {
  ActionStatus,
  BoardDecision,
  BoardMeeting,
  BoardMeetingDetail,
  DecisionChangeInput,
  DecisionFilter,
  DecisionKind,
  NewDecisionInput,
  NewMeetingInput,
  PartnershipRef,
  ReceivedDecision,
} from './decisions.model';
