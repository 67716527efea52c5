import { DynamicModule, Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer';
import { AuditSealingSchedule } from './audit-sealing.schedule';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { AuditSealJobHandler } from './audit-seal.job';

export interface AuditModuleOptions {
  /**
   * Run the in-process sealing schedule (AUDIT_SEAL_INTERVAL_MS, 0 disables): on for the embedded
   * server and the worker, off for api and web.
   */
  schedule: boolean;
}

const SERVICES = [AuditService, AuditSealer, AuditVerifier];
const PROVIDERS = [...SERVICES, AuditSealJobHandler];

/**
 * The audit trail: AuditService (record, accessLog), AuditSealer and AuditVerifier. An app imports
 * `AuditModule.forRoot(...)` once (global, so domain modules inject AuditService without importing it).
 * Needs PlatformModule (UnitOfWork, APP_CONFIG, CLS).
 */
@Module({ providers: PROVIDERS, exports: SERVICES })
export class AuditModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      providers: [...PROVIDERS, ...(options.schedule ? [AuditSealingSchedule] : [])],
      exports: SERVICES,
    };
  }
}
