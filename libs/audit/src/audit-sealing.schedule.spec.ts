import { INestApplicationContext, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { AuditModule } from './audit.module';
import { AuditSealer, AuditSealError } from './audit-sealer';
import { AUDIT_SEAL_INTERVAL_DEFAULT_MS, auditSealIntervalMs, AuditSealingSchedule } from './audit-sealing.schedule';
import { AuditService } from './audit.service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

class LeakyError extends Error {
  constructor() {
    super('duplicate key (email)=(jo.bloggs@school.example)');
    this.name = 'LeakyError';
  }
}

describe('AuditSealingSchedule', () => {
  const saved = process.env['AUDIT_SEAL_INTERVAL_MS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['AUDIT_SEAL_INTERVAL_MS'];
    else process.env['AUDIT_SEAL_INTERVAL_MS'] = saved;
  });

  /** A schedule over a stand-in sealer, with its logger's errors captured. */
  function scheduleWith(sealAll: () => Promise<number>) {
    const schedule = new AuditSealingSchedule({ sealAll } as unknown as AuditSealer);
    const logger = (schedule as unknown as { logger: Logger }).logger;
    const errors: string[] = [];
    jest.spyOn(logger, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
    jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
    return { schedule, errors };
  }

  it('reads AUDIT_SEAL_INTERVAL_MS: 5000 by default, 0 disables, nonsense falls back to the default', () => {
    expect(auditSealIntervalMs({})).toBe(AUDIT_SEAL_INTERVAL_DEFAULT_MS);
    expect(AUDIT_SEAL_INTERVAL_DEFAULT_MS).toBe(5000);
    expect(auditSealIntervalMs({ AUDIT_SEAL_INTERVAL_MS: '0' })).toBe(0);
    expect(auditSealIntervalMs({ AUDIT_SEAL_INTERVAL_MS: '250' })).toBe(250);
    expect(auditSealIntervalMs({ AUDIT_SEAL_INTERVAL_MS: '-5' })).toBe(AUDIT_SEAL_INTERVAL_DEFAULT_MS);
  });

  it('runs again and again, never two runs at once, and stops at shutdown', async () => {
    process.env['AUDIT_SEAL_INTERVAL_MS'] = '5';
    let calls = 0;
    let active = 0;
    let maxActive = 0;
    const { schedule } = scheduleWith(async () => {
      calls += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(40); // much longer than the interval
      active -= 1;
      return 0;
    });
    schedule.onApplicationBootstrap();
    expect(schedule.enabled).toBe(true);
    await until(() => calls >= 3);
    await schedule.onApplicationShutdown();
    expect(maxActive).toBe(1);
    expect(active).toBe(0); // shutdown waited for the run in flight
    const after = calls;
    await sleep(60);
    expect(calls).toBe(after);
  });

  it('is off with AUDIT_SEAL_INTERVAL_MS=0', async () => {
    process.env['AUDIT_SEAL_INTERVAL_MS'] = '0';
    const sealAll = jest.fn(async () => 0);
    const { schedule } = scheduleWith(sealAll);
    schedule.onApplicationBootstrap();
    expect(schedule.enabled).toBe(false);
    await sleep(50);
    expect(sealAll).not.toHaveBeenCalled();
  });

  it('logs a failure by error class only, never its message, and keeps going', async () => {
    process.env['AUDIT_SEAL_INTERVAL_MS'] = '5';
    let calls = 0;
    const { schedule, errors } = scheduleWith(async () => {
      calls += 1;
      if (calls === 1) throw new LeakyError();
      if (calls === 2) throw new AuditSealError([{ tenantId: randomUUID(), errorClass: 'QueryFailedError' }]);
      return 0;
    });
    schedule.onApplicationBootstrap();
    await until(() => calls >= 3);
    await schedule.onModuleDestroy();
    expect(errors).toEqual([
      'Audit sealing failed: LeakyError',
      'Audit sealing failed: AuditSealError (QueryFailedError)',
    ]);
    expect(errors.join('\n')).not.toMatch(/bloggs|@/);
  });

  describe('in AuditModule.forRoot on PostgreSQL', () => {
    let app: INestApplicationContext | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    async function boot(schedule: boolean): Promise<INestApplicationContext> {
      const db = await workerDatabase();
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        APP_DATABASE_URL: db.appUrl,
        DATABASE_POOL_SIZE: '2',
      });
      const ref = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config, 'test'), AuditModule.forRoot({ schedule })],
      }).compile();
      return ref.init();
    }

    it('seals committed events in the background when the schedule is on', async () => {
      process.env['AUDIT_SEAL_INTERVAL_MS'] = '50';
      app = await boot(true);
      expect(app.get(AuditSealingSchedule).enabled).toBe(true);
      const uow = app.get(UnitOfWork);
      const tenant = randomUUID();
      await uow.forPlatform(null, (m) =>
        m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Schedule test')`, [
          tenant,
          `sched-${tenant.slice(0, 8)}`,
        ]),
      );
      const id = await uow.forTenant({ tenantId: tenant }, () =>
        app!.get(AuditService).record({ action: 'user.list', subjectType: 'user' }),
      );
      await until(async () => {
        const rows = await uow.forTenant({ tenantId: tenant }, (m) =>
          m.query(`SELECT event_id::text AS id FROM audit_seals`),
        );
        return rows.length === 1 && rows[0].id === id;
      });
    });

    it('has no schedule when it is off', async () => {
      app = await boot(false);
      expect(() => app!.get(AuditSealingSchedule)).toThrow();
      expect(app.get(AuditSealer)).toBeInstanceOf(AuditSealer);
    });
  });
});
