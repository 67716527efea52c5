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
  SnapshotFinding,
  SnapshotRating,
  SnapshotReform,
  SnapshotSignOff,
  SubmittedLineage,
} from './return-snapshot.model';
export { RETURN_PUBLISHER } from './return-publisher';
export type { ReturnPublisher } from './return-publisher';
export { NationalPublisher } from './national-publisher';
export { EVALUATION_RETURN_RELEASE, NationalPublicationError } from './national-release';
export { REFORM_STATUS_LABELS } from './reforms.model';
export type {
  ReformCell,
  ReformCellDetail,
  ReformRegister,
  ReformStatusChangeView,
  ReformStatusInput,
} from './reforms.model';
export { ReformRegisterService } from './reforms.service';
export { TEST_MOVES, TEST_STATUS_LABELS, TEST_STATUSES } from './tests.model';
export type { TestDetail, TestInput, TestResultInput, TestResultView, TestStatus, TestSummary } from './tests.model';
export { TestAndLearnService } from './tests.service';
export { IndicatorLibraryService, DEFAULT_PERIODS, MAX_PERIODS, partnershipFigure } from './indicator-library.service';
export { SubmittedValuesService } from './submitted-values.service';
export type { SubmittedEntryInput } from './submitted-values.service';
export { SubmittedValuesStore } from './submitted-values.store';
export { checkSubmittedFigure, percentOf, MAX_SUBMITTED_NUMBER } from './submitted-checks';
export type { CheckedFigure, SubmittedFigureInput } from './submitted-checks';
export { SUBMITTED_COLUMNS, MAX_SUBMITTED_FILE_BYTES, MAX_SUBMITTED_ROWS } from './submitted-file';
export { seedSubmittedFigures } from './demo/figures-seed';
export { valuesCsv, valuesXlsx, valuesFilename, VALUES_CONTENT_TYPES } from './indicator-values-export';
export type {
  FigureValue,
  LaFigure,
  LibraryDefinition,
  PeriodValues,
  SubmittedUploadResult,
  SubmittedValueRow,
  ValuesOverTime,
} from './indicator-library.model';
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
