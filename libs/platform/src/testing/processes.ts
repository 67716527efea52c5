import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository's root (this file is libs/platform/src/testing/processes.ts). */
export const ROOT = join(__dirname, '..', '..', '..', '..');

export interface Started {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** The exit code, or the signal's name when the process ended by re-raising one (as Nest does after its shutdown hooks). */
  exited: Promise<number | string | null>;
  stop: () => Promise<number | string | null>;
}

/**
 * This test run's and this Jest worker's BullMQ prefix: workers run side by side, and one worker's
 * jobs must never be taken by another's processes on the shared Redis.
 */
export function testQueuePrefix(): string {
  return `rephub-test-${(process.env['REPHUB_TEST_RUN'] ?? 'adhoc').replace(/[^a-z0-9]/gi, '').slice(0, 12)}-w${process.env['JEST_WORKER_ID'] ?? '1'}`;
}

/**
 * Ports handed out by freePort come from a block of this Jest worker's own below the kernel's
 * ephemeral range (32768 to 60999 here). A port from listen(0) comes from that range, and an app
 * started before the one given that port opens its database and Redis connections from it too: a
 * worker's health port, chosen before the API beside it started, was once taken by one of the API's
 * connections to PostgreSQL (EADDRINUSE). Blocks of 1,000 per Jest worker keep the workers apart; the
 * position in the block starts at random, so that two runs side by side rarely meet, and moves on
 * with every port, so that no port is handed out twice in a row.
 */
const PORT_BLOCKS_FROM = 20_000;
const PORT_BLOCK = 1_000;
/** The blocks between PORT_BLOCKS_FROM and the ephemeral range's start (32768): 12. */
const PORT_BLOCKS = Math.floor((32_768 - PORT_BLOCKS_FROM) / PORT_BLOCK);
let nextPortInBlock = Math.floor(Math.random() * PORT_BLOCK);

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A free TCP port on loopback, from this Jest worker's block (see PORT_BLOCKS_FROM). */
export async function freePort(): Promise<number> {
  const block = (Number(process.env['JEST_WORKER_ID'] ?? '1') - 1) % PORT_BLOCKS;
  for (let tries = 0; tries < PORT_BLOCK; tries++) {
    const port = PORT_BLOCKS_FROM + block * PORT_BLOCK + (nextPortInBlock++ % PORT_BLOCK);
    if (await listens(port)) return port;
  }
  throw new Error(`no free port in block ${block} (${PORT_BLOCKS_FROM + block * PORT_BLOCK} and up)`);
}

/**
 * The environment of an app a test starts: this process's, less what would point the app somewhere
 * else, in development mode, with this run's queue prefix, then `env`.
 */
export function appEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(DATABASE_URL|APP_DATABASE_URL|BOARD_DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|JEST|NODE_OPTIONS)/.test(k),
    ),
  );
  // each test run (and worker) its own queue prefix, so they never see each other's jobs in the shared Redis;
  // one process per app unless a test asks for more (server-processes.spec.ts does)
  return {
    ...clean,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    QUEUE_PREFIX: testQueuePrefix(),
    WEB_CONCURRENCY: '1',
    ...env,
  };
}

/** Starts an app from source exactly as `npm start` / scripts/run-ts.cjs does, capturing its output. */
export function startApp(entry: string, env: Record<string, string | undefined>): Started {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), entry], {
    cwd: ROOT,
    env: appEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls a URL until it answers 200, or the process exits, or the deadline passes. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null)
      throw new Error(`process exited (${started.child.exitCode}):\n${started.output()}`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    // a refused connection costs next to nothing: look often, so a start is not waited on for longer than it takes
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${url}:\n${started.output()}`);
}
