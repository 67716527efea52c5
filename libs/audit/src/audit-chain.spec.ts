import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, NIL_TENANT, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { TestDatabase, workerDatabase } from '@rep-hub/platform/testing';
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditModule } from './audit.module';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';
import { AuditVerifier, TenantVerification } from './audit-verifier';

const ROOT = join(__dirname, '..', '..', '..');
const DEV_AUDIT_KEY = 'rep-hub-development-audit-key-not-for-real-data'; // loadConfig's default outside production
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function boot(db: TestDatabase, env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    APP_DATABASE_URL: db.appUrl,
    DATABASE_POOL_SIZE: '3',
    ...env,
  });
  const ref = await Test.createTestingModule({
    imports: [PlatformModule.forRoot(config, 'test'), AuditModule.forRoot({ schedule: false })],
  }).compile();
  return ref.init();
}

/** Runs `npm run audit:verify`'s command as a child process, as the app role. */
function runVerifyCli(appUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(DATABASE_URL|APP_DATABASE_URL|BOARD_DATABASE_URL|REDIS_URL|ADMIN_|AUDIT_|DATA_DIR|JEST|NODE_OPTIONS)/.test(
          k,
        ),
    ),
  );
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), 'libs/audit/src/cli/verify.ts'], {
    cwd: ROOT,
    env: { ...clean, APP_DATABASE_URL: appUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('Audit sealing and verification on PostgreSQL as the app role', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let uow: UnitOfWork;
  let audit: AuditService;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;
  let superuser: Client;

  beforeAll(async () => {
    db = await workerDatabase();
    app = await boot(db);
    uow = app.get(UnitOfWork);
    audit = app.get(AuditService);
    sealer = app.get(AuditSealer);
    verifier = app.get(AuditVerifier);
    superuser = new Client({ connectionString: db.adminUrl });
    await superuser.connect();
  });
  afterAll(async () => {
    await superuser?.end();
    await app?.close();
  });

  async function newTenant(): Promise<string> {
    const id = randomUUID();
    await uow.forPlatform(null, (m) =>
      m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Audit chain test')`, [
        id,
        `chain-${id.slice(0, 8)}`,
      ]),
    );
    return id;
  }

  async function recordIn(tenantId: string, n: number, subject = randomUUID()): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        await uow.forTenant({ tenantId, actorId: randomUUID() }, () =>
          audit.record({
            action: 'organisation.view',
            subjectType: 'organisation',
            subjectIds: [subject],
            details: { b: i, aa: 'code' },
          }),
        ),
      );
    }
    return ids;
  }

  const seals = (tenantId: string) =>
    uow.forTenant({ tenantId }, (m) =>
      m.query(`SELECT seq::int AS seq, event_id::text AS event_id, hash, sealed_at FROM audit_seals ORDER BY seq`),
    ) as Promise<{ seq: number; event_id: string; hash: string; sealed_at: Date }[]>;

  const head = (tenantId: string) =>
    uow.forTenant(
      { tenantId },
      async (m) => (await m.query(`SELECT seq::int AS seq, hash, signature, key_id FROM audit_chain_heads`))[0],
    ) as Promise<{ seq: number; hash: string; signature: string; key_id: string } | undefined>;

  const entry = (result: { tenants: TenantVerification[] }, tenantId: string) =>
    result.tenants.find((t) => t.tenantId === tenantId);

  it('links events into a chain from the genesis hash, signs the head, and a second sealAll seals only new ones', async () => {
    const tenant = await newTenant();
    const first = await recordIn(tenant, 3);
    expect(await sealer.sealAll()).toBeGreaterThanOrEqual(3);

    const chain = await seals(tenant);
    expect(chain.map((s) => [s.seq, s.event_id])).toEqual(first.map((id, i) => [i + 1, id]));
    // recompute independently from the documented format
    const events = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(
        `SELECT tenant_id::text AS tenant_id, id::text AS id,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                actor_id::text AS actor_id, action, subject_type, subject_ids::text[] AS subject_ids, la_id, request_id, details
           FROM audit_events ORDER BY occurred_at, id`,
      ),
    );
    let prev = sha256(`rep-hub-audit-genesis:${tenant}`);
    for (const [i, e] of events.entries()) {
      const sortedDetails = Object.fromEntries(
        Object.entries(e.details as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
      expect(Object.keys(sortedDetails)).toEqual(['aa', 'b']);
      const canonical = JSON.stringify([
        e.tenant_id,
        e.id,
        e.occurred_at,
        e.actor_id,
        e.action,
        e.subject_type,
        e.subject_ids,
        e.la_id,
        e.request_id,
        sortedDetails,
      ]);
      prev = sha256(`${prev}\n${canonical}`);
      expect(chain[i].hash).toBe(prev);
    }
    const h = await head(tenant);
    expect(h).toEqual({
      seq: 3,
      hash: chain[2].hash,
      signature: createHmac('sha256', DEV_AUDIT_KEY).update(`${tenant}:3:${chain[2].hash}`).digest('hex'),
      key_id: sha256(DEV_AUDIT_KEY).slice(0, 8),
    });

    // nothing new: nothing sealed, anywhere
    expect(await sealer.sealAll()).toBe(0);
    const later = await recordIn(tenant, 2);
    expect(await sealer.sealAll()).toBe(2);
    const extended = await seals(tenant);
    expect(extended.slice(0, 3)).toEqual(chain); // the sealed part is untouched
    expect(extended.slice(3).map((s) => [s.seq, s.event_id])).toEqual([
      [4, later[0]],
      [5, later[1]],
    ]);
    expect((await head(tenant))?.seq).toBe(5);
    expect((await head(tenant))?.hash).toBe(extended[4].hash);
  });

  it('seals platform work in the NIL_TENANT chain', async () => {
    const subject = randomUUID();
    const id = await uow.forPlatform(null, () =>
      audit.record({ action: 'auth.sign_in', subjectType: 'user', subjectIds: [subject] }),
    );
    await sealer.sealAll();
    const nil = await seals(NIL_TENANT);
    expect(nil.map((s) => s.event_id)).toContain(id);
    expect((await head(NIL_TENANT))?.seq).toBe(nil.length);
  });

  it('serialises concurrent sealing of one tenant: each event is sealed once', async () => {
    const tenant = await newTenant();
    const ids = await recordIn(tenant, 4);
    const counts = await Promise.all([sealer.sealTenant(tenant), sealer.sealTenant(tenant)]);
    expect(counts.sort()).toEqual([0, 4]);
    expect((await seals(tenant)).map((s) => s.event_id)).toEqual(ids);
  });

  it('reports OK on an untouched chain, with the unsealed tail counted but not failing', async () => {
    const tenant = await newTenant();
    await recordIn(tenant, 3);
    await sealer.sealAll();
    await recordIn(tenant, 2); // the unsealed tail
    const result = await verifier.verify();
    expect(result.ok).toBe(true);
    expect(entry(result, tenant)).toEqual({ tenantId: tenant, sealed: 3, unsealed: 2, problems: [] });
    expect(result.tenants[0].tenantId).toBe(NIL_TENANT);
  });

  it('names the seq and event id of a sealed event altered by the superuser; the CLI exits 1 naming it', async () => {
    const tenant = await newTenant();
    const ids = await recordIn(tenant, 4);
    await sealer.sealAll();
    expect(entry(await verifier.verify(), tenant)?.problems).toEqual([]);

    // the superuser bypasses RLS (nothing disabled): rewrite history for the third event
    const { rowCount } = await superuser.query(
      `UPDATE audit_events SET action = 'organisation.delete' WHERE tenant_id = $1 AND id = $2`,
      [tenant, ids[2]],
    );
    expect(rowCount).toBe(1);

    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(entry(result, tenant)).toEqual({
      tenantId: tenant,
      sealed: 4,
      unsealed: 0,
      problems: [{ seq: 3, eventId: ids[2], problem: expect.stringMatching(/does not match its seal/) }],
    });

    const cli = await runVerifyCli(db.appUrl);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`tenant ${tenant}: 4 sealed, 0 unsealed, 1 problem(s)`);
    expect(cli.stdout).toMatch(new RegExp(`seq 3, event ${ids[2]}: the event does not match its seal`));
    expect(cli.stdout).toMatch(new RegExp(`^tenant ${NIL_TENANT}: \\d+ sealed, \\d+ unsealed, OK$`, 'm'));
  }, 90_000);

  it('a wrong signing key makes the head signature fail', async () => {
    const tenant = await newTenant();
    const ids = await recordIn(tenant, 2);
    await sealer.sealAll();
    expect(entry(await verifier.verify(), tenant)?.problems).toEqual([]);

    const other = await boot(db, { AUDIT_SIGNING_KEY: 'another-key-of-at-least-thirty-two-characters' });
    try {
      const result = await other.get(AuditVerifier).verify();
      expect(result.ok).toBe(false);
      const problems = entry(result, tenant)?.problems ?? [];
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        seq: 2,
        eventId: ids[1],
        problem: expect.stringMatching(
          /signature does not verify \(signed with key [0-9a-f]{8}, configured key is [0-9a-f]{8}\)/,
        ),
      });
    } finally {
      await other.close();
    }
  });

  it('finds a removed seal (seq gap) and a forged head', async () => {
    const tenant = await newTenant();
    const ids = await recordIn(tenant, 3);
    await sealer.sealAll();
    await superuser.query(`DELETE FROM audit_seals WHERE tenant_id = $1 AND seq = 2`, [tenant]);
    let problems = entry(await verifier.verify(), tenant)?.problems ?? [];
    expect(problems).toContainEqual({ seq: 3, eventId: ids[2], problem: 'seq gap: expected seq 2, found seq 3' });

    const forged = await newTenant();
    const forgedIds = await recordIn(forged, 2);
    await sealer.sealAll();
    await superuser.query(`UPDATE audit_chain_heads SET seq = 1 WHERE tenant_id = $1`, [forged]);
    problems = entry(await verifier.verify(), forged)?.problems ?? [];
    expect(problems).toEqual([
      { seq: 2, eventId: forgedIds[1], problem: 'the chain head (seq 1) disagrees with the last seal (seq 2)' },
      { seq: 1, problem: 'the chain head signature does not verify' },
    ]);
  });
});
