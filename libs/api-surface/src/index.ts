// The API kit: the core routes' module, and what a domain module's API controllers share.
export { ApiSurfaceModule } from './api-surface.module';
export { LimitQueryDto, PageQueryDto } from './paging.dto';
export { invalidFieldsResponse, problemResponse } from './problem-examples';
export { ApiOneOfResponse, ApiProblems } from './openapi/api-problems';
export { FieldErrorDto, ProblemDetailsDto, exampleAcademicYear, exampleDate, liveExample } from '@rep-hub/platform';
export * from './auth/auth.responses';
