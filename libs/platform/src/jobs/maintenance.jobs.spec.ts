import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config';
import { UnitOfWork } from '../database/unit-of-work';
import { PlatformModule } from '../platform.module';
import { workerDatabase } from '../testing/test-database';
import { OutboxStore } from './outbox';
import { NOTIFICATION_RETENTION_DAYS, OutboxRetentionHandler } from './maintenance.jobs';

describe('outbox retention (nightly, as the app role on PostgreSQL)', () => {
  let uow: UnitOfWork;
  let handler: OutboxRetentionHandler;
  let close: () => Promise<void>;
  const tenant = randomUUID();

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_DATABASE_URL: db.appUrl,
      DATABASE_POOL_SIZE: '2',
    });
    @Module({ imports: [PlatformModule.forRoot(config, 'test')], providers: [OutboxStore, OutboxRetentionHandler] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    uow = app.get(UnitOfWork);
    handler = app.get(OutboxRetentionHandler);
    close = () => app.close();
    await uow.forPlatform(null, (m) =>
      m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Retention test')`, [
        tenant,
        `ret-${tenant.slice(0, 8)}`,
      ]),
    );
  });
  afterAll(() => close());

  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

  it(`deletes finished jobs after 7 days and the record of an email after ${NOTIFICATION_RETENTION_DAYS}, each a day either side of its boundary`, async () => {
    const jobs = { keptDone: randomUUID(), oldDone: randomUUID(), oldFailed: randomUUID() };
    await uow.forTenant({ tenantId: tenant }, async (m) => {
      for (const [id, status, finished] of [
        [jobs.keptDone, 'done', daysAgo(6)],
        [jobs.oldDone, 'done', daysAgo(8)],
        [jobs.oldFailed, 'failed', daysAgo(8)],
      ] as const) {
        await m.query(
          `INSERT INTO job_outbox (tenant_id, id, job_name, queue, idempotency_key, status, finished_at) VALUES ($1, $2, 'test.retention', 'maintenance', $3, $4, $5)`,
          [tenant, id, `ret:${id}`, status, finished],
        );
      }
    });
    const mail = { kept: randomUUID(), old: randomUUID() };
    await uow.forPlatform(null, async (m) => {
      for (const [id, created] of [
        [mail.kept, daysAgo(NOTIFICATION_RETENTION_DAYS - 1)],
        [mail.old, daysAgo(NOTIFICATION_RETENTION_DAYS + 1)],
      ] as const) {
        await m.query(
          `INSERT INTO notifications (id, idempotency_key, template, email, provider, personalisation, created_at) VALUES ($1, $2, 'invite', 'someone@example.org', 'outbox', '{"link":"x"}', $3)`,
          [id, `ret:${id}`, created],
        );
      }
    });

    await handler.handle();
    await handler.handle(); // a second run (a retried job) finds nothing more

    const leftJobs = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(`SELECT id FROM job_outbox WHERE id = ANY ($1::uuid[]) ORDER BY id`, [Object.values(jobs)]),
    );
    // a failed job stays for an operator to look at, however old
    expect(leftJobs.map((r: { id: string }) => r.id)).toEqual([jobs.keptDone, jobs.oldFailed].sort());
    const leftMail = await uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM notifications WHERE id = ANY ($1::uuid[])`, [Object.values(mail)]),
    );
    expect(leftMail.map((r: { id: string }) => r.id)).toEqual([mail.kept]);
  });
});
