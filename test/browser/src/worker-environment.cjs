// The browser project's Jest environment: Node's, plus what one Jest worker's browser test files
// share. Jest loads this module once per worker process, outside the test files' sandboxes, so
// what it holds outlives each file: the app server every file uses (started by the first file
// that asks, see harness.ts startServer), the authenticator secrets set up so far and the API
// tokens issued for test set-up, so that a user signs in to the API and sets up an authenticator
// once per worker rather than once per file.
const { TestEnvironment } = require('jest-environment-node');
const { spawn } = require('node:child_process');
const { closeSync, openSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');

/** Running servers by key: { child, base, output() }. */
const servers = new Map();
/** TOTP secrets by email: { secret, lastStep }. */
const secrets = new Map();
/** API access tokens by server, email, partnership and password: { token, email, issuedAt }. */
const tokens = new Map();

/**
 * Starts apps/server from source with `env` (complete: nothing is inherited) and keeps it for the
 * worker's later files. Nothing of it keeps the worker alive: the worker stops it as it exits, and
 * the server ends by itself if the worker dies first (exit-with-parent.cjs).
 *
 * Its output goes to a file, never to pipes: the server logs as it shuts down, which is after the
 * worker has gone, and pino's exit flush (sonic-boom 4 flushSync) retries a write that fails with
 * EPIPE for ever, blocking the server's event loop inside process.exit, so that neither its drain
 * nor exit-with-parent's deadline could end it. A file never refuses a write.
 */
function startServer(key, base, env) {
  const log = join(tmpdir(), `rephub-browser-server-${process.pid}-${key}-${Date.now()}.log`);
  const fd = openSync(log, 'w');
  let child;
  try {
    child = spawn(
      process.execPath,
      [
        '--require',
        join(__dirname, 'exit-with-parent.cjs'),
        join(ROOT, 'scripts/run-ts.cjs'),
        'apps/server/src/main.ts',
      ],
      { cwd: ROOT, env, stdio: ['ignore', fd, fd, 'ipc'] },
    );
  } finally {
    closeSync(fd);
  }
  const output = () => {
    try {
      return readFileSync(log, 'utf8');
    } catch {
      return '';
    }
  };
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.unref();
  child.channel.unref();
  const server = { child, base, exited, output, log };
  servers.set(key, server);
  child.on('exit', () => {
    if (servers.get(key) === server) servers.delete(key);
    rmSync(log, { force: true });
  });
  return server;
}

process.on('exit', () => {
  for (const { child, log } of servers.values()) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // the server keeps writing to the unlinked file until it ends
    rmSync(log, { force: true });
  }
});

class BrowserWorkerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__rephubBrowserWorker = { servers, secrets, tokens, startServer };
  }
}

module.exports = BrowserWorkerEnvironment;
