import './migrations'; // loaded for what it registers at import
export { EvaluationModule } from './evaluation.module';
export { EVALUATION_ROLES, EVALUATION_SUBJECTS } from './evaluation-abilities';
export type { EvaluationSubject } from './evaluation-abilities';
export {
  CURRENT_REFORMS,
  REFORM_LISTS,
  REFORM_STATUSES,
  RETURN_DUE_DAYS,
  SUBMITTED_INDICATORS,
  TERMS,
  dueOn,
  parsePeriod,
  periodExists,
  periodOf,
  previousPeriod,
  reformList,
  reformName,
  submittedIndicator,
} from './reference';
export type { ReformList, ReformStatus, ReturnPeriod, SubmittedIndicatorDefinition, Term } from './reference';
export { SNAPSHOT_SCHEMA } from './return-snapshot.model';
export type {
  ComputedLineage,
  FigureLineage,
  MissingLineage,
  ReturnSnapshot,
  SnapshotFigure,
  SnapshotRating,
  SnapshotSignOff,
  SubmittedLineage,
} from './return-snapshot.model';
export { RETURN_PUBLISHER } from './return-publisher';
export type { ReturnPublisher } from './return-publisher';
export { ReturnsService } from './returns.service';
export { periodProblems, ratingsProblems, versionProblems } from './returns.rules';
export { ReturnSignOffService, canonicalJson } from './return-signoff.service';
export { ASSEMBLE_RETURN_JOB, AssembleReturnHandler, ReturnAssemblyService } from './return-assembly.service';
export { RETURN_EXPORT_TYPES, returnCsv, returnFilename, returnXlsx } from './return-export';
export { EDITABLE_RETURN_STATUSES, RAGS, RETURN_MOVES, RETURN_STATUSES, RETURN_STATUS_LABELS } from './returns.model';
export type {
  Rag,
  RatingInput,
  ReturnFigureView,
  ReturnIndicatorView,
  ReturnLaView,
  ReturnRatingView,
  ReturnStatus,
  ReturnSummary,
  ReturnView,
} from './returns.model';
export { seedDemoReturns } from './demo/returns-seed';
