import { AuditModule } from '@rep-hub/audit';
import { AppConfig, PlatformModule } from '@rep-hub/platform';
import { TenancyModule } from '@rep-hub/tenancy';
import { AuthModule } from './auth.module';

/**
 * What every app process is built on: configuration, logs, the database and unit of work, Redis,
 * the audit trail (sealed in-process where `sealAudit`), tenancy, and sign-in with the global guard.
 */
export function appCoreModules(config: AppConfig, service: string, options: { sealAudit: boolean }) {
  return [PlatformModule.forRoot(config, service), AuditModule.forRoot({ schedule: options.sealAudit }), TenancyModule, AuthModule];
}
