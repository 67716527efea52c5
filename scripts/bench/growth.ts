/**
 * `npm run bench:growth`: whether the cost of a request stays flat as partnerships grow (issue 27).
 *
 * For each size in BENCH_GROWTH_SIZES (default 2,000, 20,000 and 200,000 cases in the tenant), in a
 * database of its own (`rephub_growth`, dropped first):
 * 1. seeds one partnership of that size (scripts/bench/growth-seed.ts) and measures it alone;
 * 2. seeds BENCH_GROWTH_TENANTS - 1 more of the same size (default 39: 40 in all) and measures the
 *    first again.
 * Each measurement starts the API as production runs it (the built bundle, dist/apps/api/main.js,
 * built first: harness.ts's buildApps, with its BENCH_SKIP_BUILD and BENCH_FROM_SOURCE; BENCH_PROCESSES
 * processes, default one per core), signs in as the first partnership's LA officer, and reads the
 * case list's first page:
 * - the shared buffers the list statement touches (EXPLAIN (ANALYZE, BUFFERS) as the app role,
 *   under the officer's RLS settings, warm), and the database's blocks per request over the load
 *   run (every statement of the request: the principal, the list, the audit row);
 * - p50 and p99 at BENCH_CONNECTIONS (32) for BENCH_SECONDS (15), after a 5 s warm-up;
 * - the resident memory of each API process under that load (the largest, sampled every 250 ms).
 * Seeding is not timed. The targets: buffers per request within 20% of each other over all the
 * measurements, p99 within 1.5 times, and no API process above 250 MB. Figures go to
 * .data/bench/growth-<time>.json as well.
 */
// every module's migrations (the one list the migration command uses), as the API the bench starts registers every module
import '../../apps/server/src/modules';
import { CASE_LIST_PLANNER, caseListStatement } from '@rep-hub/ap-domain';
import { hashPassword } from '@rep-hub/platform';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { GrowthTenant, seedGrowthTenant } from './growth-seed';
import {
  apiEnv,
  appEntry,
  buildApps,
  child,
  createBenchDatabase,
  FROM_SOURCE,
  load,
  log,
  processTree,
  ROOT,
  SERVER,
  startNodeArgs,
  waitFor,
  withDb,
} from './harness';

const DB = 'rephub_growth';
const SIZES = (process.env['BENCH_GROWTH_SIZES'] ?? '2000,20000,200000').split(',').map(Number);
const TENANTS = Number(process.env['BENCH_GROWTH_TENANTS'] ?? 40);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const PROCESSES = process.env['BENCH_PROCESSES'] ?? String(availableParallelism());
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 39_471);
const PASSWORD = 'bench kettle orbit saffron';
const LIMIT = 50;

interface Measurement {
  cases: number;
  tenants: number;
  /** Shared buffers (hit + read) of the list statement, warm. */
  listBuffers: number;
  /** The database's blocks (hit + read) per request over the load run: every statement of a request. */
  blocksPerRequest: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** The largest resident memory of any API process under the load, MB. */
  maxRssMb: number;
  non2xx: number;
}

/** The list statement's buffers, as the service runs it for the officer, under the same RLS settings. */
async function listBuffers(t: GrowthTenant): Promise<number> {
  const c = new Client({ connectionString: withDb(SERVER, DB, 'rephub_app') });
  await c.connect();
  try {
    let buffers = 0;
    for (let i = 0; i < 3; i++) {
      await c.query('BEGIN');
      await c.query(
        `SELECT set_config('app.tenant_id', $1, true), set_config('app.actor_id', $2, true), set_config('app.la_ids', $3, true)`,
        [t.tenantId, t.userId, t.laId],
      );
      // the statement as CasesService.list writes it for the officer: scope (tenant and LA) and drivers (the LA)
      const params: unknown[] = [t.tenantId, t.tenantId, [t.laId]];
      const list = caseListStatement(params, {
        scope: `(c.tenant_id = $2 AND c.la_id = ANY ($3))`,
        drivers: { la_id: [t.laId], setting_id: [], provider_id: [] },
        sort: 'updated',
        limit: LIMIT,
      });
      if (list.ordered) await c.query(CASE_LIST_PLANNER);
      const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${list.text}`, params);
      await c.query('ROLLBACK');
      const plan = (rows[0]['QUERY PLAN'] as { Plan: Record<string, number> }[])[0].Plan;
      buffers = plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
    }
    return buffers;
  } finally {
    await c.end();
  }
}

/** Each size's figures as soon as they are taken: the largest size's seeding takes an hour. */
function said(m: Measurement): Measurement {
  log(
    `    list buffers ${m.listBuffers}, blocks/request ${m.blocksPerRequest}, ${m.requestsPerSecond} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, max RSS ${m.maxRssMb} MB`,
  );
  return m;
}

/**
 * The seeding's dirty pages written out before a measurement, not during it: otherwise the checkpoint
 * that follows a bulk load spreads its writes over the next minutes (checkpoint_completion_target),
 * into the load run, and the p99 measures the seeding's I/O rather than the request.
 */
async function settle(c: Client): Promise<void> {
  await c.query('CHECKPOINT');
}

async function blocks(c: Client): Promise<number> {
  const { rows } = await c.query(
    `SELECT (blks_hit + blks_read)::bigint AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(rows[0].n);
}

async function measure(t: GrowthTenant, cases: number, tenants: number): Promise<Measurement> {
  // with the node options of npm run start:api, as production starts it
  const api = child(
    'API',
    appEntry('api'),
    { ...apiEnv(DB, API_PORT), WEB_CONCURRENCY: PROCESSES },
    startNodeArgs('api'),
  );
  try {
    await waitFor(`http://127.0.0.1:${API_PORT}/live`, api.output);
    const login = await fetch(`http://127.0.0.1:${API_PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: t.email, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken) throw new Error(`sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const headers = { authorization: `Bearer ${tokens.accessToken}` };
    const url = `http://127.0.0.1:${API_PORT}/api/v1/ap/cases`;
    const first = (await (await fetch(url, { headers })).json()) as { items?: unknown[] };
    if (first.items?.length !== LIMIT) throw new Error(`the first page has ${first.items?.length} cases, not ${LIMIT}`);

    await load(url, headers, 5, CONNECTIONS);
    const buffers = await listBuffers(t);
    const stats = new Client({ connectionString: withDb(SERVER, DB) });
    await stats.connect();
    await stats.query('SELECT pg_stat_clear_snapshot()');
    const before = await blocks(stats);
    const rss = new Map<string, number>();
    const sampler = setInterval(() => {
      for (const [pid, p] of processTree(api.proc.pid!)) rss.set(pid, Math.max(rss.get(pid) ?? 0, p.rssMb));
    }, 250);
    const f = await load(url, headers, SECONDS, CONNECTIONS);
    clearInterval(sampler);
    // the statistics collector reports at most every 500 ms
    await new Promise((r) => setTimeout(r, 1_000));
    await stats.query('SELECT pg_stat_clear_snapshot()');
    const after = await blocks(stats);
    await stats.end();
    const requests = f.requestsPerSecond * SECONDS;
    return {
      cases,
      tenants,
      listBuffers: buffers,
      blocksPerRequest: Number(((after - before) / Math.max(1, requests)).toFixed(1)),
      requestsPerSecond: Math.round(f.requestsPerSecond),
      p50: f.p50,
      p99: f.p99,
      maxRssMb: Math.round(Math.max(...rss.values())),
      non2xx: f.non2xx,
    };
  } finally {
    api.proc.kill('SIGTERM');
    await new Promise((r) => api.proc.once('exit', r));
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  buildApps(['api']);
  const hash = await hashPassword(PASSWORD);
  const results: Measurement[] = [];
  log(
    `bench:growth: ${SIZES.join(', ')} cases a partnership, 1 and ${TENANTS} partnerships; ${PROCESSES} API process(es) ${FROM_SOURCE ? 'from source' : `built (${appEntry('api')})`}, ${CONNECTIONS} connections, ${SECONDS} s`,
  );
  for (const size of SIZES) {
    log(`database ${DB}: migrating`);
    await createBenchDatabase(DB);
    const c = new Client({ connectionString: withDb(SERVER, DB) });
    await c.connect();
    try {
      const measured = await seedGrowthTenant(c, 1, size, hash);
      await c.query('ANALYZE');
      await settle(c);
      log(`  measuring ${size} cases, 1 partnership`);
      results.push(said(await measure(measured, size, 1)));
      const t = Date.now();
      for (let i = 2; i <= TENANTS; i++) {
        await seedGrowthTenant(c, i, size, hash);
        if (i % 10 === 0 || i === TENANTS)
          log(`  seeded ${i} partnerships (${((Date.now() - t) / 1000).toFixed(0)} s)`);
      }
      await c.query('VACUUM ANALYZE');
      await settle(c);
      log(`  measuring ${size} cases, ${TENANTS} partnerships`);
      results.push(said(await measure(measured, size, TENANTS)));
    } finally {
      await c.end();
    }
  }

  log('');
  log(
    '| cases a partnership | partnerships | list buffers | blocks/request | requests/s | p50 ms | p99 ms | max RSS per process MB |',
  );
  log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of results)
    log(
      `| ${m.cases} | ${m.tenants} | ${m.listBuffers} | ${m.blocksPerRequest} | ${m.requestsPerSecond} | ${m.p50} | ${m.p99} | ${m.maxRssMb} |`,
    );
  const spread = (xs: number[]) => Math.max(...xs) / Math.max(1, Math.min(...xs));
  const buffers = spread(results.map((m) => m.listBuffers));
  const perRequest = spread(results.map((m) => m.blocksPerRequest));
  const p99 = spread(results.map((m) => m.p99));
  const rss = Math.max(...results.map((m) => m.maxRssMb));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log('');
  log(
    `targets: list buffers within 20% (largest / smallest ${buffers.toFixed(2)}): ${met(buffers <= 1.2)}; blocks per request ${perRequest.toFixed(2)}: ${met(perRequest <= 1.2)}; p99 within 1.5x (${p99.toFixed(2)}): ${met(p99 <= 1.5)}; RSS per process below 250 MB (${rss} MB): ${met(rss < 250)}`,
  );
  if (results.some((m) => m.non2xx > 0)) log('WARNING: some requests were not answered 2xx');
  const dir = join(ROOT, '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `growth-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        sizes: SIZES,
        tenants: TENANTS,
        processes: Number(PROCESSES),
        api: FROM_SOURCE ? 'source' : 'built',
        connections: CONNECTIONS,
        seconds: SECONDS,
        results,
      },
      null,
      2,
    ),
  );
  log(`figures: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:growth failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
