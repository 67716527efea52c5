import './migrations'; // loaded for what it registers at import
export { NationalModule } from './national.module';
export { NATIONAL_SUBJECTS } from './national-abilities';
export type { NationalSubject } from './national-abilities';
export { ReleasesStore } from './releases.store';
export type { ReleaseFigureRow, ReleaseRow } from './releases.store';
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
