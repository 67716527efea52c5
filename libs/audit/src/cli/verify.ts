import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, PlatformModule, run } from '@rep-hub/platform';
import { AuditModule } from '../audit.module';
import { AuditVerifier, formatVerification } from '../audit-verifier';

/**
 * `npm run audit:verify`: recomputes every tenant's audit chain as the app role and checks the
 * signed heads with AUDIT_SIGNING_KEY. One line per tenant (problems beneath, each naming its seq
 * and event id); exit code 0 when every chain verifies, 1 otherwise. The unsealed tail is reported,
 * never a failure.
 */
run(async () => {
  const config = loadConfig();

  @Module({ imports: [PlatformModule.forRoot(config, 'audit-verify'), AuditModule.forRoot({ schedule: false })] })
  class AuditVerifyModule {}

  const app = await NestFactory.createApplicationContext(AuditVerifyModule, { logger: ['error'] });
  let result;
  try {
    result = await app.get(AuditVerifier).verify();
  } finally {
    await app.close();
  }
  process.stdout.write(formatVerification(result).join('\n') + '\n');
  process.exitCode = result.ok ? 0 : 1;
});
