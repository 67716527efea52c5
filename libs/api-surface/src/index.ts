// The API kit: what other projects use of it, by name (its auth responses, paging DTOs and
// problem classes stay its own): the core routes' module, and what a domain module's API
// controllers share.
export { ApiSurfaceModule } from './api-surface.module';
export { PageQueryDto } from './paging.dto';
export { invalidFieldsResponse, problemResponse } from './problem-examples';
export { ApiProblems } from './openapi/api-problems';
export { exampleAcademicYear, exampleDate, liveExample } from '@rep-hub/platform';
