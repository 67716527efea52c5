export { ContractsModule } from './contracts.module';
export { DescribesIndicators, IndicatorRegistry, PublishesIndicators } from './indicators';
export type {
  IndicatorDefinition,
  IndicatorDescriber,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
} from './indicators';
export { COMMISSIONED_PLACES, ProvidesReadContract, ReadContracts } from './read-contracts';
export type { CommissionedPlacesReader, CommissionedPlacesRow } from './read-contracts';
export { ContributesSubjectAccess, SUBJECT_ACCESS_NOTICE, SubjectAccessRegistry } from './subject-access';
export type { DataSubject, SubjectAccessContributor, SubjectAccessDraft, SubjectAccessPart } from './subject-access';
export { dpoLas, readDpoAccessLog } from './access-log';
export type { DpoAccessLogPage, DpoAccessLogQuery } from './access-log';
export {
  PUBLISHED_FINDING_STATUSES,
  PUBLISHED_LEVELS,
  PUBLISHED_RAGS,
  PUBLISHED_REFORM_STATUSES,
  PUBLISHED_SYMBOLS,
  PUBLISHED_UNITS,
} from './national-release';
export type {
  PublishedFigure,
  PublishedFinding,
  PublishedFindingStatus,
  PublishedLevel,
  PublishedRag,
  PublishedRating,
  PublishedReform,
  PublishedReformStatus,
  PublishedSymbol,
  PublishedUnit,
} from './national-release';
