import './migrations'; // loaded for what it registers at import
export { NationalModule } from './national.module';
export { NATIONAL_SUBJECTS } from './national-abilities';
export type { NationalSubject } from './national-abilities';
export { ReleasesStore } from './releases.store';
export type { ReleaseFigureRow, ReleaseRow } from './releases.store';
