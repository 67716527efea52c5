import { dropWorkerDatabases } from './test-database';

export default async function globalTeardown(): Promise<void> {
  if (process.env['REPHUB_KEEP_TEST_DATABASES'] !== '1') await dropWorkerDatabases();
}
