import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, NIL_TENANT, NoUnitOfWorkError, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { AuditModule } from './audit.module';
import { AuditService, InvalidAuditEventError } from './audit.service';

describe('AuditService on PostgreSQL as the app role', () => {
  let app: INestApplicationContext;
  let audit: AuditService;
  let uow: UnitOfWork;
  let cls: ClsService;
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_DATABASE_URL: db.appUrl,
      DATABASE_POOL_SIZE: '2',
    });
    const ref = await Test.createTestingModule({
      imports: [PlatformModule.forRoot(config, 'test'), AuditModule.forRoot({ schedule: false })],
    }).compile();
    app = await ref.init();
    audit = app.get(AuditService);
    uow = app.get(UnitOfWork);
    cls = app.get(ClsService);
    await uow.forPlatform(null, async (m) => {
      for (const id of [tenantA, tenantB]) {
        await m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Audit service test')`, [
          id,
          `audit-${id.slice(0, 8)}`,
        ]);
      }
    });
  });
  afterAll(() => app.close());

  /** Rows of audit_events naming `subject`, read back in `tenantId`'s unit of work. */
  const eventsFor = (tenantId: string, subject: string) =>
    uow.forTenant({ tenantId }, (m) =>
      m.query(
        `SELECT id::text AS id, tenant_id::text AS tenant_id, actor_id::text AS actor_id, action, subject_type,
                subject_ids::text[] AS subject_ids, la_id::text AS la_id, request_id, details
           FROM audit_events WHERE subject_ids @> ARRAY[$1]::uuid[] ORDER BY occurred_at`,
        [subject],
      ),
    ) as Promise<Record<string, unknown>[]>;

  it('writes one row in the unit of work, with its tenant, actor, request id and details', async () => {
    const actor = randomUUID();
    const subject = randomUUID();
    const la = randomUUID();
    const id = await cls.run(async () => {
      cls.set(CLS_ID, 'req-audit-1');
      return uow.forTenant({ tenantId: tenantA, actorId: actor }, () =>
        audit.record({
          action: 'organisation.create',
          subjectType: 'organisation',
          subjectIds: [subject],
          laId: la,
          details: { kind: 'school', count: 3, lead: false, note: null },
        }),
      );
    });
    expect(await eventsFor(tenantA, subject)).toEqual([
      {
        id,
        tenant_id: tenantA,
        actor_id: actor,
        action: 'organisation.create',
        subject_type: 'organisation',
        subject_ids: [subject],
        la_id: la,
        request_id: 'req-audit-1',
        details: { kind: 'school', count: 3, lead: false, note: null },
      },
    ]);
  });

  it('writes in the same transaction: a rolled-back unit of work leaves no event', async () => {
    const subject = randomUUID();
    await expect(
      uow.forTenant({ tenantId: tenantA }, async (m) => {
        await audit.record({ action: 'organisation.update', subjectType: 'organisation', subjectIds: [subject] });
        // visible inside the transaction it was written in
        const [{ n }] = await m.query(
          `SELECT count(*)::int AS n FROM audit_events WHERE subject_ids @> ARRAY[$1]::uuid[]`,
          [subject],
        );
        expect(n).toBe(1);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await eventsFor(tenantA, subject)).toEqual([]);
  });

  it('writes platform work (no tenant) under NIL_TENANT, readable only there', async () => {
    const actor = randomUUID();
    const subject = randomUUID();
    const id = await uow.forPlatform(actor, () =>
      audit.record({ action: 'auth.sign_in', subjectType: 'user', subjectIds: [subject] }),
    );
    const rows = await eventsFor(NIL_TENANT, subject);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id,
      tenant_id: NIL_TENANT,
      actor_id: actor,
      action: 'auth.sign_in',
      request_id: null,
    });
    expect(await eventsFor(tenantA, subject)).toEqual([]);
  });

  it('needs an open unit of work (fails closed)', async () => {
    await expect(audit.record({ action: 'user.list', subjectType: 'user' })).rejects.toThrow(NoUnitOfWorkError);
    await expect(audit.accessLog(randomUUID())).rejects.toThrow(NoUnitOfWorkError);
    // the access log is tenant data: platform work may not read it
    await expect(uow.forPlatform(null, () => audit.accessLog(randomUUID()))).rejects.toThrow(NoUnitOfWorkError);
  });

  it('refuses personal data and malformed events, writing nothing', async () => {
    const subject = randomUUID();
    const attempt = (event: Parameters<AuditService['record']>[0]) =>
      uow.forTenant({ tenantId: tenantA }, () => audit.record(event));
    const base = { action: 'user.update', subjectType: 'user', subjectIds: [subject] };
    await expect(attempt({ ...base, details: { email: 'jo.bloggs@school.example' } })).rejects.toThrow(
      InvalidAuditEventError,
    );
    await expect(attempt({ ...base, details: { reason: 'x'.repeat(101) } })).rejects.toThrow(/longer than 100/);
    await expect(attempt({ ...base, details: { nested: { a: 1 } as unknown as string } })).rejects.toThrow(
      InvalidAuditEventError,
    );
    await expect(attempt({ ...base, details: { count: Number.NaN } })).rejects.toThrow(InvalidAuditEventError);
    await expect(attempt({ ...base, action: 'Organisation Created' })).rejects.toThrow(/dotted lower case/);
    await expect(attempt({ ...base, subjectIds: ['not-a-uuid'] })).rejects.toThrow(/subjectIds\[0\]/);
    // the error names the field, never the value
    await expect(attempt({ ...base, details: { email: 'jo.bloggs@school.example' } })).rejects.not.toThrow(/bloggs/);
    expect(await eventsFor(tenantA, subject)).toEqual([]);
    // ids, codes, counts and booleans are fine
    await attempt({ ...base, details: { role: 'la_officer', code: 'SEMH', count: 12, mfa: true, x: 'y'.repeat(100) } });
    expect(await eventsFor(tenantA, subject)).toHaveLength(1);
  });

  it('lists who viewed or changed a record, newest first, with a working cursor and nothing from another tenant', async () => {
    const subject = randomUUID();
    const other = randomUUID();
    const actors = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const ids: string[] = [];
    for (const [i, actor] of actors.entries()) {
      ids.push(
        await uow.forTenant({ tenantId: tenantA, actorId: actor }, async () => {
          await audit.record({ action: 'pupil.list', subjectType: 'pupil', subjectIds: [other] }); // not about the subject
          return audit.record({
            action: i % 2 ? 'pupil.update' : 'pupil.view',
            subjectType: 'pupil',
            subjectIds: [other, subject],
          });
        }),
      );
    }
    // another tenant's events naming the same id never show
    const foreign = await uow.forTenant({ tenantId: tenantB }, () =>
      audit.record({ action: 'pupil.view', subjectType: 'pupil', subjectIds: [subject] }),
    );

    const newestFirst = [...ids].reverse();
    const page1 = await uow.forTenant({ tenantId: tenantA }, () => audit.accessLog(subject, { limit: 2 }));
    expect(page1.items.map((i) => i.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.items[0]).toMatchObject({
      actorId: actors[4],
      action: 'pupil.view',
      subjectType: 'pupil',
      requestId: null,
    });
    expect(page1.items[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(page1.nextCursor).toBe(newestFirst[1]);
    const page2 = await uow.forTenant({ tenantId: tenantA }, () =>
      audit.accessLog(subject, { limit: 2, before: page1.nextCursor! }),
    );
    expect(page2.items.map((i) => i.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = await uow.forTenant({ tenantId: tenantA }, () =>
      audit.accessLog(subject, { limit: 2, before: page2.nextCursor! }),
    );
    expect(page3.items.map((i) => i.id)).toEqual(newestFirst.slice(4));
    expect(page3.nextCursor).toBeNull();
    const all = await uow.forTenant({ tenantId: tenantA }, () => audit.accessLog(subject));
    expect(all.items.map((i) => i.id)).toEqual(newestFirst);
    expect(all.items.map((i) => i.actorId)).toEqual([...actors].reverse());

    const inB = await uow.forTenant({ tenantId: tenantB }, () => audit.accessLog(subject));
    expect(inB.items.map((i) => i.id)).toEqual([foreign]);
    // a cursor from another tenant finds nothing rather than another tenant's position
    const crossed = await uow.forTenant({ tenantId: tenantB }, () => audit.accessLog(subject, { before: ids[4] }));
    expect(crossed.items).toEqual([]);
  });

  it('rejects a malformed access-log request', async () => {
    await uow.forTenant({ tenantId: tenantA }, async () => {
      await expect(audit.accessLog('nope')).rejects.toThrow(InvalidAuditEventError);
      await expect(audit.accessLog(randomUUID(), { limit: 0 })).rejects.toThrow(/limit/);
      await expect(audit.accessLog(randomUUID(), { limit: 201 })).rejects.toThrow(/limit/);
      await expect(audit.accessLog(randomUUID(), { before: 'x' })).rejects.toThrow(/before/);
    });
  });
});
