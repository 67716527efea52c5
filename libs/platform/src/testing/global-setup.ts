import { randomUUID } from 'node:crypto';

/**
 * Jest global setup: names this run. The template database is built by the first worker that
 * needs one (`workerDatabase()`, under an advisory lock), where every module's migrations are
 * registered (jest.modules.ts); this setup runs outside the test environment, without them.
 */
export default async function globalSetup(): Promise<void> {
  process.env['REPHUB_TEST_RUN'] ??= randomUUID();
}
