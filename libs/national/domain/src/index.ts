import './migrations'; // loaded for what it registers at import
export { NationalModule } from './national.module';
export { NATIONAL_SUBJECTS } from './national-abilities';
export type { NationalSubject } from './national-abilities';
export { ReleasesStore } from './releases.store';
export type { ReleaseFigureRow, ReleaseRow } from './releases.store';
export { ProgrammeStore } from './programme.store';
export type { ReleaseFindingRow, ReleaseRatingRow, ReleaseReformRow } from './programme.store';
export { ExceptionsService } from './exceptions.service';
export { ProgrammeReformsService } from './reforms.service';
export type {
  ExceptionsView,
  ExceptionView,
  PartnershipExceptionsView,
  PeriodRef,
  ProgrammeReformsView,
  ProgrammeReformView,
  RagCounts,
  ReformFindingView,
  ReformLaView,
  ReformPartnershipView,
} from './programme.model';
export { BUILD_BOARD_PACK_JOB, BoardPackBuilder, BuildBoardPackHandler } from './board-pack.job';
export { contentSha256, nationalValue, packContent, showValue } from './board-pack-content';
export { BOARD_PACK_SHEETS, BOARD_PACK_XLSX_TYPE } from './board-pack-xlsx';
export { BoardPackSectionsReader } from './board-pack-sections';
export { BoardPacksService, PACK_PERIODS } from './board-packs.service';
export { BoardPacksStore } from './board-packs.store';
export { BOARD_PACK_STATUS_LABELS, BOARD_PACK_STATUSES } from './board-packs.model';
export type {
  BoardPackRelease,
  BoardPackStatus,
  BoardPackSummary,
  BoardPackView,
  PackContent,
  PackSections,
} from './board-packs.model';
export { boardPackProblems, meetingDateProblem, periodProblem, titleProblem } from './board-packs.rules';
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
export {
  buildComparisonSeries,
  GSS_SYMBOLS,
  MAX_COMPARISON_PERIODS,
  NATIONAL_METHOD,
  nationalFigure,
  RANK_BAND_TEXT,
  rankingOf,
  shortPeriodLabel,
  showFigure,
  wilsonInterval,
} from './comparison';
export { ComparisonService } from './comparison.service';
export type {
  ComparisonPoint,
  ComparisonSeries,
  GssSymbol,
  IndicatorUnit,
  LocalAuthorityDrillDown,
  LocalAuthorityFigure,
  NationalMethod,
  NationalPoint,
  PartnershipReturn,
  PartnershipSeries,
  PublishedIndicator,
  RankBand,
  Ranking,
  RankingEntry,
  ReturnsOverview,
} from './comparison.model';
export { ReturnsOverviewService } from './returns-overview.service';
export { OpenDataService, readOpenDataFilter, readReleaseId } from './open-data.service';
export {
  DATA_COLUMNS,
  METADATA_COLUMNS,
  OPEN_DATA_SYMBOLS,
  openDataEtag,
  openDataFile,
  releaseChanges,
  timePeriod,
} from './open-data-files';
export { OPEN_DATA_CACHE, OPEN_DATA_FILES } from './open-data.model';
export type {
  OpenDataChange,
  OpenDataFigure,
  OpenDataFile,
  OpenDataFileName,
  OpenDataFilter,
  OpenDataRelease,
  OpenDataReleaseSummary,
} from './open-data.model';
export { DashboardService, readGssCode, readPartnershipId } from './dashboard.service';
export { DashboardStore } from './dashboard.store';
export { DASHBOARD_CACHE, GSS_CODE, indicatorDashboardOf } from './dashboard';
export type { KnownDefinition } from './dashboard';
export type {
  DashboardDirection,
  DashboardFigure,
  DashboardIndex,
  DashboardLocalAuthority,
  DashboardPartnershipSeries,
  DashboardPeriod,
  IndicatorDashboard,
  IndicatorMeaning,
  LocalAuthorityDashboard,
  LocalAuthorityIndicatorSeries,
  PartnershipDashboard,
  PartnershipFigure,
  PartnershipIndicatorSeries,
} from './dashboard.model';
