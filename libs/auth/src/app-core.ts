import { AuditModule } from '@rep-hub/audit';
import {
  AppConfig,
  JobsModule,
  JobsRole,
  NotificationsModule,
  NotifyEmailClient,
  PlatformModule,
} from '@rep-hub/platform';
import { TenancyModule } from '@rep-hub/tenancy';
import { AuthModule } from './auth.module';

export interface AppCoreOptions {
  jobs: JobsRole;
  /** A stand-in for GOV.UK Notify's client (tests); by default the real one when NOTIFY_API_KEY is set. */
  notifyClient?: NotifyEmailClient;
}

/**
 * What every app process is built on: configuration, logs, the database and unit of work, Redis,
 * jobs in the given role (the audit chain is sealed by a scheduled job), email (GOV.UK Notify or
 * the development outbox), the audit trail, tenancy, and sign-in with the global guard (and the
 * jobs that email invites, resets and reminders).
 */
export function appCoreModules(config: AppConfig, service: string, options: AppCoreOptions) {
  return [
    PlatformModule.forRoot(config, service),
    JobsModule.forRoot(options.jobs),
    NotificationsModule.forRoot({ client: options.notifyClient }),
    AuditModule.forRoot({ schedule: false }),
    TenancyModule,
    AuthModule,
  ];
}
