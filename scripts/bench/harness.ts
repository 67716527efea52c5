/**
 * What the benches share: their database, their child processes, and one load run's figures
 * (autocannon, and the CPU of the server's process tree and of PostgreSQL, read from /proc).
 */
import { createDataSource, migrate } from '@rep-hub/platform';
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
/** A superuser's URL on the server the benches use. */
export const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const log = (m: string) => process.stdout.write(`${m}\n`);
export const withDb = (url: string, db: string, user?: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
};

/** Creates the database `db` (dropped first) and applies the migrations of every module imported. */
export async function createBenchDatabase(db: string): Promise<void> {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const ds = createDataSource({ kind: 'postgres', url: withDb(SERVER, db), poolSize: 1 });
  await ds.initialize();
  try {
    await migrate(ds, {});
  } finally {
    await ds.destroy();
  }
}

/**
 * A child process of this run; its output is kept to explain a failure to start. A TypeScript
 * entry runs from source (scripts/run-ts.cjs); a built one (dist/apps/<app>/main.js) with plain
 * node, as production runs it.
 */
export function child(
  name: string,
  entry: string,
  env: Record<string, string>,
  /** Node's own options before the entry (V8's heap flags, as the process's start script gives them) */
  nodeArgs: string[] = [],
): { proc: ChildProcess; output: () => string } {
  const args = entry.endsWith('.js') ? [join(ROOT, entry)] : [join(ROOT, 'scripts', 'run-ts.cjs'), entry];
  const proc = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  proc.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`${name} exited with ${code}:\n${out}\n`);
  });
  return { proc, output: () => out };
}

/** BENCH_FROM_SOURCE=1: the benches run the apps from source (about 100 MB more each at idle) rather than as production does. */
export const FROM_SOURCE = process.env['BENCH_FROM_SOURCE'] === '1';

/** An app's entry for child(): its built bundle (dist/apps/<app>/main.js), as production runs it, or its source with BENCH_FROM_SOURCE=1. */
export const appEntry = (app: string) => (FROM_SOURCE ? `apps/${app}/src/main.ts` : `dist/apps/${app}/main.js`);

/**
 * Node's options of an app as production starts it: those before its bundle in `npm run start:<app>`
 * (the same as docker-compose.yml's), e.g. a V8 heap limit, which sets how far the heap grows.
 */
export function startNodeArgs(app: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const options = new RegExp(`\\bnode((?:\\s+--\\S+)*)\\s+dist/apps/${app}/main\\.js`).exec(
    scripts[`start:${app}`] ?? '',
  );
  if (!options) throw new Error(`package.json’s start:${app} does not start dist/apps/${app}/main.js with node`);
  return options[1].trim().split(/\s+/).filter(Boolean);
}

/**
 * Builds the apps' bundles (not timed; Nx's cache makes it quick when their code has not changed,
 * and rebuilds them when it has), unless BENCH_FROM_SOURCE=1, or BENCH_SKIP_BUILD=1 (the build
 * already in dist/, which must be of the code measured).
 */
export function buildApps(apps: string[]): void {
  if (FROM_SOURCE) return;
  if (process.env['BENCH_SKIP_BUILD'] !== '1') {
    log(`building ${apps.join(', ')} (nx run-many -t build --projects=${apps.join(',')})`);
    const built = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${apps.join(',')}`, '--parallel=1'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0) throw new Error(`the build failed (${built.status})`);
  }
  for (const app of apps)
    if (!existsSync(join(ROOT, appEntry(app))))
      throw new Error(`${appEntry(app)} is missing: run npm run build, or unset BENCH_SKIP_BUILD`);
}

export async function waitFor(url: string, output: () => string): Promise<void> {
  for (let i = 0; i < 180; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer in 90 s:\n${output()}`);
}

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  /** From every response's time (autocannon's histogram has no 95th percentile), nearest rank. */
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes?: unknown;
  /** CPU milliseconds per request: the server's process, and all of PostgreSQL's (null without /proc). */
  cpu: { server: number; postgres: number } | null;
}

/** Every process now, from /proc/<pid>/stat (Linux): its parent, name, CPU time (ms) and resident memory (MB). */
function processes(): { pid: string; ppid: string; name: string; cpuMs: number; rssMb: number }[] {
  const out: { pid: string; ppid: string; name: string; cpuMs: number; rssMb: number }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // the fields after the name, from the state (field 3) on
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        pid: d,
        ppid: f[1],
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        cpuMs: (Number(f[11]) + Number(f[12])) * 10, // utime + stime, at Linux's 100 ticks a second
        rssMb: (Number(f[21]) * 4096) / (1024 * 1024), // resident pages of 4 KiB
      });
    } catch {
      /* gone since listed */
    }
  }
  return out;
}

/** A server's processes: the one started and every process it forked (one per core), by pid. */
export function processTree(pid: number): Map<string, { cpuMs: number; rssMb: number }> {
  const all = processes();
  const tree = new Set([String(pid)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
  }
  return new Map(all.filter((p) => tree.has(p.pid)).map((p) => [p.pid, p]));
}

/** Whether a PostgreSQL process is a backend connected to `database` (its title names it). */
function servesDatabase(pid: string, database: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').split(' ').includes(database);
  } catch {
    return false;
  }
}

/**
 * CPU time (ms) of a server (its process and the processes it forked: one per core), and of each
 * PostgreSQL process by pid (only the backends of `database` when given: on a server others share),
 * from /proc (Linux); null elsewhere.
 */
export function cpuNow(
  pid: number | undefined,
  database?: string,
): { server: number; postgres: Map<string, number> } | null {
  try {
    const postgres = new Map(
      processes()
        .filter((p) => p.name.startsWith('postgres') && (!database || servesDatabase(p.pid, database)))
        .map((p) => [p.pid, p.cpuMs]),
    );
    const server = pid ? [...processTree(pid).values()].reduce((sum, p) => sum + p.cpuMs, 0) : 0;
    return { server, postgres };
  } catch {
    return null;
  }
}

/** PostgreSQL's CPU between two readings: each process's own growth (a backend that ended is not counted). */
const postgresBetween = (a: Map<string, number>, b: Map<string, number>) =>
  [...b].reduce((sum, [pid, t]) => sum + t - (a.get(pid) ?? 0), 0);

export async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
  pid?: number,
  /** timeoutSeconds: how long a request may wait before it counts as an error (autocannon's default 10 s); database: count only its backends' CPU */
  opts: { timeoutSeconds?: number; database?: string } = {},
): Promise<Figures> {
  const before = cpuNow(pid, opts.database);
  // without a callback autocannon answers its tracker (an EventEmitter) made thenable: its type says only Promise
  const run = autocannon({
    url,
    connections,
    duration: seconds,
    headers,
    timeout: opts.timeoutSeconds ?? 10,
  }) as unknown as Promise<autocannon.Result> & import('node:events').EventEmitter;
  const times: number[] = [];
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const r = await run;
  const after = cpuNow(pid, opts.database);
  times.sort((a, b) => a - b);
  const per = (a: number, b: number) => Number(((b - a) / Math.max(1, r.requests.total)).toFixed(2));
  return {
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p95: times.length ? times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)] : 0,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    statusCodes: r.statusCodeStats,
    cpu:
      before && after
        ? {
            server: per(before.server, after.server),
            postgres: per(0, postgresBetween(before.postgres, after.postgres)),
          }
        : null,
  };
}

/**
 * The API's environment in a bench: development mode with MFA off (the bench signs in with a
 * password; TOTP has its own tests, and MFA off is refused in production), warnings only in the
 * log, no audit sealing on a timer, and the per-address limit raised since the load comes from one
 * address.
 */
export function apiEnv(db: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: withDb(SERVER, db),
    MFA_REQUIRED: 'false',
    LOG_LEVEL: 'warn',
    AUDIT_SEAL_INTERVAL_MS: '0',
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: 'rephub-bench',
    API_REQUESTS_PER_MINUTE: '10000000',
  };
}
