import { ConfigError } from '../config/config';
import { UnsafeDatabaseRoleError } from '../database/roles';

/**
 * NestFactory options of every app: start-up logs are held until the app's own logger takes over
 * (`app.flushLogs()` after `useLogger`), and a start-up error is rethrown to `run` instead of being
 * logged by Nest with its stack: a refused start is the one line `run` prints.
 */
export const START_OPTIONS = { bufferLogs: true, abortOnError: false, autoFlushLogs: false } as const;

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
    process.stderr.write(
      `Start-up failed: ${e?.name ?? 'Error'}${e?.code ? ` (${e.code})` : ''}: ${e?.message ?? String(error)}\n`,
    );
    process.exit(1);
  });
}
