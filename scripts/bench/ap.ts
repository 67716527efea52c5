/**
 * `npm run bench:ap`: the case list endpoint against a minimal Fastify + `pg` handler running the
 * same SQL under the same RLS with the same audit insert, side by side in one run (issue 7).
 *
 * 1. Creates the database `rephub_bench` (dropped first) on BENCH_DATABASE_URL's server
 *    (default postgres://postgres@127.0.0.1:5432/postgres, a superuser on this machine), applies
 *    the migrations and seeds a realistic partnership (scripts/bench/ap-seed.ts).
 * 2. Starts the REP Hub API (apps/api, from source) and two baselines (scripts/bench/ap-baseline.ts)
 *    as child processes with the same pool size, and checks all three answer the same first page:
 *    the minimal handler (plain queries, parsed and planned each time) and the same handler with
 *    the two statements prepared, as the API prepares them.
 * 3. Drives each with autocannon at BENCH_CONNECTIONS (32) for BENCH_SECONDS (20) after a warm-up,
 *    in turn (baseline, prepared baseline, API) for BENCH_ROUNDS rounds, and prints requests per
 *    second, p50 and p99, the CPU each request cost the server and PostgreSQL, and the ratios; the
 *    figures go to .data/bench/ap-<time>.json as well.
 *
 * The targets (issue 27), against the prepared baseline, which does the same work (the token, the
 * rate limit in Redis, principal_context(), the same SQL down to its plan, the audit row): the
 * API's throughput at least 0.8 of its throughput, its p99 at most 1.5 times its p99, and its
 * server CPU per request at most twice its CPU. What stands between them is what Nest, Express,
 * validation, CASL and the product's own code cost. Each server runs BENCH_PROCESSES processes
 * (default one per core).
 */
// every module's migrations (the one list the migration command uses), as the API the bench starts registers every module
import '../../apps/server/src/modules';
import { hashPassword } from '@rep-hub/platform';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { Client } from 'pg';
import { BENCH_SHAPE, seedBenchPartnership } from './ap-seed';
import { apiEnv, child, createBenchDatabase, Figures, load, log, ROOT, SERVER, waitFor, withDb } from './harness';

const DB = 'rephub_bench';
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const POOL = process.env['DATABASE_POOL_SIZE'] ?? '10';
/** Processes of the API and of each baseline alike (WEB_CONCURRENCY): by default one per core, as in production. */
const PROCESSES = process.env['BENCH_PROCESSES'] ?? String(availableParallelism());
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 39_461);
const BASELINE_PORT = Number(process.env['BENCH_BASELINE_PORT'] ?? 39_462);
const PREPARED_PORT = BASELINE_PORT + 1;
const PASSWORD = 'bench kettle orbit saffron';

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `bench:ap: ${BENCH_SHAPE.las} LAs, ${BENCH_SHAPE.schools} schools, ${BENCH_SHAPE.providers} providers, ${BENCH_SHAPE.pupils} pupils, ${BENCH_SHAPE.placements} placements over ${BENCH_SHAPE.years} years`,
  );
  log(`database ${DB}: migrating`);
  await createBenchDatabase(DB);
  const seedClient = new Client({ connectionString: withDb(SERVER, DB) });
  await seedClient.connect();
  log('seeding');
  const ids = await seedBenchPartnership(seedClient, await hashPassword(PASSWORD), log);
  const {
    rows: [counts],
  } = await seedClient.query(
    `SELECT (SELECT count(*) FROM pupils)::int AS pupils, (SELECT count(*) FROM ap_placements)::int AS placements, (SELECT count(*) FROM ap_attendance)::int AS sessions,
            (SELECT min(started_on)::text FROM ap_placements) AS first_start`,
  );
  log(
    `  seeded ${counts.pupils} pupils, ${counts.placements} placements from ${counts.first_start}, ${counts.sessions} attendance sessions`,
  );
  await seedClient.end();

  const appUrl = withDb(SERVER, DB, 'rephub_app');
  const procs: ChildProcess[] = [];
  try {
    log('starting the API and the baselines');
    const api = child('API', 'apps/api/src/main.ts', {
      ...apiEnv(DB, API_PORT),
      DATABASE_POOL_SIZE: POOL,
      WEB_CONCURRENCY: PROCESSES,
    });
    procs.push(api.proc);
    const baselineEnv = {
      APP_DATABASE_URL: appUrl,
      DATABASE_POOL_SIZE: POOL,
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      API_REQUESTS_PER_MINUTE: '10000000',
      WEB_CONCURRENCY: PROCESSES,
    };
    const plain = child('baseline', 'scripts/bench/ap-baseline.ts', {
      ...baselineEnv,
      BASELINE_PORT: String(BASELINE_PORT),
    });
    const prepared = child('prepared baseline', 'scripts/bench/ap-baseline.ts', {
      ...baselineEnv,
      BASELINE_PORT: String(PREPARED_PORT),
      BASELINE_PREPARED: '1',
    });
    procs.push(plain.proc, prepared.proc);
    await waitFor(`http://127.0.0.1:${API_PORT}/live`, api.output);
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/api/v1/ap/cases`, plain.output);
    await waitFor(`http://127.0.0.1:${PREPARED_PORT}/api/v1/ap/cases`, prepared.output);

    const login = await fetch(`http://127.0.0.1:${API_PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ids.email, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken) throw new Error(`sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const servers = [
      {
        key: 'baseline',
        label: 'baseline (Fastify + pg)',
        url: `http://127.0.0.1:${BASELINE_PORT}/api/v1/ap/cases`,
        headers: auth,
        pid: plain.proc.pid,
      },
      {
        key: 'prepared',
        label: 'baseline, statements prepared',
        url: `http://127.0.0.1:${PREPARED_PORT}/api/v1/ap/cases`,
        headers: auth,
        pid: prepared.proc.pid,
      },
      {
        key: 'api',
        label: 'REP Hub API',
        url: `http://127.0.0.1:${API_PORT}/api/v1/ap/cases`,
        headers: auth,
        pid: api.proc.pid,
      },
    ] as const;
    type Key = (typeof servers)[number]['key'];

    // the same page from all three: same ids, in the same order, and the same JSON
    const pages = await Promise.all(
      servers.map((x) =>
        fetch(x.url, { headers: x.headers }).then((r) => r.json() as Promise<{ items: { id: string }[] }>),
      ),
    );
    const [first, ...others] = pages.map((p) => JSON.stringify(p.items));
    if (!pages[0]?.items?.length || others.some((o) => o !== first))
      throw new Error('The API and the baselines answer different pages');
    log(`all three answer the same first page of ${pages[0].items.length} cases`);

    log(
      `warm-up (5 s each), then ${ROUNDS} rounds of ${SECONDS} s each at ${CONNECTIONS} connections; ${PROCESSES} process(es) each`,
    );
    for (const x of servers) await load(x.url, x.headers, 5, CONNECTIONS);
    const rounds: Record<Key, Figures>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const round = {} as Record<Key, Figures>;
      for (const x of servers) {
        const f = await load(x.url, x.headers, SECONDS, CONNECTIONS, x.pid);
        if (f.non2xx || f.errors) {
          const probe = await fetch(x.url, { headers: x.headers });
          throw new Error(
            `${x.label}: failed requests ${JSON.stringify(f)}; it now answers ${probe.status} ${(await probe.text()).slice(0, 300)}`,
          );
        }
        round[x.key] = f;
      }
      rounds.push(round);
      log(
        `  round ${i + 1}: ${servers.map((x) => `${x.key} ${round[x.key].requestsPerSecond.toFixed(0)} req/s (p50 ${round[x.key].p50} ms, p99 ${round[x.key].p99} ms)`).join('; ')}`,
      );
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const summary = Object.fromEntries(
      servers.map((x) => {
        const fs = rounds.map((r) => r[x.key]);
        const cpu = fs.every((f) => f.cpu)
          ? { server: mean(fs.map((f) => f.cpu!.server)), postgres: mean(fs.map((f) => f.cpu!.postgres)) }
          : null;
        return [
          x.key,
          {
            requestsPerSecond: mean(fs.map((f) => f.requestsPerSecond)),
            p50: mean(fs.map((f) => f.p50)),
            p99: mean(fs.map((f) => f.p99)),
            cpu,
          },
        ];
      }),
    ) as Record<
      Key,
      { requestsPerSecond: number; p50: number; p99: number; cpu: { server: number; postgres: number } | null }
    >;
    const ratio = (to: Key) => ({
      throughput: summary.api.requestsPerSecond / summary[to].requestsPerSecond,
      p50: summary.api.p50 / summary[to].p50,
      p99: summary.api.p99 / summary[to].p99,
      serverCpu: summary.api.cpu && summary[to].cpu ? summary.api.cpu.server / summary[to].cpu!.server : null,
    });
    const ratios = ratio('baseline');
    const ratiosToPrepared = ratio('prepared');
    // issue 27's targets, against the prepared baseline doing the same work
    const targets = {
      throughputAtLeast08: ratiosToPrepared.throughput >= 0.8,
      p99AtMost15: ratiosToPrepared.p99 <= 1.5,
      serverCpuAtMost2: ratiosToPrepared.serverCpu !== null && ratiosToPrepared.serverCpu <= 2,
    };
    const cpuCell = (k: Key) =>
      summary[k].cpu ? `${summary[k].cpu!.server.toFixed(2)} | ${summary[k].cpu!.postgres.toFixed(2)}` : '– | –';
    log('');
    log(
      `| ${CONNECTIONS} connections | requests/s | p50 ms | p99 ms | server CPU ms/request | PostgreSQL CPU ms/request |`,
    );
    log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const x of servers)
      log(
        `| ${x.label} | ${summary[x.key].requestsPerSecond.toFixed(0)} | ${summary[x.key].p50.toFixed(1)} | ${summary[x.key].p99.toFixed(1)} | ${cpuCell(x.key)} |`,
      );
    const cpuRatio = (r: { serverCpu: number | null }) => (r.serverCpu === null ? '' : r.serverCpu.toFixed(2));
    log(
      `| ratio, API / baseline | ${ratios.throughput.toFixed(2)} | ${ratios.p50.toFixed(2)} | ${ratios.p99.toFixed(2)} | ${cpuRatio(ratios)} | |`,
    );
    log(
      `| ratio, API / prepared baseline | ${ratiosToPrepared.throughput.toFixed(2)} | ${ratiosToPrepared.p50.toFixed(2)} | ${ratiosToPrepared.p99.toFixed(2)} | ${cpuRatio(ratiosToPrepared)} | |`,
    );
    log('');
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    log(
      `targets against the prepared baseline: throughput ≥ 0.8×: ${met(targets.throughputAtLeast08)}; p99 ≤ 1.5×: ${met(targets.p99AtMost15)}; server CPU ≤ 2×: ${met(targets.serverCpuAtMost2)}`,
    );
    const dir = join(ROOT, '.data', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `ap-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          shape: BENCH_SHAPE,
          counts,
          connections: CONNECTIONS,
          seconds: SECONDS,
          pool: Number(POOL),
          processes: Number(PROCESSES),
          rounds,
          summary,
          ratios,
          ratiosToPrepared,
          targets,
        },
        null,
        2,
      ),
    );
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
