/**
 * `npm run bench:measures`: the AP measures at `bench:ap` size (issue 22, "computed indicators at
 * the speed of a page"), read from the summaries, against the on-demand reference query in the
 * same run (issue 27's conventions: ratios against a baseline timed in the same process tree).
 *
 * 1. Creates the database `rephub_bench_measures` (dropped first), applies the migrations and
 *    seeds the `bench:ap` partnership (scripts/bench/ap-seed.ts: four LAs, 8,240 cases, 8,000
 *    placements, their attendance over three years); the triggers keep the summaries as it seeds.
 *    Adds a partnership lead, who sees all four LAs.
 * 2. Starts the REP Hub API (apps/api, from source, one process) and, in this process, the same
 *    modules as an application context.
 * 3. For each period (two academic years to today, and the academic year to date), one request
 *    at a time after a warm-up: the measures API (JSON), its CSV export, `ApIndicators.compute(period)`
 *    (what the evaluation library and the returns call), the summaries' SQL alone, and the
 *    on-demand reference SQL alone (`REFERENCE_FIGURES`, the figures before the summaries), each
 *    as the lead through the product's unit of work. Prints p50 and p95 and the ratios to the
 *    reference, and checks the summaries and the reference give the same figures.
 *
 * The target: p95 under 150 ms for the API, the export and compute(period). It is a bench, not a
 * test: nothing fails on a slow machine. BENCH_SAMPLES (default 40) requests of each kind;
 * BENCH_REFERENCE_SAMPLES (default 12) of the slow reference.
 */
// every module's migrations (the one list the migration command uses), as the API the bench starts registers every module
import '../../apps/server/src/modules';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApApiModule } from '@rep-hub/ap-api';
import { ApIndicators, measureSections, REFERENCE_FIGURES, SUMMARY_FIGURES } from '@rep-hub/ap-domain';
import { appCoreModules, AuthContext, PrincipalResolver } from '@rep-hub/auth';
import { hashPassword, loadConfig, schoolToday, UnitOfWork } from '@rep-hub/platform';
import { ClsService } from 'nestjs-cls';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { BENCH_SHAPE, seedBenchPartnership } from './ap-seed';
import { apiEnv, child, createBenchDatabase, log, ROOT, SERVER, waitFor, withDb } from './harness';

const DB = 'rephub_bench_measures';
const PORT = Number(process.env['BENCH_API_PORT'] ?? 39_471);
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 40);
const REFERENCE_SAMPLES = Number(process.env['BENCH_REFERENCE_SAMPLES'] ?? 12);
const WARM_UP = 3;
const PASSWORD = 'bench kettle orbit saffron';
const LEAD = 'bench.lead@bench.example';

interface Timing {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

/** p50 and p95 (nearest rank) of `n` sequential runs of `work`, in milliseconds, after a warm-up. */
async function time(n: number, work: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const rank = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return { n, p50: rank(0.5), p95: rank(0.95), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

function periods(): { name: string; from: string; to: string }[] {
  const to = schoolToday();
  const [y, m] = to.split('-').map(Number);
  const start = m >= 9 ? y : y - 1;
  return [
    { name: 'two academic years and this one to date', from: `${start - 2}-09-01`, to },
    { name: 'academic year to date', from: `${start}-09-01`, to },
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `bench:measures: ${BENCH_SHAPE.las} LAs, ${BENCH_SHAPE.pupils} pupils, ${BENCH_SHAPE.placements} placements over ${BENCH_SHAPE.years} years`,
  );
  log(`database ${DB}: migrating`);
  await createBenchDatabase(DB);
  const seedClient = new Client({ connectionString: withDb(SERVER, DB) });
  await seedClient.connect();
  log('seeding (the triggers keep the summaries as it goes)');
  const hash = await hashPassword(PASSWORD);
  const ids = await seedBenchPartnership(seedClient, hash, log);
  const {
    rows: [lead],
  } = await seedClient.query(
    `INSERT INTO users (email, display_name, password_hash, status) VALUES ($1, 'Bench Lead', $2, 'active') RETURNING id`,
    [LEAD, hash],
  );
  await seedClient.query(
    `INSERT INTO memberships (tenant_id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'partnership_lead')`,
    [ids.tenantId, lead.id, ids.laIds[0]],
  );
  const {
    rows: [counts],
  } = await seedClient.query(
    `SELECT (SELECT count(*) FROM ap_cases)::int AS cases, (SELECT count(*) FROM ap_placements)::int AS placements,
            (SELECT count(*) FROM ap_attendance)::int AS sessions, (SELECT count(*) FROM ap_measure_case_facts)::int AS facts,
            (SELECT count(*) FROM ap_measure_attendance)::int AS attendance_months,
            (SELECT count(*) FROM ap_measure_referrals)::int + (SELECT count(*) FROM ap_measure_commissions)::int
              + (SELECT count(*) FROM ap_measure_decisions)::int + (SELECT count(*) FROM ap_measure_starts)::int
              + (SELECT count(*) FROM ap_measure_endings)::int AS day_rows`,
  );
  log(
    `  ${counts.cases} cases, ${counts.placements} placements, ${counts.sessions} attendance sessions; summaries: ${counts.facts} case facts, ${counts.day_rows} day rows, ${counts.attendance_months} placement-months`,
  );
  await seedClient.query('ANALYZE');
  await seedClient.end();

  const env = { ...apiEnv(DB, PORT), DATABASE_POOL_SIZE: '4', WEB_CONCURRENCY: '1' };
  const procs: ChildProcess[] = [];
  try {
    log('starting the API, and its modules in this process');
    const api = child('API', 'apps/api/src/main.ts', env);
    procs.push(api.proc);
    Object.assign(process.env, env);
    const config = loadConfig();
    @Module({ imports: [...appCoreModules(config, 'api', { jobs: 'producer' }), ApApiModule] })
    class BenchModule {}
    const ctx = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    await waitFor(`http://127.0.0.1:${PORT}/live`, api.output);

    const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: LEAD, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken) throw new Error(`sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const headers = { authorization: `Bearer ${tokens.accessToken}` };

    const principal = await ctx.get(PrincipalResolver, { strict: false }).resolve(tokens.accessToken);
    if (!principal) throw new Error('the lead’s token did not resolve');
    const cls = ctx.get(ClsService, { strict: false });
    const auth = ctx.get(AuthContext, { strict: false });
    const indicators = ctx.get(ApIndicators, { strict: false });
    const uow = ctx.get(UnitOfWork, { strict: false });
    const asLead = <T>(work: () => Promise<T>) =>
      cls.run(() => {
        auth.setPrincipal(principal);
        return work();
      });
    const sql = (queries: typeof SUMMARY_FIGURES, period: { from: string; to: string }) =>
      uow.forTenant({ tenantId: ids.tenantId, laIds: ids.laIds }, (m) =>
        measureSections(m, ids.tenantId, ids.laIds, period, queries),
      );
    const get = async (url: string) => {
      const r = await fetch(url, { headers });
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${await r.text()}`);
      return r.text();
    };

    const results: Record<string, Record<string, Timing>> = {};
    for (const period of periods()) {
      const q = `from=${period.from}&to=${period.to}`;
      const same =
        JSON.stringify(await sql(SUMMARY_FIGURES, period).then((r) => [...r.by.entries(), r.all])) ===
        JSON.stringify(await sql(REFERENCE_FIGURES, period).then((r) => [...r.by.entries(), r.all]));
      if (!same) throw new Error(`the summaries and the reference differ for ${period.from} to ${period.to}`);
      const values = await asLead(() => indicators.compute(period));
      log(`${period.name} (${period.from} to ${period.to}): same figures both ways; ${values.length} indicator values`);
      const r: Record<string, Timing> = {};
      r['reference'] = await time(REFERENCE_SAMPLES, () => sql(REFERENCE_FIGURES, period));
      r['summaries'] = await time(SAMPLES, () => sql(SUMMARY_FIGURES, period));
      r['api'] = await time(SAMPLES, () => get(`http://127.0.0.1:${PORT}/api/v1/ap/measures?${q}`));
      r['csv'] = await time(SAMPLES, () => get(`http://127.0.0.1:${PORT}/api/v1/ap/measures/export?format=csv&${q}`));
      r['compute'] = await time(SAMPLES, () => asLead(() => indicators.compute(period)));
      results[period.name] = r;
    }
    await ctx.close();

    const rows: [string, string][] = [
      ['reference', 'on-demand reference SQL (before the summaries)'],
      ['summaries', 'summaries SQL'],
      ['api', 'GET /api/v1/ap/measures'],
      ['csv', 'GET /api/v1/ap/measures (CSV export)'],
      ['compute', 'ApIndicators.compute(period)'],
    ];
    for (const [name, r] of Object.entries(results)) {
      log('');
      log(`${name}, as the partnership lead (4 LAs):`);
      log('| | runs | p50 ms | p95 ms | p95 / reference p95 |');
      log('| --- | ---: | ---: | ---: | ---: |');
      for (const [k, label] of rows)
        log(
          `| ${label} | ${r[k].n} | ${r[k].p50.toFixed(1)} | ${r[k].p95.toFixed(1)} | ${(r[k].p95 / r['reference'].p95).toFixed(3)} |`,
        );
      const worst = Math.max(r['api'].p95, r['csv'].p95, r['compute'].p95);
      log(`target p95 < 150 ms for the API, the export and compute: ${worst < 150 ? 'met' : 'NOT met'}`);
    }
    const dir = join(ROOT, '.data', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `measures-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), shape: BENCH_SHAPE, counts, results }, null, 2));
    log(`figures: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:measures failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
