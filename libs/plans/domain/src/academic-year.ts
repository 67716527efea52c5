// The school calendar is the platform's (libs/platform time/school-day.ts), shared with AP.
export { academicYearOfDay as academicYearOf, isAcademicYear } from '@rep-hub/platform';
