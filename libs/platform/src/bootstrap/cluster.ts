import cluster, { Worker } from 'node:cluster';
import pino from 'pino';
import { AppConfig, loadConfig } from '../config/config';
import { run } from './run';

/** What a process started by `runServer` is asked to do once for all of them. */
export interface StartDuties {
  /**
   * True in one process only (the first one the supervisor starts, or the only one): the start-up
   * work that must not run twice at the same moment, such as seeding the demo or making sure of
   * the platform admin. The other processes start after it listens.
   */
  once: boolean;
}

const FIRST = 'REP_HUB_FIRST_PROCESS';
/** A process that dies more often than this, after it served, is not restarted again. */
const RESTARTS_PER_MINUTE = 5;
const START_FAILED = 'a process failed to start';

/**
 * Runs an HTTP app on every core: with `WEB_CONCURRENCY` above 1 (the default in server mode is
 * the number of cores; embedded mode is always one process, since PGlite is), this process
 * supervises that many copies of the app (node's cluster: they share the port, the kernel hands
 * each connection to one). The first copy starts alone and does the start-up duties; the others
 * follow once it listens. A copy that fails to start stops them all with its exit code (78 for
 * configuration), so a bad start is one line and one code, never a loop. A copy that dies later
 * is replaced, at most 5 times a minute. SIGTERM or SIGINT is passed to every copy, each
 * drains its requests (SHUTDOWN_DEADLINE_MS), and the supervisor exits 0 once all have (1 if one
 * failed to close cleanly, or was still running 5 seconds after the deadline).
 */
export function runServer(start: (duties: StartDuties) => Promise<unknown>): void {
  if (cluster.isWorker) {
    run(() => start({ once: process.env[FIRST] === '1' }));
    return;
  }
  run(async () => {
    const config = loadConfig();
    if (config.processes <= 1) return start({ once: true });
    await supervise(config);
  });
}

async function supervise(config: AppConfig): Promise<void> {
  const log = pino({ level: config.logLevel, base: { service: 'supervisor' }, messageKey: 'message' });
  const ready = new WeakSet<Worker>();
  const restarts: number[] = [];
  let served = false;
  let stopping = false;
  let exitCode = 0;

  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
  const exitWhenAllGone = () => {
    if (live().length === 0) process.exit(exitCode);
  };
  const stopAll = (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    // a failed start has said why in its own one line; say nothing more
    if (why !== START_FAILED) log.info({ processes: live().length, why }, 'Stopping every process');
    for (const w of live()) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of live()) w.process.kill('SIGKILL');
      exitCode = exitCode || 1;
      exitWhenAllGone();
    }, config.shutdownDeadlineMs + 5_000).unref();
    exitWhenAllGone();
  };
  const fork = (first: boolean) => {
    const worker = cluster.fork({ [FIRST]: first ? '1' : '0' });
    worker.once('listening', () => {
      ready.add(worker);
      served = true;
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (code !== 0 && code !== null) exitCode = exitCode || code;
      return exitWhenAllGone();
    }
    if (!served) {
      // the first never listened: the others would fail the same way
      return stopAll(code || 1, START_FAILED);
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length > RESTARTS_PER_MINUTE) return stopAll(1, 'processes keep dying');
    log.error({ pid: worker.process.pid, code, signal, served: ready.has(worker) }, 'A process died: starting another');
    fork(false);
  });
  process.once('SIGTERM', () => stopAll(0, 'SIGTERM'));
  process.once('SIGINT', () => stopAll(0, 'SIGINT'));

  const first = fork(true);
  const listening = await new Promise<boolean>((resolve) => {
    first.once('listening', () => resolve(true));
    first.once('exit', () => resolve(false));
  });
  if (!listening || stopping) return;
  for (let i = 1; i < config.processes; i++) fork(false);
  log.info({ processes: config.processes, port: config.port }, 'Serving with one process per core');
}
