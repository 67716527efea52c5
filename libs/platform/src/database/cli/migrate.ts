import 'reflect-metadata';
import { ConfigError } from '../../config/config';
import { createDataSource } from '../data-source';
import { migrate } from '../migrate';

/**
 * `npm run db:migrate` (apps/server/src/migrate.ts, which registers every module's migrations
 * first): creates the owner, app and board roles if missing (passwords from APP_DATABASE_URL /
 * BOARD_DATABASE_URL when given) and applies pending migrations as the owner, through
 * DATABASE_URL (a superuser or the owner).
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new ConfigError('DATABASE_URL', 'is required to migrate (a superuser or the owner role)');
  const password = (name: string) => {
    const raw = process.env[name];
    if (!raw) return undefined;
    try {
      return decodeURIComponent(new URL(raw).password) || undefined;
    } catch {
      throw new ConfigError(name, 'is not a valid URL');
    }
  };
  const ds = await createDataSource({
    kind: 'postgres',
    url,
    poolSize: 1,
    applicationName: 'rep-hub-migrate',
  }).initialize();
  try {
    const applied = await migrate(ds, { app: password('APP_DATABASE_URL'), board: password('BOARD_DATABASE_URL') });
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'The database is up to date.\n',
    );
  } finally {
    await ds.destroy();
  }
}

/** Runs the migration command: one line on failure, exit code 78 for configuration, 1 otherwise. */
export function runMigrations(): void {
  main().catch((error: Error) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Migration failed: ${error.message}`}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  });
}
