import { AuditModule } from '@rep-hub/audit';
import { AppConfig, JobsModule, JobsRole, PlatformModule } from '@rep-hub/platform';
import { TenancyModule } from '@rep-hub/tenancy';
import { AuthModule } from './auth.module';

/**
 * What every app process is built on: configuration, logs, the database and unit of work, Redis,
 * jobs in the given role (the audit chain is sealed by a scheduled job), the audit trail, tenancy,
 * and sign-in with the global guard.
 */
export function appCoreModules(config: AppConfig, service: string, options: { jobs: JobsRole }) {
  return [PlatformModule.forRoot(config, service), JobsModule.forRoot(options.jobs), AuditModule.forRoot({ schedule: false }), TenancyModule, AuthModule];
}
