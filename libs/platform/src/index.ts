import './database/migrations'; // loaded for what it does at import, as the whole barrel did
export { runMigrations } from './database/cli/migrate';
export { ConfigError, loadConfig } from './config/config';
export type { AppConfig } from './config/config';
export { APP_CONFIG } from './config/config.module';
export { createDataSource } from './database/data-source';
export { migrate } from './database/migrate';
export { preparedQuery } from './database/prepared';
export { NIL_TENANT } from './database/rls';
export {
  BoardConnectionUnavailableError,
  contextStatements,
  NoUnitOfWorkError,
  UnitOfWork,
} from './database/unit-of-work';
export { rowsOf } from './database/returned-rows';
export { HealthModule } from './health/health.module';
export { configureHttpApp, listen } from './http/bootstrap';
export { drainOnSignal } from './http/graceful-shutdown';
export { InvalidFieldsException, problem } from './http/problem-details';
export type { ErrorPageRenderer, FieldError, ProblemDetails } from './http/problem-details';
export { decodeCursor, encodeCursor } from './http/cursor';
export {
  fieldErrorsOf,
  IsOptionalOrEmpty,
  IsCheckedBy,
  IsCodeIn,
  isRealDate,
  IsFilled,
  IsRealDate,
  IsUuid,
  isUuid,
  UUID_PATTERN,
  UUID_SOURCE,
  assertVersion,
  codeList,
  codeOf,
  EARLIEST_DATE,
  idList,
  LATEST_DATE,
  optionalDate,
  optionalId,
  optionalText,
  requiredDate,
  requiredText,
  text,
  versionOf,
} from './validation';
export { IS_PUBLIC, Public } from './http/public.decorator';
export { FieldErrorDto, problemContent, ProblemDetailsDto, registerOpenApiTag } from './http/openapi-document';
export { exampleAcademicYear, exampleDate, liveExample } from './http/openapi-examples';
export { registerOpenApiEnum, registryEnum } from './http/openapi-enums';
export { RedisConnection } from './redis/redis.module';
export { hashPassword, verifyPassword } from './security/passwords';
export { run, START_OPTIONS } from './bootstrap/run';
export { runServer } from './bootstrap/cluster';
export type { StartDuties } from './bootstrap/cluster';
export { PlatformModule } from './platform.module';
export { RATE_LIMIT_SCRIPT, RateLimiter } from './rate-limit/rate-limiter';
export {
  ContributesRetention,
  defineJob,
  defineSchedule,
  HandlesJob,
  JobFailedError,
  JobMetrics,
  JobQueue,
  JobRegistry,
  JobRunner,
  jobSchedules,
  JobsModule,
  PROBE_JOB,
  QueueHealth,
  RETENTION_JOB,
  RetentionRegistry,
  toEnvelope,
} from './jobs';
export type {
  JobContext,
  JobEnvelope,
  JobHandler,
  JobsRole,
  OutboxRow,
  QueueName,
  RetentionContributor,
  RetentionCount,
} from './jobs';
export {
  humanDate,
  humanDateTime,
  isNotificationTemplate,
  NotificationService,
  NotificationsModule,
  registerNotificationTemplates,
  renderNotification,
  SERVICE_NAME,
  templateProblems,
  validateNotificationTemplates,
  validatePersonalisation,
} from './notifications';
export type {
  NotificationRecord,
  NotificationRow,
  NotificationTemplate,
  NotifyEmailClient,
  Personalisation,
} from './notifications';
export { csvCell, formulaSafe, looksLikeFormula } from './exports/csv';
export {
  declaredUnzippedBytes,
  detectTabularFormat,
  MAX_XLSX_UNZIPPED_BYTES,
  openTabularFile,
  readTabularFile,
  TabularFileError,
  tabularRowError,
  cellText,
} from './exports/tabular-upload';
export type { TabularFormat, TabularRow, TabularRowError, TabularSpec } from './exports/tabular-upload';
export { loadExcel, loadPdfKit, loadSass } from './exports/heavy-libraries';
export { academicYearOfDay, isAcademicYear, longDate, SCHOOL_TODAY_SQL, schoolToday } from './time/school-day';
export { afterRecovery, restore } from './database/backup';
export { discoverProviders } from './discovery';
