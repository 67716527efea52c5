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
export {
  ContributesSubjectAccess,
  DATA_SUBJECT_KINDS,
  FindsDataSubjects,
  SUBJECT_ACCESS_NOTICE,
  SUBJECT_ACCESS_NOTICES,
  SubjectAccessRegistry,
} from './subject-access';
export type {
  DataSubject,
  DataSubjectFinder,
  DataSubjectKind,
  DataSubjectMatch,
  PersonQuery,
  PersonSubject,
  PupilSubject,
  SubjectAccessContributor,
  SubjectAccessDraft,
  SubjectAccessPart,
  SubjectAccessSection,
} from './subject-access';
export { exportPerson, personDraftPdf, personQuery, searchPeople } from './person-subject-access';
export type { PersonCandidate, PersonExport, PersonSearch } from './person-subject-access';
export { DraftPdf, subjectAccessDraftPdf } from './subject-access-pdf';
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
