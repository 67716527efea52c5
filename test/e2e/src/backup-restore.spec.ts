import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule, AuditSealer, AuditService } from '@rep-hub/audit';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { PrivatePostgres, ROOT } from '@rep-hub/platform/testing';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Backup and restore, on private PostgreSQL clusters of this test's own: seed, seal the audit
 * chains, back up (encrypted), write more, restore into a fresh cluster (roles created first),
 * and every row and the audit chain are as they were at the backup; jobs caught mid-relay are
 * relayed again, email jobs not done are held, and retention is queued to run again.
 */
describe('backup and restore', () => {
  let source: PrivatePostgres;
  let target: PrivatePostgres;
  let dir: string;
  const secrets = {
    APP_SECRET: 's'.repeat(40),
    AUDIT_SIGNING_KEY: 'k'.repeat(40),
    BACKUP_PASSPHRASE: 'correct horse battery staple 2026',
  };

  const cli = (entry: string, args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...secrets, ...env },
      encoding: 'utf8',
    });

  /** Every public table's rows, hashed, read as the superuser (RLS does not apply to it). */
  const snapshot = async (pg: PrivatePostgres, db: string, except: string[] = []) => {
    const tables = (
      await pg.query<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
        [],
        db,
      )
    ).map((r) => r.t);
    const out: Record<string, string> = {};
    for (const t of tables.filter((x) => !except.includes(x))) {
      const [row] = await pg.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`,
        [],
        db,
      );
      out[t] = `${row.n}:${row.h}`;
    }
    return out;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rephub-backup-'));
    [source, target] = await Promise.all([PrivatePostgres.start(), PrivatePostgres.start()]);
    await source.query(`CREATE DATABASE rephub`);
    execFileSync(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), 'apps/server/src/migrate.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: source.url('rephub') },
      stdio: 'pipe',
    });
    const seeded = cli('apps/server/src/seed.ts', [], { DATABASE_URL: source.url('rephub') });
    expect(seeded.stderr).toBe('');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_DATABASE_URL: source.url('rephub', 'rephub_app'),
      ...secrets,
    });
    @Module({ imports: [PlatformModule.forRoot(config, 'test'), AuditModule.forRoot({ schedule: false })] })
    class SealModule {}
    const app = await NestFactory.createApplicationContext(SealModule, { logger: false });
    try {
      // audited actions in each partnership, sealed into its chain (what the worker does every minute)
      const tenants = await source.query<{ id: string }>(`SELECT id FROM tenants`, [], 'rephub');
      expect(tenants.length).toBeGreaterThan(1);
      for (const { id } of tenants) {
        await app
          .get(UnitOfWork)
          .forTenant({ tenantId: id }, () =>
            app.get(AuditService).record({ action: 'backup_test.write', subjectType: 'tenant', subjectIds: [id] }),
          );
      }
      await app.get(AuditSealer).sealAll();
    } finally {
      await app.close();
    }
    // the outbox as a crash leaves it: a job relayed to Redis and not done, an email job not sent
    await source.query(
      `INSERT INTO job_outbox (tenant_id, id, job_name, queue, idempotency_key, status, relayed_at) VALUES
         ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'maintenance.probe', 'maintenance', 'backup-test:relayed', 'relayed', now()),
         ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'notifications.invite', 'notifications', 'backup-test:email', 'relayed', now())`,
      [],
      'rephub',
    );
  }, 240_000);
  afterAll(async () => {
    await source?.destroy();
    await target?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('restores every row and the audit chain, relays again what was mid-relay, holds unsent emails and runs retention again', async () => {
    const before = await snapshot(source, 'rephub');
    expect(Number(before['audit_events']?.split(':')[0])).toBeGreaterThan(0);
    const file = join(dir, 'rephub.backup');

    const backedUp = cli('libs/platform/src/database/cli/backup.ts', [file], { DATABASE_URL: source.url('rephub') });
    expect(backedUp.status).toBe(0);
    const raw = readFileSync(file);
    expect(raw.includes('demo.rephub.example')).toBe(false); // encrypted: no email address in it
    expect(raw.includes('PGDMP')).toBe(false); // not a plain custom-format dump
    const manifest = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(manifest.roles).toEqual(['rephub_owner', 'rephub_app', 'rephub_board', 'rephub_open_data']);
    expect(manifest.outside.map((o: { name: string; sha256: string }) => [o.name, typeof o.sha256])).toEqual([
      ['APP_SECRET', 'string'],
      ['AUDIT_SIGNING_KEY', 'string'],
    ]);

    // more writes after the backup: not in it
    await source.query(
      `INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'after-backup', 'Written after the backup')`,
      [],
      'rephub',
    );

    // into a fresh cluster, where the roles do not exist yet
    expect(await target.query(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'rephub%'`)).toEqual([]);
    const restored = cli('apps/server/src/restore.ts', [file], { DATABASE_URL: target.url('rephub_restored') });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('1 job(s) caught mid-relay will be relayed again');
    expect(restored.stdout).toContain('1 email job(s) not done at backup time are held');

    const after = await snapshot(target, 'rephub_restored', ['job_outbox', 'job_outbox_pending']);
    const { job_outbox: _o, job_outbox_pending: _p, ...expected } = before;
    expect(after).toEqual(expected); // every row, as at the backup (the later tenant is not there)
    const outbox = await target.query<{ idempotency_key: string; status: string; last_error: string | null }>(
      `SELECT idempotency_key, status, last_error FROM job_outbox WHERE idempotency_key LIKE 'backup-test:%' OR idempotency_key LIKE 'restore:%' ORDER BY idempotency_key`,
      [],
      'rephub_restored',
    );
    expect(outbox.filter((r) => r.idempotency_key.startsWith('backup-test:'))).toEqual([
      { idempotency_key: 'backup-test:email', status: 'failed', last_error: 'HeldAfterRestore' },
      { idempotency_key: 'backup-test:relayed', status: 'pending', last_error: 'RelayedAgainAfterRestore' },
    ]);
    const retention = outbox
      .filter((r) => r.idempotency_key.startsWith('restore:'))
      .map((r) => r.idempotency_key.replace(/^restore:[^:]+:[^:]+:[^:]+:/, ''));
    expect(retention.sort()).toEqual(['outbox-retention-nightly', 'retention-nightly']);

    // after a point-in-time recovery, the same steps on a database that is already there
    await target.query(
      `UPDATE job_outbox SET status = 'relayed', last_error = NULL WHERE idempotency_key = 'backup-test:relayed'`,
      [],
      'rephub_restored',
    );
    const prepared = cli('apps/server/src/restore.ts', ['--recovered'], {
      DATABASE_URL: target.url('rephub_restored'),
    });
    expect(prepared.status).toBe(0);
    expect(prepared.stdout).toMatch(
      /^Prepared the recovered database\.\n1 job\(s\) caught mid-relay will be relayed again; 2 retention job\(s\) queued/,
    );

    // a wrong passphrase restores nothing, and creates nothing
    const wrong = cli('apps/server/src/restore.ts', [file], {
      DATABASE_URL: target.url('wrong'),
      BACKUP_PASSPHRASE: 'not the passphrase at all, no',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^Restore failed: gpg could not decrypt the backup/);
    expect(await target.query(`SELECT datname FROM pg_database WHERE datname = 'wrong'`)).toEqual([]);

    // the audit chain verifies as the app role with the same signing key
    const verify = cli('libs/audit/src/cli/verify.ts', [], {
      APP_DATABASE_URL: target.url('rephub_restored', 'rephub_app'),
    });
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/[1-9]\d* sealed, \d+ unsealed, OK/);
  });
});
