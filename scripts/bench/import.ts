/**
 * `npm run bench:import`: a training provider's bulk upload of 100,000 enrolment rows (issue 25)
 * through the product's own path, against the leanest loader of the same work, in one run.
 *
 * 1. Creates the database `rephub_import_seed` (dropped first), applies every module's migrations
 *    and seeds one partnership (scripts/bench/import-seed.ts, not timed): 10 LAs, a training
 *    provider and its member of staff, a programme, and a cohort of 100,000 funded places shared
 *    out to the LAs. Each side then gets a fresh copy of it (CREATE DATABASE … TEMPLATE), so each
 *    does the same work on the same data. The file: 100,000 new participants as CSV, in the
 *    statuses of a real intake (one to three moves each, with their milestones).
 * 2. The leanest loader (scripts/bench/import-lean.ts, in this process): the same shared reader,
 *    the module's row check, the product's database checks (places per LA, duplicates, moves,
 *    milestones), and COPY of every row the product writes, history rows included.
 * 3. Plain COPY of those rows alone, prepared beforehand (no reading, no checks), for scale.
 * 4. The product: the API (apps/api, BENCH_PROCESSES processes, default 1: an upload is one
 *    request) and the job worker (apps/worker) as their own services, run as production runs
 *    them: the built bundles (dist/apps/api/main.js, dist/apps/worker/main.js, built first by
 *    this bench with `nx run-many -t build --projects=api,worker`; BENCH_SKIP_BUILD=1 uses the
 *    build already there; BENCH_FROM_SOURCE=1 runs them from source instead, about 100 MB more
 *    each at idle); the provider's member of
 *    staff signs in, POSTs the file to the cohort's uploads (multipart, as the upload page and
 *    the API's clients do), and follows the upload every 200 ms until it is done. Timed from the
 *    POST to done. The resident memory of each service's process tree is sampled every 100 ms
 *    from /proc (the largest sum over the tree is its peak).
 * 5. Checks that both sides wrote the same rows (participants, enrolments by status, history rows
 *    by move, milestones, places filled per LA), and that the same file again is the upload already
 *    made (200, alreadyLoaded).
 * BENCH_IMPORT_FORMAT=xlsx uploads the same rows as an Excel workbook (shared strings, as Excel
 * saves text) instead of CSV.
 * Targets: the product within 2 times the lean loader's time; each service under 300 MB resident.
 * Figures go to .data/bench/import-<time>.json as well.
 */
// every module's migrations (the one list the migration command uses), as the API the bench starts registers every module
import '../../apps/server/src/modules';
import { hashPassword, schoolToday } from '@rep-hub/platform';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS } from '@rep-hub/workforce-domain';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  apiEnv,
  appEntry,
  buildApps,
  child,
  createBenchDatabase,
  FROM_SOURCE,
  log,
  processTree,
  ROOT,
  SERVER,
  startNodeArgs,
  waitFor,
  withDb,
} from './harness';
import { copyAll, leanLoad } from './import-lean';
import { IMPORT_SHAPE, importFile, ImportIds, importWorkbook, seedImport } from './import-seed';

const PREFIX = process.env['BENCH_DATABASE'] ?? 'rephub_import';
const SEED_DB = `${PREFIX}_seed`;
const PRODUCT_DB = `${PREFIX}_product`;
const LEAN_DB = `${PREFIX}_lean`;
const COPY_DB = `${PREFIX}_copy`;
const PROCESSES = process.env['BENCH_PROCESSES'] ?? '1';
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 39_491);
const WORKER_PORT = API_PORT + 1;
const PASSWORD = 'bench kettle orbit saffron';
const TARGET_RATIO = 2;
const TARGET_MB = 300;
/** How long the upload may take before the bench gives up. */
/** The file's format: csv (the default), or xlsx (the same rows as an Excel workbook with shared strings). */
const FORMAT = process.env['BENCH_IMPORT_FORMAT'] === 'xlsx' ? 'xlsx' : 'csv';
const TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_SECONDS'] ?? 1800) * 1000;

/** The services as production runs them (the built bundles), unless BENCH_FROM_SOURCE=1. */
const ENTRIES = { api: appEntry('api'), worker: appEntry('worker') };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function admin<T>(f: (c: Client) => Promise<T>, db = 'postgres'): Promise<T> {
  const c = new Client({ connectionString: withDb(SERVER, db) });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A fresh copy of the seeded database (dropped first). */
const copyOf = (db: string) =>
  admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${SEED_DB}`);
  });

/** What a load wrote, to compare the sides: counts by kind, history by move, places per LA. */
async function written(db: string, tenantId: string): Promise<Record<string, number>> {
  return admin(async (c) => {
    const { rows } = await c.query(
      `SELECT 'participants' AS k, count(*)::int AS n FROM workforce_participants WHERE tenant_id = $1
       UNION ALL SELECT 'enrolments ' || status, count(*)::int FROM workforce_enrolments WHERE tenant_id = $1 GROUP BY status
       UNION ALL SELECT 'history ' || coalesce(from_status, '–') || ' → ' || to_status || coalesce(' (' || reason || ')', '') ||
                        CASE WHEN actor_id IS NULL THEN ' no actor' ELSE '' END, count(*)::int
                   FROM workforce_enrolment_events WHERE tenant_id = $1 GROUP BY 1
       UNION ALL SELECT 'milestones ' || milestone, count(*)::int FROM workforce_milestones WHERE tenant_id = $1 GROUP BY milestone
       UNION ALL SELECT 'places filled ' || o.la_number, a.places_filled FROM workforce_allocations a
                   JOIN organisations o ON o.tenant_id = a.tenant_id AND o.id = a.la_id WHERE a.tenant_id = $1
       UNION ALL SELECT 'enrolments with a qualification window', count(*)::int FROM workforce_enrolments
                  WHERE tenant_id = $1 AND qualification_window_ends_on IS NOT NULL`,
      [tenantId],
    );
    return Object.fromEntries(rows.map((r) => [r.k, r.n]).sort(([a], [b]) => (a < b ? -1 : 1)));
  }, db);
}

/** Peak resident memory (MB) of a process tree, and of this process, sampled every 100 ms until stopped. */
function sampleMemory(pids: Record<string, number | undefined>) {
  const peak: Record<string, number> = {};
  const tick = () => {
    for (const [name, pid] of Object.entries(pids)) {
      if (!pid) continue;
      const mb = [...processTree(pid).values()].reduce((s, p) => s + p.rssMb, 0);
      peak[name] = Math.max(peak[name] ?? 0, mb);
    }
    peak['bench'] = Math.max(peak['bench'] ?? 0, process.memoryUsage().rss / 1024 / 1024);
  };
  tick();
  const timer = setInterval(tick, 100);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const today = schoolToday();
  log(`bench:import: ${IMPORT_SHAPE.rows.toLocaleString('en-GB')} enrolment rows in one file, ${IMPORT_SHAPE.las} LAs`);
  buildApps(['api', 'worker']);
  log(`database ${SEED_DB}: migrating and seeding`);
  await createBenchDatabase(SEED_DB);
  const ids: ImportIds = await admin(async (c) => seedImport(c, await hashPassword(PASSWORD), log), SEED_DB);
  for (const db of [PRODUCT_DB, LEAN_DB, COPY_DB]) await copyOf(db);

  const file =
    FORMAT === 'xlsx'
      ? await importWorkbook(IMPORT_SHAPE.rows, ids.laNumbers)
      : importFile(IMPORT_SHAPE.rows, ids.laNumbers);
  const filename = `enrolments.${FORMAT}`;
  const type = FORMAT === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  log(
    `the file: ${IMPORT_SHAPE.rows.toLocaleString('en-GB')} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB (the product's limits: ${MAX_UPLOAD_ROWS.toLocaleString('en-GB')} rows, ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)`,
  );
  if (file.length > MAX_UPLOAD_BYTES || IMPORT_SHAPE.rows > MAX_UPLOAD_ROWS)
    throw new Error('the file is over the product’s upload limits');

  // --- the leanest loader, in this process
  log('the lean loader: read, check, COPY');
  const leanMemory = sampleMemory({});
  let t = Date.now();
  const { payloads, readAndCheckMs } = await leanLoad(withDb(SERVER, LEAN_DB), ids, file, filename, today);
  const leanMs = Date.now() - t;
  const leanPeak = leanMemory.stop()['bench'];
  log(`  ${seconds(leanMs)} (reading and checking the rows ${seconds(readAndCheckMs)})`);

  // --- plain COPY of the same rows, prepared beforehand
  log('plain COPY of the same rows');
  t = Date.now();
  await admin(async (c) => {
    await c.query('BEGIN');
    await c.query(
      `ALTER TABLE workforce_enrolments DISABLE TRIGGER workforce_enrolments_added, DISABLE TRIGGER workforce_enrolments_changed`,
    );
    await copyAll(c, payloads, ids);
    await c.query(
      `ALTER TABLE workforce_enrolments ENABLE TRIGGER workforce_enrolments_added, ENABLE TRIGGER workforce_enrolments_changed`,
    );
    await c.query('COMMIT');
  }, COPY_DB);
  const copyMs = Date.now() - t;
  log(`  ${seconds(copyMs)}`);

  // --- the product: the API and the worker, the upload over HTTP, the job on the imports queue
  const env = { ...apiEnv(PRODUCT_DB, API_PORT), QUEUE_PREFIX: `rephub-bench-import-${process.pid}` };
  const procs: ChildProcess[] = [];
  let productMs: number;
  let phases: { at: number; status: string; text: string }[] = [];
  let memory: Record<string, number>;
  let idle: Record<string, number>;
  let again: { status: number; alreadyLoaded: boolean };
  let result: unknown;
  try {
    log(
      `starting the API (${PROCESSES} process(es)) and the worker, ${FROM_SOURCE ? 'from source' : 'built'} (${ENTRIES.api}, node ${[...startNodeArgs('worker'), ENTRIES.worker].join(' ')})`,
    );
    const api = child('API', ENTRIES.api, { ...env, WEB_CONCURRENCY: PROCESSES }, startNodeArgs('api'));
    const workerArgs = startNodeArgs('worker');
    const worker = child('worker', ENTRIES.worker, { ...env, WORKER_PORT: String(WORKER_PORT) }, workerArgs);
    procs.push(api.proc, worker.proc);
    const base = `http://127.0.0.1:${API_PORT}`;
    await waitFor(`${base}/live`, api.output);
    await waitFor(`http://127.0.0.1:${WORKER_PORT}/live`, worker.output);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ids.email, password: PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken?: string };
    if (!tokens.accessToken)
      throw new Error(`the trainer's sign-in answered ${login.status}: ${JSON.stringify(tokens)}`);
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const uploads = `${base}/api/v1/workforce/cohorts/${ids.cohortId}/uploads`;
    const post = () => {
      const form = new FormData();
      form.append('file', new Blob([file], { type }), filename);
      return fetch(uploads, { method: 'POST', headers: auth, body: form });
    };
    // settle after start-up, so the idle memory is what the services hold before the upload
    await new Promise((r) => setTimeout(r, 2000));
    idle = sampleMemory({ api: api.proc.pid, worker: worker.proc.pid }).stop();
    log(`  idle: API ${idle['api'].toFixed(0)} MB, worker ${idle['worker'].toFixed(0)} MB`);

    const sampler = sampleMemory({ api: api.proc.pid, worker: worker.proc.pid });
    t = Date.now();
    const res = await post();
    const accepted = (await res.json()) as { upload?: { id: string } };
    if (res.status !== 202 || !accepted.upload)
      throw new Error(`the upload answered ${res.status}: ${JSON.stringify(accepted).slice(0, 600)}`);
    log(`  POST answered 202 in ${seconds(Date.now() - t)}`);
    phases = [];
    let upload: { status: string; progressText: string; result: unknown; problems: unknown[] };
    for (;;) {
      const got = await fetch(`${uploads}/${accepted.upload.id}`, { headers: auth });
      upload = (await got.json()) as typeof upload;
      const last = phases[phases.length - 1];
      if (!last || last.status !== upload.status || last.text !== upload.progressText) {
        phases.push({ at: Date.now() - t, status: upload.status, text: upload.progressText });
        log(`  ${seconds(Date.now() - t)}: ${upload.status}, ${upload.progressText}`);
      }
      if (['done', 'rejected', 'failed'].includes(upload.status)) break;
      if (Date.now() - t > TIMEOUT_MS) throw new Error(`the upload was not done in ${TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    productMs = Date.now() - t;
    memory = sampler.stop();
    if (upload.status !== 'done')
      throw new Error(`the upload was ${upload.status}: ${JSON.stringify(upload.problems).slice(0, 800)}`);
    result = upload.result;
    const second = await post();
    again = {
      status: second.status,
      alreadyLoaded: ((await second.json()) as { alreadyLoaded?: boolean }).alreadyLoaded === true,
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }

  const fromProduct = await written(PRODUCT_DB, ids.tenantId);
  const fromLean = await written(LEAN_DB, ids.tenantId);
  const fromCopy = await written(COPY_DB, ids.tenantId);
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => a[k] !== b[k])
      .map((k) => `${k}: ${a[k]} ≠ ${b[k]}`);
  const d1 = diff(fromProduct, fromLean);
  const d2 = diff(fromProduct, fromCopy);
  if (d1.length || d2.length) {
    for (const d of [...d1, ...d2]) log(`  DIFFERENT ${d}`);
    throw new Error('the product and the lean loader (or the plain COPY) wrote different rows');
  }
  log(`the same rows on every side: ${JSON.stringify(fromProduct)}`);
  if (again.status !== 200 || !again.alreadyLoaded)
    throw new Error(`the same file again answered ${again.status} (alreadyLoaded ${again.alreadyLoaded})`);
  log('the same file again: 200, alreadyLoaded (nothing changes)');

  const ratio = productMs / leanMs;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log('');
  log(
    `| ${IMPORT_SHAPE.rows.toLocaleString('en-GB')} rows (${(file.length / 1024 / 1024).toFixed(1)} MB ${FORMAT.toUpperCase()}) | time | ratio to the lean loader | peak resident memory |`,
  );
  log('| --- | ---: | ---: | ---: |');
  log(
    `| product: POST, job on the imports queue, followed until done | ${seconds(productMs)} | ${ratio.toFixed(2)} | API ${memory['api'].toFixed(0)} MB (idle ${idle['api'].toFixed(0)}), worker ${memory['worker'].toFixed(0)} MB (idle ${idle['worker'].toFixed(0)}) |`,
  );
  log(`| lean loader: read, check, COPY (one process) | ${seconds(leanMs)} | 1.00 | ${leanPeak.toFixed(0)} MB |`);
  log(`| plain COPY of the rows alone | ${seconds(copyMs)} | ${(copyMs / leanMs).toFixed(2)} | |`);
  log(
    `target: the product within ${TARGET_RATIO}× the lean loader: ${met(ratio <= TARGET_RATIO)} (${ratio.toFixed(2)})`,
  );
  log(
    `target: each service under ${TARGET_MB} MB resident: ${met(memory['api'] < TARGET_MB && memory['worker'] < TARGET_MB)} (API ${memory['api'].toFixed(0)} MB, worker ${memory['worker'].toFixed(0)} MB)`,
  );

  const dir = join(ROOT, '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        shape: IMPORT_SHAPE,
        format: FORMAT,
        bytes: file.length,
        productMs,
        leanMs,
        leanReadAndCheckMs: readAndCheckMs,
        copyMs,
        ratio,
        memoryMb: { ...memory, lean: leanPeak },
        idleMemoryMb: { api: idle['api'], worker: idle['worker'] },
        services: FROM_SOURCE ? 'source' : 'built',
        phases,
        result,
        written: fromProduct,
        processes: Number(PROCESSES),
      },
      null,
      2,
    ),
  );
  log(`figures: ${out} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
