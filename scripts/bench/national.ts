/**
 * `npm run bench:national [-- --scale <fraction>]`: the public inclusion dashboard and open data at
 * national scale (issue 24): every LA in REP Hub, in 40 partnerships.
 *
 * 1. Creates the database `rephub_national` (dropped first), applies every module's migrations and
 *    seeds (scripts/bench/national-seed.ts, not timed): 40 partnerships of 153 LAs, 600,000 pupils
 *    with an EHC plan or SEN support, 60,000 AP placements a year for three years with the last
 *    term's attendance, a lead per partnership, a board member, a draft return per partnership for
 *    the summer term 2026, and 100,000 training enrolments (workforce programmes, cohorts, allocations,
 *    participants, enrolments and their history). `--scale 0.05` shrinks the records (not the
 *    partnerships or LAs).
 * 2. The roll-up, records to published tables, for every partnership, BENCH_ROUNDS (2) times:
 *    - the product, in this process (the API's modules as a Nest application context): each return
 *      assembled through the indicator registry (ReturnAssemblyService.assemble, as the job does),
 *      then, after the sign-offs (done in SQL, not timed: they are people's steps), sent
 *      (ReturnSignOffService.freeze, as the demo seed sends: the snapshot, disclosure control and
 *      `national.publish_release`, in the send's transaction);
 *    - a hand-written, set-based SQL aggregate of the same figures for all partnerships at once,
 *      its own disclosure control in SQL and direct inserts into the same published tables
 *      (scripts/bench/national-sql.ts), in one transaction;
 *    - the leanest per-partnership path (leanRollUp there): for each partnership one transaction as
 *      the app role with the tenant's context set as a unit of work sets it, under RLS, the same SQL
 *      restricted to that tenant, its disclosure control and `national.publish_release`. The product
 *      over this is what its own layers cost beyond the per-partnership design.
 *    Each side publishes into empty tables: the other side's releases of the term are deleted in
 *    between (and the returns put back to draft), and the sides alternate which goes first. Both
 *    must publish the same figures (each against the product's: every partnership, LA and indicator: numerator, denominator,
 *    value, symbol); any difference is printed and fails the bench. Target: the product within
 *    1.5 times the SQL.
 * 3. Copies the product's release into the eight terms before it (three years of terms; not
 *    timed), starts the API (apps/api) and the web app (apps/web) as in production, BENCH_PROCESSES
 *    processes each, and the minimal handler (scripts/bench/national-baseline.ts, as many), signs
 *    the board member in (the API's bearer token, the web's session cookie), and drives at BENCH_CONNECTIONS
 *    (32) for BENCH_SECONDS (20) after a 5 s warm-up: the public API's open data of one indicator
 *    (`/api/v1/public/open-data/indicators/{code}`, the dashboard's JSON; skipped where the server
 *    answers 404), the board's JSON `/api/v1/national/compare/{code}`, each checked byte for byte
 *    against the minimal handler's answer first, and the board's comparison page
 *    `/national/compare/{code}`, each against the minimal handler reading the same rows (for the
 *    page: the same reads, answered as JSON). Target: p95 within 2 times the
 *    minimal handler's. A request is given BENCH_TIMEOUT_SECONDS (60) before it counts as timed out.
 * Figures go to .data/bench/national-<time>.json as well.
 */
// every module's migrations (the one list the migration command uses), as the API the bench starts registers every module
import '../../apps/server/src/modules';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApApiModule } from '@rep-hub/ap-api';
import { appCoreModules } from '@rep-hub/auth';
import { IndicatorRegistry } from '@rep-hub/contracts';
import { EvaluationApiModule } from '@rep-hub/evaluation-api';
import { ReturnAssemblyService, ReturnSignOffService, SUBMITTED_INDICATORS } from '@rep-hub/evaluation-domain';
import { NationalApiModule } from '@rep-hub/national-api';
import { hashPassword, loadConfig, UnitOfWork } from '@rep-hub/platform';
// the SET LOCAL statements every unit of work starts with, so the lean path sets the context exactly as the product does
import { contextStatements } from '../../libs/platform/src/database/unit-of-work';
import { PlansApiModule } from '@rep-hub/plans-api';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { NationalIds, nationalShape, PERIOD, seedNational, seedTraining, signOffReturns } from './national-seed';
import {
  BaselineIndicator,
  leanPartnerships,
  leanRollUp,
  PUBLISHED_FIGURES,
  sqlRollUp,
  unpublish,
} from './national-sql';
import { apiEnv, child, createBenchDatabase, Figures, load, log, ROOT, SERVER, waitFor, withDb } from './harness';

// BENCH_DATABASE: another name lets two runs share one server (each drops and makes its own)
const DB = process.env['BENCH_DATABASE'] ?? 'rephub_national';
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const POOL = process.env['DATABASE_POOL_SIZE'] ?? '10';
const PROCESSES = process.env['BENCH_PROCESSES'] ?? String(availableParallelism());
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 39_481);
const BASELINE_PORT = API_PORT + 1;
const WEB_PORT = API_PORT + 2;
const PASSWORD = 'bench kettle orbit saffron';
/** The indicator the loads read: a rate with each LA's figure, in every release. */
const INDICATOR = process.env['BENCH_INDICATOR'] ?? 'ap.attendance_rate';
/** How long a request may wait before autocannon counts it an error (its default is 10 s). */
const TIMEOUT = Number(process.env['BENCH_TIMEOUT_SECONDS'] ?? 60);

function scaleArg(): number {
  const i = process.argv.indexOf('--scale');
  if (i < 0) return 1;
  const s = Number(process.argv[i + 1]);
  if (!(s > 0 && s <= 1)) throw new Error('--scale takes a fraction above 0 and at most 1, such as 0.05');
  return s;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The published figures of the term, keyed by partnership, indicator and geography. */
async function publishedFigures(c: Client): Promise<Map<string, string>> {
  const { rows } = await c.query(PUBLISHED_FIGURES, [PERIOD]);
  return new Map(
    rows.map((r) => [
      `${r.partnership_id} ${r.indicator_code} ${r.la_number ?? 'partnership'}`,
      JSON.stringify([
        r.indicator_name,
        r.unit,
        r.geography_level,
        r.gss_code,
        r.la_name,
        r.numerator === null ? null : Number(r.numerator),
        r.denominator === null ? null : Number(r.denominator),
        r.value === null ? null : Number(r.value),
        r.symbol,
      ]),
    ]),
  );
}

function differences(product: Map<string, string>, other: Map<string, string>, name = 'SQL'): string[] {
  const out: string[] = [];
  for (const k of new Set([...product.keys(), ...other.keys()]))
    if (product.get(k) !== other.get(k))
      out.push(`${k}: product ${product.get(k) ?? 'none'}, ${name} ${other.get(k) ?? 'none'}`);
  return out;
}

/** The term's returns back to lead-signed-off drafts, its publications and releases gone (as the owner). */
async function resetTerm(c: Client): Promise<void> {
  await c.query(`DELETE FROM evaluation_publications WHERE period = $1`, [PERIOD]);
  await c.query(
    `DELETE FROM evaluation_return_snapshots s USING evaluation_returns r
      WHERE s.tenant_id = r.tenant_id AND s.return_id = r.id AND r.period = $1`,
    [PERIOD],
  );
  await unpublish(c, PERIOD);
  await c.query(
    `UPDATE evaluation_returns SET status = 'draft', assembled_at = NULL, sent_by = NULL, sent_at = NULL,
            lead_signed_off_by = NULL, lead_signed_off_at = NULL WHERE period = $1`,
    [PERIOD],
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const scale = scaleArg();
  const shape = nationalShape(scale);
  log(
    `bench:national${scale < 1 ? ` (--scale ${scale})` : ''}: ${shape.partnerships} partnerships, ${shape.las} LAs, ${shape.pupils} pupils with an EHC plan or SEN support, ${shape.placementsPerYear} AP placements a year for ${shape.years} years (attendance for the last term only), ${shape.trainingEnrolments} training enrolments`,
  );
  log(`database ${DB}: migrating`);
  await createBenchDatabase(DB);
  const owner = new Client({ connectionString: withDb(SERVER, DB) });
  await owner.connect();
  const seedStarted = Date.now();
  log('seeding (not timed)');
  const ids: NationalIds = await seedNational(owner, shape, await hashPassword(PASSWORD), log);
  await seedTraining(owner, shape, log);
  const seedMs = Date.now() - seedStarted;
  const {
    rows: [counts],
  } = await owner.query(
    `SELECT (SELECT count(*) FROM tenants WHERE slug LIKE 'bench-%')::int AS partnerships,
            (SELECT count(*) FROM organisations WHERE kind = 'local_authority')::int AS las,
            (SELECT count(*) FROM pupils)::int AS pupils, (SELECT count(*) FROM ap_placements)::int AS placements,
            (SELECT count(*) FROM ap_attendance)::int AS sessions,
            (SELECT count(*) FROM workforce_enrolments)::int AS enrolments,
            (SELECT count(*) FROM workforce_enrolment_events)::int AS enrolment_events`,
  );
  log(
    `  seeded in ${seconds(seedMs)}: ${counts.partnerships} partnerships, ${counts.las} LAs, ${counts.pupils} pupils, ${counts.placements} placements, ${counts.sessions} attendance sessions, ${counts.enrolments} training enrolments (${counts.enrolment_events} events of their history)`,
  );

  const env = { ...apiEnv(DB, API_PORT), DATABASE_POOL_SIZE: POOL };
  Object.assign(process.env, env);
  const config = loadConfig();
  @Module({
    imports: [
      ...appCoreModules(config, 'api', { jobs: 'producer' }),
      ApApiModule,
      PlansApiModule,
      EvaluationApiModule,
      NationalApiModule,
    ],
  })
  class BenchModule {}
  const ctx = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const assembly = ctx.get(ReturnAssemblyService, { strict: false });
  const signOffs = ctx.get(ReturnSignOffService, { strict: false });
  const uow = ctx.get(UnitOfWork, { strict: false });
  const registry = ctx.get(IndicatorRegistry, { strict: false });
  // what the product's registry says each indicator means: the minimal handler answers the dashboard's JSON with it
  const known = JSON.stringify(registry.described());
  const indicators: BaselineIndicator[] = [...registry.definitions(), ...SUBMITTED_INDICATORS].map((d) => ({
    code: d.code,
    name: d.name,
    unit: d.unit,
  }));
  const tenantIds = ids.partnerships.map((p) => p.tenantId);

  const product = async () => {
    const t0 = Date.now();
    for (const p of ids.partnerships)
      if (!(await assembly.assemble(p.tenantId, p.returnId, p.leadId)))
        throw new Error(`the return of ${p.tenantId} was not assembled`);
    const assembled = Date.now() - t0;
    await signOffReturns(owner);
    const t1 = Date.now();
    for (const p of ids.partnerships)
      await uow.forTenant({ tenantId: p.tenantId, actorId: p.leadId }, (m) =>
        signOffs.freeze(m, p.tenantId, { id: p.returnId, correctsReturnId: null } as never, p.leadId),
      );
    const sent = Date.now() - t1;
    return { assembleMs: assembled, sendMs: sent, ms: assembled + sent };
  };
  const sql = async () => {
    const t0 = Date.now();
    await sqlRollUp(owner, PERIOD, tenantIds, indicators);
    return { ms: Date.now() - t0 };
  };
  // the lean per-partnership path: as the app role, one unit-of-work-shaped transaction per partnership, under RLS
  const app = new Client({ connectionString: withDb(SERVER, DB, 'rephub_app') });
  await app.connect();
  {
    const {
      rows: [r],
    } = await app.query(
      `SELECT current_user AS role, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    if (r.rolsuper || r.rolbypassrls) throw new Error(`the lean path must run under RLS, not as ${r.role}`);
  }
  const leanOnes = await leanPartnerships(owner, ids.partnerships);
  const lean = async () => {
    const t0 = Date.now();
    await leanRollUp(app, PERIOD, leanOnes, indicators, (c) => contextStatements(c));
    return { ms: Date.now() - t0 };
  };

  log(
    `roll-up of ${PERIOD} for ${tenantIds.length} partnerships, ${indicators.length} indicators: ${ROUNDS} rounds, the sides alternating`,
  );
  const rounds: {
    product: { assembleMs: number; sendMs: number; ms: number };
    sql: { ms: number };
    lean: { ms: number };
  }[] = [];
  let published = { figures: 0, suppressed: 0 };
  const check = (fromProduct: Map<string, string>, other: Map<string, string>, name: string) => {
    const diff = differences(fromProduct, other, name);
    if (diff.length) {
      for (const d of diff.slice(0, 40)) log(`  DIFFERENT ${d}`);
      throw new Error(`the product and the ${name} published ${diff.length} different figures`);
    }
  };
  for (let i = 0; i < ROUNDS; i++) {
    let p: Awaited<ReturnType<typeof product>>;
    let s: Awaited<ReturnType<typeof sql>>;
    let l: Awaited<ReturnType<typeof lean>>;
    let fromProduct: Map<string, string>;
    let fromSql: Map<string, string>;
    let fromLean: Map<string, string>;
    // the product first in odd rounds, last in even ones; the product's releases stay published last
    if (i % 2 === 0) {
      // after an odd round the product's releases are published and its returns sent: back to drafts first
      if (i > 0) await resetTerm(owner);
      p = await product();
      fromProduct = await publishedFigures(owner);
      await unpublish(owner, PERIOD);
      s = await sql();
      fromSql = await publishedFigures(owner);
      await unpublish(owner, PERIOD);
      l = await lean();
      fromLean = await publishedFigures(owner);
      await resetTerm(owner);
    } else {
      l = await lean();
      fromLean = await publishedFigures(owner);
      await unpublish(owner, PERIOD);
      s = await sql();
      fromSql = await publishedFigures(owner);
      await resetTerm(owner);
      p = await product();
      fromProduct = await publishedFigures(owner);
    }
    check(fromProduct, fromSql, 'SQL');
    check(fromProduct, fromLean, 'lean per-partnership path');
    rounds.push({ product: p, sql: s, lean: l });
    log(
      `  round ${i + 1}: product ${seconds(p.ms)} (assembly ${seconds(p.assembleMs)}, send: snapshot, control and publish ${seconds(p.sendMs)}); SQL ${seconds(s.ms)}; lean per-partnership ${seconds(l.ms)}; the same ${fromProduct.size} figures`,
    );
  }
  if (ROUNDS % 2 === 1) {
    // the last round was the product's first: its releases were taken away for the SQL's, so publish it again
    await product();
  }
  {
    const {
      rows: [c],
    } = await owner.query(
      `SELECT count(*)::int AS figures, count(*) FILTER (WHERE f.symbol = 'c')::int AS suppressed
         FROM national.releases r JOIN national.release_figures f ON f.release_id = r.id WHERE r.period_code = $1`,
      [PERIOD],
    );
    published = c;
  }
  await ctx.close();
  await app.end();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rollUp = {
    productMs: mean(rounds.map((r) => r.product.ms)),
    assembleMs: mean(rounds.map((r) => r.product.assembleMs)),
    sendMs: mean(rounds.map((r) => r.product.sendMs)),
    sqlMs: mean(rounds.map((r) => r.sql.ms)),
    leanMs: mean(rounds.map((r) => r.lean.ms)),
  };
  const rollUpRatio = rollUp.productMs / rollUp.sqlMs;
  const leanRatio = rollUp.productMs / rollUp.leanMs;

  // three years of terms for the reads: the release copied into the eight terms before it (not timed)
  await owner.query(
    `WITH terms AS (
       SELECT code, name, from_, to_ FROM (VALUES
         ('2023-24-autumn', 'Autumn term 2023 to 2024', DATE '2023-09-01', DATE '2023-12-31'),
         ('2023-24-spring', 'Spring term 2023 to 2024', DATE '2024-01-01', DATE '2024-03-31'),
         ('2023-24-summer', 'Summer term 2023 to 2024', DATE '2024-04-01', DATE '2024-08-31'),
         ('2024-25-autumn', 'Autumn term 2024 to 2025', DATE '2024-09-01', DATE '2024-12-31'),
         ('2024-25-spring', 'Spring term 2024 to 2025', DATE '2025-01-01', DATE '2025-03-31'),
         ('2024-25-summer', 'Summer term 2024 to 2025', DATE '2025-04-01', DATE '2025-08-31'),
         ('2025-26-autumn', 'Autumn term 2025 to 2026', DATE '2025-09-01', DATE '2025-12-31'),
         ('2025-26-spring', 'Spring term 2025 to 2026', DATE '2026-01-01', DATE '2026-03-31')) t (code, name, from_, to_)
     ), copies AS (
       INSERT INTO national.releases (partnership_id, partnership_name, period_code, period_name, period_from, period_to, due_on,
                                      release_version, return_version, disclosure_method, method_note, published_at)
       SELECT r.partnership_id, r.partnership_name, t.code, t.name, t.from_, t.to_, t.to_ + 42, 1, 1, r.disclosure_method, r.method_note, t.to_ + 40
         FROM national.releases r CROSS JOIN terms t WHERE r.period_code = $1
       RETURNING id, partnership_id)
     INSERT INTO national.release_figures (release_id, indicator_code, indicator_name, unit, geography_level, la_number, gss_code, la_name,
                                           numerator, denominator, value, symbol)
     SELECT c.id, f.indicator_code, f.indicator_name, f.unit, f.geography_level, f.la_number, f.gss_code, f.la_name,
            f.numerator, f.denominator, f.value, f.symbol
       FROM copies c JOIN national.releases r ON r.partnership_id = c.partnership_id AND r.period_code = $1
       JOIN national.release_figures f ON f.release_id = r.id`,
    [PERIOD],
  );
  await owner.query('ANALYZE');
  await owner.end();

  const procs: ChildProcess[] = [];
  try {
    log(`starting the API, the web app and the minimal handler: ${PROCESSES} process(es) each`);
    // the production shape: the API and the web app as their own services (no job worker in either)
    const server = child('API', 'apps/api/src/main.ts', { ...env, WEB_CONCURRENCY: PROCESSES });
    const web = child('web app', 'apps/web/src/main.ts', {
      ...env,
      PORT: String(WEB_PORT),
      WEB_CONCURRENCY: PROCESSES,
      // compiled templates kept, as in production (NODE_ENV development would read and compile
      // every template on every request)
      WEB_TEMPLATE_CACHE: 'true',
    });
    const baseline = child('minimal handler', 'scripts/bench/national-baseline.ts', {
      BASELINE_PORT: String(BASELINE_PORT),
      BOARD_DATABASE_URL: withDb(SERVER, DB, 'rephub_board'),
      DATABASE_POOL_SIZE: POOL,
      WEB_CONCURRENCY: PROCESSES,
      BASELINE_KNOWN: known,
    });
    procs.push(server.proc, web.proc, baseline.proc);
    const api = `http://127.0.0.1:${API_PORT}`;
    const site = `http://127.0.0.1:${WEB_PORT}`;
    const base = `http://127.0.0.1:${BASELINE_PORT}`;
    await waitFor(`${api}/live`, server.output);
    await waitFor(`${site}/live`, web.output);
    await waitFor(`${base}/api/v1/national/compare/${INDICATOR}`, baseline.output);

    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ids.boardEmail, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken) throw new Error(`the board's sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const bearer = { authorization: `Bearer ${tokens.accessToken}` };
    const cookie = { cookie: await webSignIn(site, ids.boardEmail) };

    const compareJson = `/api/v1/national/compare/${INDICATOR}`;
    const openData = `/api/v1/public/open-data/indicators/${INDICATOR}`;
    const targets: { key: string; label: string; url: string; headers: Record<string, string>; pid?: number }[] = [];
    /** Both sides must answer byte for byte the same JSON before either is measured. */
    const same = async (path: string, headers: Record<string, string>) => {
      const [a, b] = await Promise.all([
        fetch(`${api}${path}`, { headers }).then((r) => r.text()),
        fetch(`${base}${path}`).then((r) => r.text()),
      ]);
      if (a !== b)
        throw new Error(
          `${path}: the server and the minimal handler answer different JSON:\n${a.slice(0, 400)}\n${b.slice(0, 400)}`,
        );
      log(`  ${path}: the server and the minimal handler answer the same JSON (${a.length} bytes)`);
    };
    await same(compareJson, bearer);
    const probe = await fetch(`${api}${openData}`);
    if (probe.status === 404) {
      log(
        `the public API's open data (GET ${openData}) answers 404: it is not on this branch; measuring the board's JSON only`,
      );
    } else {
      if (probe.status !== 200)
        throw new Error(`${openData} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
      await same(openData, {});
      targets.push(
        {
          key: 'openDataBaseline',
          label: `minimal handler, ${openData}`,
          url: `${base}${openData}`,
          headers: {},
          pid: baseline.proc.pid,
        },
        {
          key: 'openData',
          label: `API, ${openData} (public)`,
          url: `${api}${openData}`,
          headers: {},
          pid: server.proc.pid,
        },
      );
    }
    targets.push(
      {
        key: 'compareJsonBaseline',
        label: `minimal handler, ${compareJson}`,
        url: `${base}${compareJson}`,
        headers: {},
        pid: baseline.proc.pid,
      },
      {
        key: 'compareJson',
        label: `API, ${compareJson} (board, bearer)`,
        url: `${api}${compareJson}`,
        headers: bearer,
        pid: server.proc.pid,
      },
    );
    const page = `/national/compare/${INDICATOR}`;
    const pageProbe = await fetch(`${site}${page}`, { headers: cookie, redirect: 'manual' });
    if (pageProbe.status !== 200) throw new Error(`${page} answered ${pageProbe.status}`);
    targets.push(
      {
        key: 'pageBaseline',
        label: `minimal handler, ${page} (the page's reads, as JSON)`,
        url: `${base}${page}`,
        headers: {},
        pid: baseline.proc.pid,
      },
      {
        key: 'page',
        label: `web app, ${page} (board's page, HTML)`,
        url: `${site}${page}`,
        headers: cookie,
        pid: web.proc.pid,
      },
    );

    log(`warm-up (5 s each), then ${SECONDS} s each at ${CONNECTIONS} connections`);
    for (const t of targets) await load(t.url, t.headers, 5, CONNECTIONS, undefined, { timeoutSeconds: TIMEOUT });
    const figures: Record<string, Figures> = {};
    for (const t of targets) {
      const f = await load(t.url, t.headers, SECONDS, CONNECTIONS, t.pid, { timeoutSeconds: TIMEOUT, database: DB });
      if (f.non2xx) throw new Error(`${t.label}: failed requests ${JSON.stringify(f)}`);
      // a request still waiting after TIMEOUT s is an error: counted, and printed beside the figures
      figures[t.key] = f;
    }
    const ratios: Record<string, number> = {};
    const pairs: [string, string][] = [
      ['openData', 'openDataBaseline'],
      ['compareJson', 'compareJsonBaseline'],
      ['page', 'pageBaseline'],
    ];
    for (const [k, b] of pairs) {
      if (!figures[k] || !figures[b]) continue;
      // a run shorter than its slowest requests completes none: no p95, and no ratio to print
      if (figures[k].p95 > 0 && figures[b].p95 > 0) ratios[k] = figures[k].p95 / figures[b].p95;
      else log(`${k}: no request completed within ${SECONDS} s on one side; run longer (BENCH_SECONDS) for its p95`);
    }

    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    log('');
    log(
      `| roll-up of ${PERIOD}, ${tenantIds.length} partnerships | time | ratio to the SQL | ratio to the lean path |`,
    );
    log('| --- | ---: | ---: | ---: |');
    log(`| hand-written SQL aggregate, control and publish (all at once) | ${seconds(rollUp.sqlMs)} | 1.00 | |`);
    log(
      `| lean per-partnership path (app role, RLS, the SQL per tenant, control, publish_release) | ${seconds(rollUp.leanMs)} | ${(rollUp.leanMs / rollUp.sqlMs).toFixed(2)} | 1.00 |`,
    );
    log(`| product: assembly through the registry | ${seconds(rollUp.assembleMs)} | | |`);
    log(`| product: send (snapshot, disclosure control, publish) | ${seconds(rollUp.sendMs)} | | |`);
    log(`| product: roll-up | ${seconds(rollUp.productMs)} | ${rollUpRatio.toFixed(2)} | ${leanRatio.toFixed(2)} |`);
    log(
      `target: the product within 1.5× the SQL: ${met(rollUpRatio <= 1.5)} (${published.figures} figures published, ${published.suppressed} suppressed)`,
    );
    log('');
    log(
      `| ${CONNECTIONS} connections | requests/s | p50 ms | p95 ms | p99 ms | timed out | server CPU ms/request | PostgreSQL CPU ms/request (rephub_national's backends) | p95 / minimal handler's |`,
    );
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const t of targets) {
      const f = figures[t.key];
      const cpu = f.cpu ? `${f.cpu.server.toFixed(2)} | ${f.cpu.postgres.toFixed(2)}` : '– | –';
      log(
        `| ${t.label} | ${f.requestsPerSecond.toFixed(1)} | ${f.p50} | ${f.p95.toFixed(0)} | ${f.p99} | ${f.errors} | ${cpu} | ${ratios[t.key] !== undefined ? ratios[t.key].toFixed(2) : ''} |`,
      );
    }
    for (const [k, r] of Object.entries(ratios))
      log(`target: ${k} p95 within 2× the minimal handler's: ${met(r <= 2)} (${r.toFixed(2)})`);

    const dir = join(ROOT, '.data', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `national-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          scale,
          shape,
          counts,
          seedMs,
          period: PERIOD,
          indicators: indicators.length,
          rounds,
          rollUp,
          rollUpRatio,
          leanRatio,
          published,
          connections: CONNECTIONS,
          seconds: SECONDS,
          processes: Number(PROCESSES),
          figures,
          ratios,
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

/** Signs in through the web form as a browser does (its CSRF token and cookie): the session's cookie header. */
async function webSignIn(origin: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${origin}/sign-in`, { redirect: 'manual' });
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the sign-in page has no CSRF field');
  const r = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  keep(r);
  if (r.status !== 303) throw new Error(`the board's web sign-in answered ${r.status}`);
  return header();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:national failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
