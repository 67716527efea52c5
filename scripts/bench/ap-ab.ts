/**
 * A/B pairs of the API's CPU per request on the bench's case list, for changes to the API itself:
 * two checkouts of the repository (A and B, each with its own node_modules), one API process each
 * (WEB_CONCURRENCY=1) on a database of their own, loaded in turn, A then B, back to back, so a
 * loaded machine's swings fall on both alike (docs/performance.md).
 *
 *   node scripts/run-ts.cjs scripts/bench/ap-ab.ts setup            # creates and seeds AB_DB
 *   node scripts/run-ts.cjs scripts/bench/ap-ab.ts run <A> <B>      # AB_PAIRS pairs of AB_SECONDS
 *
 * AB_DB (default rephub_bench_ab), AB_PAIRS (4), AB_SECONDS (15), BENCH_CONNECTIONS (32).
 * With AB_PROFILE=1 each API writes a CPU profile (node --cpu-prof) to .data/bench/profiles.
 */
import '../../apps/server/src/modules';
import { hashPassword } from '@rep-hub/platform';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { seedBenchPartnership } from './ap-seed';
import { apiEnv, createBenchDatabase, load, log, SERVER, waitFor, withDb } from './harness';

const DB = process.env['AB_DB'] ?? 'rephub_bench_ab';
const PAIRS = Number(process.env['AB_PAIRS'] ?? 4);
const SECONDS = Number(process.env['AB_SECONDS'] ?? 15);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const PASSWORD = 'bench kettle orbit saffron';
const EMAIL = 'bench.officer@bench.example';

async function setup(): Promise<void> {
  await createBenchDatabase(DB);
  const c = new Client({ connectionString: withDb(SERVER, DB) });
  await c.connect();
  await seedBenchPartnership(c, await hashPassword(PASSWORD), log);
  await c.end();
  log(`${DB} ready`);
}

function startApi(root: string, port: number) {
  const profiles = join(root, '.data', 'bench', 'profiles');
  if (process.env['AB_PROFILE']) mkdirSync(profiles, { recursive: true });
  const proc = spawn(
    process.execPath,
    [
      ...(process.env['AB_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []),
      join(root, 'scripts', 'run-ts.cjs'),
      'apps/api/src/main.ts',
    ],
    {
      cwd: root,
      // SWC_NODE_PROJECT unset: each checkout resolves its own path aliases
      env: {
        ...process.env,
        SWC_NODE_PROJECT: undefined,
        ...apiEnv(DB, port),
        DATABASE_POOL_SIZE: '10',
        WEB_CONCURRENCY: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return { proc, output: () => out };
}

async function token(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  const t = (await r.json()) as { accessToken?: string };
  if (!t.accessToken) throw new Error(`sign-in answered ${r.status}`);
  return t.accessToken;
}

async function run(a: string, b: string): Promise<void> {
  const servers = [
    { name: 'A', root: a, port: 39_471 },
    { name: 'B', root: b, port: 39_472 },
  ].map((s) => ({ ...s, ...startApi(s.root, s.port) }));
  try {
    for (const s of servers) await waitFor(`http://127.0.0.1:${s.port}/live`, s.output);
    const auth = { authorization: `Bearer ${await token(servers[0].port)}` };
    const url = (s: (typeof servers)[number]) => `http://127.0.0.1:${s.port}/api/v1/ap/cases`;
    const pages = await Promise.all(servers.map((s) => fetch(url(s), { headers: auth }).then((r) => r.text())));
    if (pages[0] !== pages[1]) throw new Error('A and B answer different pages');
    for (const s of servers) await load(url(s), auth, 5, CONNECTIONS);
    const cpu: Record<string, number[]> = { A: [], B: [] };
    for (let i = 0; i < PAIRS; i++) {
      const row: string[] = [];
      for (const s of i % 2 ? [...servers].reverse() : servers) {
        const f = await load(url(s), auth, SECONDS, CONNECTIONS, s.proc.pid);
        if (f.non2xx || f.errors) throw new Error(`${s.name}: ${JSON.stringify(f)}`);
        cpu[s.name].push(f.cpu!.server);
        row.push(`${s.name} ${f.cpu!.server.toFixed(2)} ms/req ${f.requestsPerSecond.toFixed(0)} req/s`);
      }
      log(`pair ${i + 1} (load ${(await import('node:os')).loadavg()[0].toFixed(1)}): ${row.join(', ')}`);
    }
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const ratios = cpu['A'].map((v, i) => cpu['B'][i] / v);
    log(
      `mean A ${mean(cpu['A']).toFixed(2)}, B ${mean(cpu['B']).toFixed(2)}; B/A per pair ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
    );
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000));
  }
}

const [cmd, a, b] = process.argv.slice(2);
(cmd === 'setup' ? setup() : run(a!, b!)).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
