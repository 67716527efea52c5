import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { ConfigError } from '../config/config';
import { ensureRoles, RolePasswords } from './migrate';
import { APP_ROLE, BOARD_ROLE, OPEN_DATA_ROLE, OWNER_ROLE } from './roles';

/**
 * Backups of REP Hub's database: `pg_dump` in custom format, encrypted with GnuPG (AES-256,
 * symmetric, passphrase from BACKUP_PASSPHRASE) as it is written, so no plain copy of the
 * children's data touches the disk. Beside each backup, a manifest (not secret) names what lives
 * outside the database and must be restored with it: the roles, APP_SECRET and AUDIT_SIGNING_KEY
 * (as fingerprints only, so a restore can tell whether the right ones are set).
 */
export interface BackupManifest {
  format: 'rephub-backup-1';
  createdAt: string;
  database: string;
  serverVersion: string;
  /** The last migration applied at backup time. */
  lastMigration: string | null;
  /** Roles the dump's grants and owners refer to: created before a restore. */
  roles: string[];
  /** Held outside the database: set the same values where the backup is restored. */
  outside: { name: 'APP_SECRET' | 'AUDIT_SIGNING_KEY'; sha256: string | null; why: string }[];
  encryption: 'gpg-symmetric-aes256';
  bytes: number;
}

export const fingerprint = (value: string | undefined): string | null =>
  value ? createHash('sha256').update(value).digest('hex').slice(0, 16) : null;

function passphrase(env: NodeJS.ProcessEnv): string {
  const p = env['BACKUP_PASSPHRASE'];
  if (!p || p.length < 20)
    throw new ConfigError(
      'BACKUP_PASSPHRASE',
      'is required (at least 20 characters): backups hold children\u2019s data and are always encrypted',
    );
  return p;
}

/** Runs a program, feeding `stdin` from a stream and `stdout` into one; rejects with its stderr. */
function pipeline(
  program: string,
  args: string[],
  io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream; fds?: Record<number, string> },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const extra = Object.keys(io.fds ?? {}).length;
    const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe', ...Array<'pipe'>(extra).fill('pipe')];
    const child = spawn(program, args, { stdio });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    for (const [fd, text] of Object.entries(io.fds ?? {})) {
      const s = child.stdio[Number(fd)] as NodeJS.WritableStream;
      s.end(text);
    }
    if (io.stdin) io.stdin.pipe(child.stdin!);
    else child.stdin!.end();
    if (io.stdout) child.stdout!.pipe(io.stdout);
    else child.stdout!.resume();
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${program} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

const GPG = ['--batch', '--yes', '--quiet', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase-fd', '3'];

/** Backs up the database of `databaseUrl` (a superuser or the owner) into `file` (encrypted) and `file.json` (the manifest). */
export async function backup(
  databaseUrl: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackupManifest> {
  const pass = passphrase(env);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let database: string;
  let serverVersion: string;
  let lastMigration: string | null = null;
  try {
    database = (await client.query(`SELECT current_database() AS d`)).rows[0].d;
    serverVersion = (await client.query(`SHOW server_version`)).rows[0].server_version;
    const m = await client
      .query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`)
      .catch(() => ({ rows: [] as { name: string }[] }));
    lastMigration = m.rows[0]?.name ?? null;
  } finally {
    await client.end();
  }
  // pg_dump | gpg --symmetric > file: the plain dump exists only in the pipe
  const dump = spawn('pg_dump', ['--format=custom', '--compress=6', '--dbname', databaseUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let dumpErr = '';
  dump.stderr!.on('data', (d) => (dumpErr += d));
  const dumped = new Promise<void>((resolve, reject) => {
    dump.on('error', reject);
    dump.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}: ${dumpErr.trim()}`)),
    );
  });
  const out = createWriteStream(file, { mode: 0o600 });
  await Promise.all([
    pipeline('gpg', [...GPG, '--symmetric', '--cipher-algo', 'AES256', '--output', '-'], {
      stdin: dump.stdout!,
      stdout: out,
      fds: { 3: pass },
    }),
    dumped,
  ]);
  await new Promise<void>((resolve, reject) =>
    out.closed ? resolve() : out.once('close', resolve).once('error', reject),
  );
  const manifest: BackupManifest = {
    format: 'rephub-backup-1',
    createdAt: new Date().toISOString(),
    database,
    serverVersion,
    lastMigration,
    roles: [OWNER_ROLE, APP_ROLE, BOARD_ROLE, OPEN_DATA_ROLE],
    outside: [
      {
        name: 'APP_SECRET',
        sha256: fingerprint(env['APP_SECRET']),
        why: 'keys the pupil pseudonyms and signed values: a different one changes every pseudonym',
      },
      {
        name: 'AUDIT_SIGNING_KEY',
        sha256: fingerprint(env['AUDIT_SIGNING_KEY']),
        why: 'signs the audit chain heads: audit:verify fails with another',
      },
    ],
    encryption: 'gpg-symmetric-aes256',
    bytes: readFileSync(file).length,
  };
  writeFileSync(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
  return manifest;
}

export interface RestoreResult {
  manifest: BackupManifest | null;
  /** Jobs relayed to Redis but not done at backup time: pending again, so the worker relays them again. */
  relayedAgain: number;
  /** Email jobs not done at backup time: held as failed ("HeldAfterRestore") until an operator checks Notify. */
  emailsHeld: number;
  /** Outside secrets whose fingerprint differs from the backup's (or is not set). */
  secretsDiffer: string[];
}

/**
 * Restores `file` into the database of `databaseUrl` (a superuser URL; the database is created if
 * missing and must be empty): creates the roles first, restores, then runs the migrations (which
 * grant CONNECT and apply any newer migration). Afterwards, outbox rows caught mid-relay are
 * relayed again, and email jobs not done at backup time are held (they may have been sent after
 * the backup; GOV.UK Notify's reference is the job's key, so an operator can check and retry).
 */
export async function restore(
  databaseUrl: string,
  file: string,
  migrateFn: (url: string) => Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env,
  passwords: RolePasswords = {},
): Promise<RestoreResult> {
  const pass = passphrase(env);
  let manifest: BackupManifest | null = null;
  try {
    manifest = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as BackupManifest;
  } catch {
    manifest = null;
  }
  // the whole file decrypts (and passes GnuPG's integrity check) before anything is created
  await pipeline('gpg', [...GPG, '--decrypt', file], { fds: { 3: pass } }).catch((e: Error) => {
    throw new Error(`gpg could not decrypt the backup: ${e.message.replace(/^gpg exited with \d+: /, '')}`);
  });
  const target = new URL(databaseUrl);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbName))
    throw new ConfigError(
      'DATABASE_URL',
      `names a database REP Hub will not create ("${dbName}"): use lower-case letters, digits and _`,
    );
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await ensureRoles((sql, params) => admin.query(sql, params).then((r) => r.rows), passwords);
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName])).rows.length > 0;
    if (!exists) await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows;
    if (n > 0)
      throw new Error(`The database "${dbName}" already has ${n} table(s): restore into a new, empty database`);
  } finally {
    await db.end();
  }
  // gpg --decrypt file | pg_restore: the plain dump exists only in the pipe
  const decrypt = spawn('gpg', [...GPG, '--decrypt', file], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  (decrypt.stdio[3] as NodeJS.WritableStream).end(pass);
  let gpgErr = '';
  decrypt.stderr!.on('data', (d) => (gpgErr += d));
  const decrypted = new Promise<void>((resolve, reject) => {
    decrypt.on('error', reject);
    decrypt.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`gpg could not decrypt the backup (${code}): ${gpgErr.trim()}`)),
    );
  });
  await Promise.all([
    pipeline('pg_restore', ['--exit-on-error', '--single-transaction', '--dbname', databaseUrl], {
      stdin: decrypt.stdout!,
    }),
    decrypted,
  ]);
  await migrateFn(databaseUrl);
  const { relayedAgain, emailsHeld } = await afterRecovery(databaseUrl);
  const secretsDiffer = (manifest?.outside ?? [])
    .filter((o) => o.sha256 !== fingerprint(env[o.name]))
    .map((o) => o.name);
  return { manifest, relayedAgain, emailsHeld, secretsDiffer };
}

/**
 * What a restored or recovered database needs before the worker starts (after `npm run restore`,
 * and after a point-in-time recovery): rows relayed to a Redis that no longer holds them go back
 * to pending, and email jobs not done are held (`HeldAfterRestore`) until an operator has checked
 * GOV.UK Notify, since the record of a send after the backup point is lost. As a superuser.
 */
export async function afterRecovery(databaseUrl: string): Promise<{ relayedAgain: number; emailsHeld: number }> {
  const fix = new Client({ connectionString: databaseUrl });
  await fix.connect();
  try {
    await fix.query('BEGIN');
    const emailsHeld =
      (
        await fix.query(
          `UPDATE job_outbox SET status = 'failed', last_error = 'HeldAfterRestore', finished_at = clock_timestamp()
            WHERE queue = 'notifications' AND status IN ('pending', 'relayed')`,
        )
      ).rowCount ?? 0;
    const relayedAgain =
      (
        await fix.query(
          `UPDATE job_outbox SET status = 'pending', next_attempt_at = clock_timestamp(), last_error = 'RelayedAgainAfterRestore' WHERE status = 'relayed'`,
        )
      ).rowCount ?? 0;
    await fix.query('COMMIT');
    return { relayedAgain, emailsHeld };
  } finally {
    await fix.end();
  }
}
