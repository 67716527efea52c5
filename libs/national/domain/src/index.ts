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
