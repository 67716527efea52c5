// The browser project's Jest environment: Node's, plus what one Jest worker's browser test files
// share. Jest loads this module once per worker process, outside the test files' sandboxes, so
// what it holds outlives each file: the app server every file uses (started by the first file
// that asks, see harness.ts startServer), the authenticator secrets set up so far and the API
// tokens issued for test set-up, so that a user signs in to the API and sets up an authenticator
// once per worker rather than once per file.
const { TestEnvironment } = require('jest-environment-node');
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');

/** Running servers by key: { child, base, output() }. */
const servers = new Map();
/** TOTP secrets by email: { secret, lastStep }. */
const secrets = new Map();
/** API access tokens by server, email, partnership and password: { token, email, issuedAt }. */
const tokens = new Map();
/** The databases the demo was seeded on by this worker's files (by name). */
const seeded = new Set();

/**
 * Starts apps/server from source with `env` (complete: nothing is inherited) and keeps it for the
 * worker's later files. Nothing of it keeps the worker alive: the worker stops it as it exits, and
 * the server ends by itself if the worker dies first (exit-with-parent.cjs).
 */
function startServer(key, base, env) {
  const child = spawn(
    process.execPath,
    ['--require', join(__dirname, 'exit-with-parent.cjs'), join(ROOT, 'scripts/run-ts.cjs'), 'apps/server/src/main.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  child.channel.unref();
  const server = { child, base, exited, output: () => out };
  servers.set(key, server);
  child.on('exit', () => {
    if (servers.get(key) === server) servers.delete(key);
  });
  return server;
}

process.on('exit', () => {
  for (const { child } of servers.values())
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

class BrowserWorkerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__rephubBrowserWorker = { servers, secrets, tokens, seeded, startServer };
  }
}

module.exports = BrowserWorkerEnvironment;
