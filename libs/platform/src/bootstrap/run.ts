import { ConfigError } from '../config/config';
import { UnsafeDatabaseRoleError } from '../database/roles';

/**
 * Runs an app's start function; a start-up failure ends the process with one line saying why
 * (never a stack of internals), and exit code 78 for configuration, 1 otherwise.
 */
export function run(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    if (error instanceof UnsafeDatabaseRoleError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    const e = error as { name?: string; message?: string; code?: string };
    process.stderr.write(`Start-up failed: ${e?.name ?? 'Error'}${e?.code ? ` (${e.code})` : ''}: ${e?.message ?? String(error)}\n`);
    process.exit(1);
  });
}
