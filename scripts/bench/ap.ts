/**
 * `npm run bench:ap`: the case list endpoint against a minimal Fastify + `pg` handler running the
 * same SQL under the same RLS with the same audit insert, side by side in one run (issue 7).
 *
 * 1. Creates the database `rephub_bench` (dropped first) on BENCH_DATABASE_URL's server
 *    (default postgres://postgres@127.0.0.1:5432/postgres, a superuser on this machine), applies
 *    the migrations and seeds a realistic partnership (scripts/bench/ap-seed.ts).
 * 2. Starts the REP Hub API (apps/api, from source) and the baseline (scripts/bench/ap-baseline.ts)
 *    as child processes with the same pool size, and checks they answer the same first page.
 * 3. Drives each with autocannon at BENCH_CONNECTIONS (32) for BENCH_SECONDS (20) after a warm-up,
 *    alternating baseline, API, baseline, API, and prints requests per second, p50 and p99 and
 *    the ratios; the figures go to .data/bench/ap-<time>.json as well.
 *
 * The targets (issue 7): the API's throughput at least half the baseline's; its p99 under 100 ms.
 */
import { createDataSource, hashPassword, migrate } from '@rep-hub/platform';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { BENCH_SHAPE, seedBenchPartnership } from './ap-seed';

const ROOT = resolve(__dirname, '..', '..');
const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'rephub_bench';
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const POOL = process.env['DATABASE_POOL_SIZE'] ?? '10';
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 39_461);
const BASELINE_PORT = Number(process.env['BENCH_BASELINE_PORT'] ?? 39_462);
const PASSWORD = 'bench kettle orbit saffron';

const log = (m: string) => process.stdout.write(`${m}\n`);
const withDb = (url: string, db: string, user?: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
};

async function database(): Promise<void> {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const ds = createDataSource({ kind: 'postgres', url: withDb(SERVER, DB), poolSize: 1 });
  await ds.initialize();
  try {
    await migrate(ds, {});
  } finally {
    await ds.destroy();
  }
}

/** A child process of this run; its output is kept to explain a failure to start. */
function child(name: string, entry: string, env: Record<string, string>): { proc: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'run-ts.cjs'), entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  proc.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`${name} exited with ${code}:\n${out}\n`);
  });
  return { proc, output: () => out };
}

async function waitFor(url: string, output: () => string): Promise<void> {
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

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes?: unknown;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, statusCodes: r.statusCodeStats };
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`bench:ap: ${BENCH_SHAPE.las} LAs, ${BENCH_SHAPE.schools} schools, ${BENCH_SHAPE.providers} providers, ${BENCH_SHAPE.pupils} pupils, ${BENCH_SHAPE.placements} placements over ${BENCH_SHAPE.years} years`);
  log(`database ${DB}: migrating`);
  await database();
  const seedClient = new Client({ connectionString: withDb(SERVER, DB) });
  await seedClient.connect();
  log('seeding');
  const ids = await seedBenchPartnership(seedClient, await hashPassword(PASSWORD), log);
  const { rows: [counts] } = await seedClient.query(
    `SELECT (SELECT count(*) FROM pupils)::int AS pupils, (SELECT count(*) FROM ap_placements)::int AS placements, (SELECT count(*) FROM ap_attendance)::int AS sessions,
            (SELECT min(started_on)::text FROM ap_placements) AS first_start`,
  );
  log(`  seeded ${counts.pupils} pupils, ${counts.placements} placements from ${counts.first_start}, ${counts.sessions} attendance sessions`);
  await seedClient.end();

  const appUrl = withDb(SERVER, DB, 'rephub_app');
  const procs: ChildProcess[] = [];
  try {
    log('starting the API and the baseline');
    const api = child('API', 'apps/api/src/main.ts', {
      NODE_ENV: 'development',
      PORT: String(API_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: withDb(SERVER, DB),
      DATABASE_POOL_SIZE: POOL,
      // the bench signs in with a password only; TOTP has its own tests (and MFA off is refused in production)
      MFA_REQUIRED: 'false',
      LOG_LEVEL: 'warn',
      AUDIT_SEAL_INTERVAL_MS: '0',
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'rephub-bench',
      // the load comes from one address; the per-address limit (600 a minute) would answer 429
      API_REQUESTS_PER_MINUTE: '10000000',
    });
    procs.push(api.proc);
    const baselineProc = child('baseline', 'scripts/bench/ap-baseline.ts', {
      BASELINE_PORT: String(BASELINE_PORT),
      APP_DATABASE_URL: appUrl,
      DATABASE_POOL_SIZE: POOL,
      BENCH_TENANT_ID: ids.tenantId,
      BENCH_USER_ID: ids.userId,
      BENCH_LA_IDS: ids.laIds.join(','),
    });
    procs.push(baselineProc.proc);
    await waitFor(`http://127.0.0.1:${API_PORT}/live`, api.output);
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/api/v1/ap/cases`, baselineProc.output);

    const login = await fetch(`http://127.0.0.1:${API_PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ids.email, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken) throw new Error(`sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const apiUrl = `http://127.0.0.1:${API_PORT}/api/v1/ap/cases`;
    const baseUrl = `http://127.0.0.1:${BASELINE_PORT}/api/v1/ap/cases`;

    // the same page from both: same ids, in the same order
    type Page = { items: { id: string }[] };
    const [a, b] = (await Promise.all([fetch(apiUrl, { headers: auth }).then((r) => r.json()), fetch(baseUrl).then((r) => r.json())])) as [Page, Page];
    const idsOf = (x: Page) => x.items.map((i) => i.id).join(',');
    if (!a.items?.length || idsOf(a) !== idsOf(b)) throw new Error('The API and the baseline answer different pages');
    log(`both answer the same first page of ${a.items.length} cases`);

    log(`warm-up (5 s each), then ${ROUNDS} rounds of ${SECONDS} s each at ${CONNECTIONS} connections`);
    await load(baseUrl, {}, 5);
    await load(apiUrl, auth, 5);
    const rounds: { baseline: Figures; api: Figures }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const baseline = await load(baseUrl, {}, SECONDS);
      const api = await load(apiUrl, auth, SECONDS);
      rounds.push({ baseline, api });
      log(`  round ${i + 1}: baseline ${baseline.requestsPerSecond.toFixed(0)} req/s (p50 ${baseline.p50} ms, p99 ${baseline.p99} ms); API ${api.requestsPerSecond.toFixed(0)} req/s (p50 ${api.p50} ms, p99 ${api.p99} ms)`);
      if (api.non2xx || api.errors || baseline.non2xx || baseline.errors) {
        const probe = await fetch(apiUrl, { headers: auth });
        throw new Error(`failed requests: ${JSON.stringify({ api, baseline })}; the API now answers ${probe.status} ${(await probe.text()).slice(0, 300)}`);
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const summary = {
      baseline: { requestsPerSecond: mean(rounds.map((r) => r.baseline.requestsPerSecond)), p50: mean(rounds.map((r) => r.baseline.p50)), p99: mean(rounds.map((r) => r.baseline.p99)) },
      api: { requestsPerSecond: mean(rounds.map((r) => r.api.requestsPerSecond)), p50: mean(rounds.map((r) => r.api.p50)), p99: mean(rounds.map((r) => r.api.p99)) },
    };
    const ratios = {
      throughput: summary.api.requestsPerSecond / summary.baseline.requestsPerSecond,
      p50: summary.api.p50 / summary.baseline.p50,
      p99: summary.api.p99 / summary.baseline.p99,
    };
    const targets = { throughputAtLeastHalf: ratios.throughput >= 0.5, p99Under100ms: summary.api.p99 < 100 };
    log('');
    log(`| ${CONNECTIONS} connections | requests/s | p50 ms | p99 ms |`);
    log('| --- | ---: | ---: | ---: |');
    log(`| baseline (Fastify + pg) | ${summary.baseline.requestsPerSecond.toFixed(0)} | ${summary.baseline.p50.toFixed(1)} | ${summary.baseline.p99.toFixed(1)} |`);
    log(`| REP Hub API | ${summary.api.requestsPerSecond.toFixed(0)} | ${summary.api.p50.toFixed(1)} | ${summary.api.p99.toFixed(1)} |`);
    log(`| ratio (API / baseline) | ${ratios.throughput.toFixed(2)} | ${ratios.p50.toFixed(2)} | ${ratios.p99.toFixed(2)} |`);
    log('');
    log(`target: throughput ≥ 0.5 × baseline: ${targets.throughputAtLeastHalf ? 'met' : 'NOT met'}; p99 < 100 ms: ${targets.p99Under100ms ? 'met' : 'NOT met'}`);
    const dir = join(ROOT, '.data', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `ap-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), shape: BENCH_SHAPE, counts, connections: CONNECTIONS, seconds: SECONDS, pool: Number(POOL), rounds, summary, ratios, targets }, null, 2));
    log(`figures: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:ap failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
