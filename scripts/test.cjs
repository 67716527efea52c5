#!/usr/bin/env node
// `npm test`: all suites against real PostgreSQL (TEST_DATABASE_URL, loopback only; default
// postgres://postgres@127.0.0.1:5432/postgres) and Redis (TEST_REDIS_URL, default
// redis://127.0.0.1:6379). PGlite needs --experimental-vm-modules under Jest.
//
// Every process the run starts (Jest, its workers, the app servers and browsers the tests start)
// inherits REPHUB_TEST_RUN, which names this run. However the run ends (done, a failing test,
// Ctrl-C, a worker killed), none of them may outlive it: once Jest has exited, any still alive a
// few seconds later is named, killed, and fails the run.
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const run = process.env.REPHUB_TEST_RUN || randomUUID();
const env = {
  ...process.env,
  REPHUB_TEST_RUN: run,
  // Jest reads its .cts configs through ts-node, which type-checked them: 2 s of CPU at every start,
  // for settings files that are plain CommonJS (module.exports of an object)
  TS_NODE_TRANSPILE_ONLY: 'true',
  // every statement of a tenant unit of work, in the suites and the servers they start, must name
  // tenant_id when it names a tenant table (docs/scaling.md): one that does not fails its test
  REPHUB_TENANT_FILTER_CHECK: process.env.REPHUB_TENANT_FILTER_CHECK || 'throw',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
};
const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const args = [jest, '-c', join(__dirname, '..', 'jest.config.cts'), '--ci', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit', env });

// Ctrl-C reaches Jest through the terminal's process group; a signal sent to this process alone is
// passed on. Either way this process waits for Jest, then looks for what it left behind.
let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    interrupted ??= signal;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });

/** This run's live processes other than this one: pid and command line. */
function leftOver() {
  const mark = `\0REPHUB_TEST_RUN=${run}\0`;
  const found = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!`\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(mark)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // ended, not yet reaped
      found.push({ pid, args: readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Daemons gpg starts for the user on first use (gpg-agent, dirmngr, keyboxd), by their command line. */
const GPG_DAEMONS = /^(\S*\/)?(gpg-agent|dirmngr|keyboxd)( |$)/;

function send(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

child.on('exit', async (code, signal) => {
  let status = interrupted || signal ? 130 : (code ?? 1);
  if (process.platform === 'linux') {
    let left = leftOver();
    // an interrupted Jest leaves its workers running their tests (and so their servers and
    // browsers): they are this run's to end, not leaks
    if (interrupted) for (const p of left) send(p.pid, 'SIGTERM');
    // servers get SIGTERM as their worker exits and drain for up to SHUTDOWN_DEADLINE_MS (10 s);
    // gpg's agent (below) never ends by itself, so it is not waited for
    const deadline = Date.now() + 15_000;
    while (left.some((p) => !GPG_DAEMONS.test(p.args)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      left = leftOver();
    }
    // gpg (the backup suites encrypt with it) starts its per-user agent on demand and leaves it
    // running, as it does for any user: ended here, not counted as a leak of ours
    const daemons = left.filter((p) => GPG_DAEMONS.test(p.args));
    for (const p of daemons) send(p.pid, 'SIGTERM');
    left = left.filter((p) => !daemons.includes(p));
    if (left.length) {
      process.stderr.write(
        `\n${left.length} process(es) started by this test run outlived it (killed now):\n` +
          left.map((p) => `  pid ${p.pid}: ${p.args.slice(0, 300)}\n`).join(''),
      );
      for (const p of left) send(p.pid, 'SIGKILL');
      status = status || 1;
    }
  }
  process.exit(status);
});
