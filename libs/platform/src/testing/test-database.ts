import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createDataSource } from '../database/data-source';
import { migrate } from '../database/migrate';
import { migrationDirs } from '../database/migrations';
import { APP_ROLE, BOARD_ROLE } from '../database/roles';
import { appEnv, ROOT } from './processes';

/**
 * Test databases: TEST_DATABASE_URL names a PostgreSQL server on this machine (loopback only;
 * anything else is refused, so a test can never touch a remote database). A template database is
 * built from the migrations once, named by a hash of them; each Jest worker gets its own copy.
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/;

export function testServerUrl(env: Record<string, string | undefined> = process.env): URL {
  const raw = env['TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
  const url = new URL(raw);
  if (!['postgres:', 'postgresql:'].includes(url.protocol)) {
    throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
  }
  if (!LOOPBACK.test(url.hostname)) {
    throw new Error(
      `TEST_DATABASE_URL must point at this machine (loopback), not "${url.hostname}": tests drop and create databases`,
    );
  }
  return url;
}

/** A hash of every registered migration's source (the platform's and each module's), and of how they are applied. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const dir of migrationDirs()) {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      hash.update(file).update(readFileSync(join(dir, file)));
    }
  }
  hash.update(readFileSync(join(__dirname, '..', 'database', 'migrate.ts')));
  hash.update(readFileSync(join(__dirname, '..', 'database', 'rls.ts')));
  return hash.digest('hex').slice(0, 12);
}

export const templateName = () => `rephub_tpl_${migrationsHash()}`;

function withDatabase(url: URL, database: string): string {
  const u = new URL(url.toString());
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl().toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Builds the template once per migration set (serialised across processes by an advisory lock). */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext('rephub_test_template'))`);
    try {
      const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (rowCount) return;
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS ${building}`);
      await c.query(`CREATE DATABASE ${building}`);
      const ds = createDataSource({ kind: 'postgres', url: withDatabase(testServerUrl(), building), poolSize: 1 });
      await ds.initialize();
      try {
        await migrate(ds, {
          app: process.env['TEST_APP_DATABASE_PASSWORD'],
          board: process.env['TEST_BOARD_DATABASE_PASSWORD'],
        });
      } finally {
        await ds.destroy();
      }
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await c.query(`ALTER DATABASE ${name} IS_TEMPLATE true`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext('rephub_test_template'))`);
    }
  });
  return name;
}

/** The board role's URL on the database of an app role's URL (what `UnitOfWork.forBoard` connects with). */
export function boardUrlOf(appUrl: string): string {
  const board = new URL(appUrl);
  board.username = BOARD_ROLE;
  board.password = process.env['TEST_BOARD_DATABASE_PASSWORD'] ?? '';
  return board.toString();
}

export interface TestDatabase {
  name: string;
  /** The server's superuser on this database (setup and inspection only). */
  adminUrl: string;
  /** The app role on this database: what the apps use, under RLS. */
  appUrl: string;
}

/**
 * This Jest worker's own database, copied from the template on first use in a test run (a run
 * is named by REPHUB_TEST_RUN, set by the global setup) and reused by the worker's later files.
 * `purpose` names a second database of the worker's (e.g. `browser`, for the app server the
 * browser tests share, so that its background jobs never meet other files' rows). With
 * `{ demo: true }` it is copied from the run's demo database instead (the migrated template with
 * `npm run db:seed` run on it, once per run for every worker: see demoTemplate()); a purpose's
 * database is always made the same way within a run.
 */
export async function workerDatabase(purpose?: string, opts: { demo?: boolean } = {}): Promise<TestDatabase> {
  const template = opts.demo ? await demoTemplate() : await ensureTemplate();
  const run = process.env['REPHUB_TEST_RUN'] ?? 'adhoc';
  if (purpose !== undefined && !/^[a-z]{1,16}$/.test(purpose))
    throw new Error(`workerDatabase: purpose "${purpose}" must be 1 to 16 letters a-z`);
  // named by run and worker, so two test runs on one server never share or drop each other's
  const name = `rephub_test_${runTag(run)}_w${process.env['JEST_WORKER_ID'] ?? '1'}${purpose ? `_${purpose}` : ''}`;
  await admin(async (c) => {
    const existing = await c.query(
      `SELECT shobj_description(oid, 'pg_database') AS run FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (existing.rowCount && existing.rows[0].run === run) return;
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await copyDatabase(c, template, name);
    await c.query(`COMMENT ON DATABASE ${name} IS '${run.replace(/'/g, "''")}'`);
  });
  return databaseUrls(name);
}

function databaseUrls(name: string): TestDatabase {
  const server = testServerUrl();
  const app = new URL(withDatabase(server, name));
  app.username = APP_ROLE;
  app.password = process.env['TEST_APP_DATABASE_PASSWORD'] ?? '';
  return { name, adminUrl: withDatabase(server, name), appUrl: app.toString() };
}

async function copyDatabase(c: Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 5) throw error; // template briefly busy with another worker's copy
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/**
 * The run's demo database, `rephub_test_<run>_demo`: the migrated template with the demo seeded by
 * `npm run db:seed` (apps/server/src/seed.ts, a process of its own, as the browser tests' server
 * is), made by the run's first worker to ask (under an advisory lock) and copied by every worker
 * that needs the demo; seeding once per worker cost each a process start and the seed's writes.
 * It is marked as the run's (a comment) only once seeded, so a half-made one is made again.
 */
export async function demoTemplate(): Promise<string> {
  const migrated = await ensureTemplate();
  const run = process.env['REPHUB_TEST_RUN'] ?? 'adhoc';
  const name = `rephub_test_${runTag(run)}_demo`;
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]);
    try {
      const existing = await c.query(
        `SELECT shobj_description(oid, 'pg_database') AS run FROM pg_database WHERE datname = $1`,
        [name],
      );
      if (existing.rowCount && existing.rows[0].run === run) return;
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await copyDatabase(c, migrated, name);
      await seedDemo(databaseUrls(name).appUrl);
      await c.query(`COMMENT ON DATABASE ${name} IS '${run.replace(/'/g, "''")}'`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]);
    }
  });
  return name;
}

/** `npm run db:seed` against the database, as the app role (its board role for the board's rows). */
async function seedDemo(appUrl: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), 'apps/server/src/seed.ts'], {
      cwd: ROOT,
      env: appEnv({
        NODE_ENV: process.env['NODE_ENV'] ?? 'test',
        APP_DATABASE_URL: appUrl,
        BOARD_DATABASE_URL: boardUrlOf(appUrl),
        LOG_LEVEL: 'warn',
      }),
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`seeding the demo failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const runTag = (run: string) =>
  run
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 12)
    .toLowerCase();

/** Drops this run's worker databases and its demo database (the template stays for the next run). */
export async function dropWorkerDatabases(): Promise<void> {
  const run = process.env['REPHUB_TEST_RUN'];
  if (!run) return;
  await admin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
      `rephub\\_test\\_${runTag(run)}\\_w%`,
      `rephub_test_${runTag(run)}_demo`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}
