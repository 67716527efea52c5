import 'reflect-metadata';
import '@rep-hub/ap-domain'; // defines the AP schedules, as the worker loads them (retention is the platform's one job)
import '@rep-hub/audit';
import '@rep-hub/auth';
import {
  afterRecovery,
  ConfigError,
  createDataSource,
  jobSchedules,
  migrate,
  NIL_TENANT,
  restore,
} from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

/**
 * `npm run restore -- <file>`: restores a backup of `npm run backup` into DATABASE_URL's database
 * (a superuser URL; the database is created, and must be new), creating the roles first. Then:
 * outbox rows caught mid-relay are relayed again; email jobs not done at backup time are held
 * (they may have gone after the backup); every retention job is queued to run once, so a record
 * deleted since the backup is deleted again. `npm run restore -- --recovered` does only those steps,
 * on a database recovered to a point in time. docs/operations.md "Backup and restore".
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new ConfigError('DATABASE_URL', 'is required to restore (a superuser URL naming the new database)');
  const file = process.argv[2];
  if (!file)
    throw new ConfigError(
      'the backup file',
      'is required: npm run restore -- <file> (or -- --recovered after a point-in-time recovery)',
    );
  const password = (name: string) => {
    const raw = process.env[name];
    return raw ? decodeURIComponent(new URL(raw).password) || undefined : undefined;
  };
  // after a point-in-time recovery the database is already there: only what follows a restore
  const recovered = file === '--recovered';
  const migrateRestored = async (u: string) => {
    const ds = await createDataSource({
      kind: 'postgres',
      url: u,
      poolSize: 1,
      applicationName: 'rep-hub-restore',
    }).initialize();
    try {
      return await migrate(ds, { app: password('APP_DATABASE_URL'), board: password('BOARD_DATABASE_URL') });
    } finally {
      await ds.destroy();
    }
  };
  const result = recovered
    ? { manifest: null, secretsDiffer: [] as string[], ...(await afterRecovery(url)) }
    : await restore(url, resolve(file), migrateRestored, process.env, {
        app: password('APP_DATABASE_URL'),
        board: password('BOARD_DATABASE_URL'),
      });
  // retention again: what expired (or was deleted) since the backup goes again when the worker runs
  const retention = jobSchedules().filter((s) => /retention/.test(s.id));
  const stamp = new Date().toISOString();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of retention) {
      await c.query(
        `INSERT INTO job_outbox (tenant_id, id, job_name, queue, idempotency_key, payload) VALUES ($1, $2, $3, $4, $5, '{}'::jsonb) ON CONFLICT DO NOTHING`,
        [NIL_TENANT, randomUUID(), s.job.name, s.job.queue, `restore:${stamp}:${s.id}`],
      );
    }
  } finally {
    await c.end();
  }
  process.stdout.write(
    `${recovered ? 'Prepared the recovered database' : `Restored ${file}`}${result.manifest ? ` (backed up ${result.manifest.createdAt})` : ''}.\n` +
      `${result.relayedAgain} job(s) caught mid-relay will be relayed again; ${retention.length} retention job(s) queued: ${retention.map((s) => s.job.name).join(', ')}.\n` +
      (result.emailsHeld
        ? `${result.emailsHeld} email job(s) not done at backup time are held (last_error 'HeldAfterRestore'): check GOV.UK Notify for their references before releasing them (docs/operations.md).\n`
        : '') +
      (result.secretsDiffer.length
        ? `Warning: ${result.secretsDiffer.join(' and ')} here differ from the backup's (or are not set): set the ones kept with the backup before starting the apps.\n`
        : '') +
      'Next: start the worker, then run npm run audit:verify.\n',
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Restore failed: ${error.message}`}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
