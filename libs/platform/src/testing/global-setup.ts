import { randomUUID } from 'node:crypto';
import { ensureTemplate } from './test-database';

/** Jest global setup: names this run and builds the template database once. */
export default async function globalSetup(): Promise<void> {
  process.env['REPHUB_TEST_RUN'] ??= randomUUID();
  await ensureTemplate();
}
