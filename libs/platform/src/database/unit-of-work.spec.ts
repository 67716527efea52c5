import { Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { loadConfig } from '../config/config';
import { PlatformModule } from '../platform.module';
import { workerDatabase } from '../testing/test-database';
import { isConnectionLost } from './connection-errors';
import { MissingTenantFilterError, RLS_ONLY, tenantFilterMode } from './tenant-filter-check';
import { contextStatements, NestedUnitOfWorkError, NoUnitOfWorkError, UnitOfWork } from './unit-of-work';

describe('UnitOfWork on PostgreSQL', () => {
  let uow: UnitOfWork;
  let close: () => Promise<void>;
  let ref: TestingModule;
  const tenant = randomUUID();

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_DATABASE_URL: db.appUrl,
      DATABASE_POOL_SIZE: '1',
    });
    @Module({ imports: [PlatformModule.forRoot(config, 'test')] })
    class M {}
    ref = await Test.createTestingModule({ imports: [M] }).compile();
    const app = await ref.init();
    uow = app.get(UnitOfWork);
    close = () => app.close();
    await uow.forPlatform(null, (m) =>
      m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'UoW test')`, [
        tenant,
        `uow-${tenant.slice(0, 8)}`,
      ]),
    );
  });
  afterAll(() => close());

  it('sets the tenant, actor and LAs transaction-locally', async () => {
    const actor = randomUUID();
    const la = randomUUID();
    const [row] = await uow.forTenant({ tenantId: tenant, actorId: actor, laIds: [la] }, (m) =>
      m.query(
        `SELECT current_setting('app.tenant_id') AS t, current_setting('app.actor_id') AS a, current_setting('app.la_ids') AS l`,
      ),
    );
    expect(row).toEqual({ t: tenant, a: actor, l: la });
  });

  it('fails, in the test suites, a statement of the product in a tenant unit of work that reads a tenant table with no tenant filter (Citus routes on it)', async () => {
    expect(tenantFilterMode()).toEqual({ kind: 'throw' }); // npm test sets it for every suite and the servers they start
    // a statement as product code sends it: a function whose source is named like a product file
    // (the statements a spec file sends itself are its own probes, not checked)
    const product = new Function(
      'm',
      'sql',
      'params',
      'return m.query(sql, params);\n//# sourceURL=/rep-hub/libs/some-module/domain/src/some.store.ts',
    ) as (m: EntityManager, sql: string, params?: unknown[]) => Promise<unknown>;
    await expect(
      uow.forTenant({ tenantId: tenant }, (m) =>
        product(m, `SELECT count(*)::int AS n FROM organisations WHERE kind = 'school'`),
      ),
    ).rejects.toThrow(MissingTenantFilterError);
    const [ok] = (await uow.forTenant({ tenantId: tenant }, (m) =>
      product(m, `SELECT count(*)::int AS n FROM organisations WHERE tenant_id = $1 AND kind = 'school'`, [tenant]),
    )) as { n: number }[];
    expect(ok).toEqual({ n: 0 });
    const [probe] = (await uow.forTenant({ tenantId: tenant }, (m) =>
      product(m, `${RLS_ONLY} SELECT count(*)::int AS n FROM organisations WHERE kind = 'school'`),
    )) as { n: number }[];
    expect(probe).toEqual({ n: 0 });
    // the spec's own probe is not checked
    await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(`SELECT count(*) FROM organisations WHERE kind = 'school'`),
    );
  });

  it('exposes the context inside and fails closed outside', async () => {
    await uow.forTenant({ tenantId: tenant }, async () => expect(uow.tenantId).toBe(tenant));
    expect(() => uow.tenantId).toThrow(NoUnitOfWorkError);
    expect(() => uow.manager).toThrow(NoUnitOfWorkError);
  });

  it('refuses a unit of work as the board role at call time when no board connection is configured', async () => {
    await expect(uow.forBoard((m) => m.query('SELECT 1'))).rejects.toThrow(
      /board role cannot be opened: BOARD_DATABASE_URL is not set/,
    );
  });

  it('reads for a public page in a read-only transaction as the tenant, with no actor and no LAs', async () => {
    const [row] = await uow.forPublicRead(tenant, (m) =>
      m.query(
        `SELECT current_setting('app.tenant_id') AS t, coalesce(current_setting('app.actor_id', true), '') AS a,
                current_setting('app.la_ids') AS l, current_setting('transaction_read_only') AS ro`,
      ),
    );
    expect(row).toEqual({ t: tenant, a: '', l: '', ro: 'on' });
    await expect(
      uow.forPublicRead(tenant, (m) => m.query(`UPDATE organisations SET name = name WHERE tenant_id = $1`, [tenant])),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('refuses platform work access to tenant data', async () => {
    await uow.forPlatform(null, async () => expect(() => uow.tenantId).toThrow(NoUnitOfWorkError));
    await expect(uow.forPlatform(null, (m) => m.query(`SELECT * FROM organisations`))).rejects.toThrow();
  });

  it('runs one statement on its own: principal_context sets the tenant for that statement only, and nothing carries to the next (one pooled connection)', async () => {
    const [none] = await uow.statement<{ p: unknown }>(`SELECT principal_context($1, $2, $3) AS p`, [
      randomUUID(),
      randomUUID(),
      tenant,
    ]);
    expect(none.p).toBeNull();
    const [after] = await uow.statement<{ t: string | null; l: string | null }>(
      `SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.la_ids', true) AS l`,
      [],
    );
    expect([after.t ?? '', after.l ?? '']).toEqual(['', '']);
    // inside a unit of work it would put back the unit's own context (it is never called there: statement() refuses)
    await expect(uow.forTenant({ tenantId: tenant }, () => uow.statement(`SELECT 1`, []))).rejects.toThrow(
      NestedUnitOfWorkError,
    );
    const [kept] = await uow.forTenant({ tenantId: tenant, laIds: [tenant] }, async (m) => {
      await m.query(`SELECT principal_context($1, $2, $3)`, [randomUUID(), randomUUID(), randomUUID()]);
      return m.query(`SELECT current_setting('app.tenant_id') AS t, current_setting('app.la_ids') AS l`);
    });
    expect(kept).toEqual({ t: tenant, l: tenant });
  });

  it('refuses to open a unit of work inside another (PGlite is one session)', async () => {
    await expect(
      uow.forTenant({ tenantId: tenant }, () => uow.forTenant({ tenantId: tenant }, async () => 1)),
    ).rejects.toThrow(NestedUnitOfWorkError);
  });

  it('opens one unit of work after another inside one request context, and leaves the request context clean', async () => {
    const cls = ref.get(ClsService);
    await cls.run(async () => {
      cls.set('rephub.requestScoped', true); // as a request's context holds values before its first unit of work
      await uow.forTenant({ tenantId: tenant }, async () => undefined);
      expect(uow.isOpen).toBe(false);
      await expect(uow.forPlatform(null, async () => 'second')).resolves.toBe('second');
    });
  });

  it('rolls back everything when the work fails', async () => {
    const id = randomUUID();
    await expect(
      uow.forTenant({ tenantId: tenant }, async (m) => {
        await m.query(`INSERT INTO organisations (tenant_id, id, kind, name) VALUES ($1, $2, 'icb', 'Half written')`, [
          tenant,
          id,
        ]);
        throw new Error('fail after write');
      }),
    ).rejects.toThrow('fail after write');
    const rows = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(`SELECT id FROM organisations WHERE id = $1`, [id]),
    );
    expect(rows).toEqual([]);
  });

  it('starts its transaction and sets its context in one round trip, then commits', async () => {
    const sent: string[] = [];
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
      return original.apply(this, args) as never;
    });
    try {
      await uow.forTenant({ tenantId: tenant, laIds: [tenant] }, (m) => m.query(`SELECT 1`));
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual([
      `START TRANSACTION; SET LOCAL app.tenant_id = '${tenant}'; SET LOCAL app.la_ids = '${tenant}'`,
      'SELECT 1',
      'COMMIT',
    ]);
  });

  it('gives its connection back clean when the start fails after START TRANSACTION took effect (one pooled connection)', async () => {
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const broken =
        typeof args[0] === 'string' && args[0].startsWith('START TRANSACTION;')
          ? ['START TRANSACTION; SELECT 1/0', ...args.slice(1)]
          : args;
      return original.apply(this, broken) as never;
    });
    try {
      await expect(uow.forTenant({ tenantId: tenant }, (m) => m.query(`SELECT 1`))).rejects.toThrow(/division by zero/);
    } finally {
      spy.mockRestore();
    }
    const [row] = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(`SELECT current_setting('app.tenant_id') AS t`),
    );
    expect(row.t).toBe(tenant);
  });

  it('runs once more on a fresh connection when PostgreSQL ended its connection before COMMIT', async () => {
    const kept = randomUUID();
    const pids: number[] = [];
    const result = await uow.forTenant({ tenantId: tenant }, async (m) => {
      const [{ pid }] = (await m.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
      pids.push(pid);
      await m.query(
        `INSERT INTO organisations (tenant_id, id, kind, name) VALUES ($1, $2, 'icb', 'Lost then retried')`,
        [tenant, pids.length === 1 ? randomUUID() : kept],
      );
      // as a PostgreSQL restart does: the server ends this session (57P01) before the work commits
      if (pids.length === 1) await m.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(pids).toHaveLength(2);
    expect(pids[1]).not.toBe(pids[0]); // a fresh connection, not the dead one
    const rows = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(`SELECT id FROM organisations WHERE name = 'Lost then retried'`),
    );
    expect(rows).toEqual([{ id: kept }]); // the first run's write died with its connection
  });

  it('never runs again once COMMIT was sent (it may have committed), and says the connection was lost', async () => {
    const db = await workerDatabase();
    const admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      if (args[0] !== 'COMMIT' || this === admin) return original.apply(this, args) as never;
      // the server goes away just as COMMIT is sent
      const pid = (this as unknown as { processID: number }).processID;
      return (admin.query(`SELECT pg_terminate_backend($1, 5000)`, [pid]) as Promise<unknown>).then(() =>
        original.apply(this, args),
      ) as never;
    });
    let runs = 0;
    let error: unknown;
    try {
      await uow.forTenant({ tenantId: tenant }, async (m) => {
        runs++;
        await m.query(`SELECT 1`);
      });
    } catch (e) {
      error = e;
    } finally {
      spy.mockRestore();
      await admin.end();
    }
    expect(runs).toBe(1);
    expect(isConnectionLost(error)).toBe(true);
    // and the pool is whole again: the next unit of work gets a working connection
    expect(await uow.forTenant({ tenantId: tenant }, (m) => m.query(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
  });

  it('does not run again when the work fails for another reason', async () => {
    let runs = 0;
    await expect(
      uow.forTenant({ tenantId: tenant }, async (m) => {
        runs++;
        await m.query(`SELECT 1/0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(runs).toBe(1);
  });

  it("keeps TypeORM's own transactions inside it as savepoints: an inner commit does not commit the unit", async () => {
    const id = randomUUID();
    await expect(
      uow.forTenant({ tenantId: tenant }, async (m) => {
        await m.transaction((inner) =>
          inner.query(`INSERT INTO organisations (tenant_id, id, kind, name) VALUES ($1, $2, 'icb', 'Inner')`, [
            tenant,
            id,
          ]),
        );
        throw new Error('fail after the inner transaction');
      }),
    ).rejects.toThrow('fail after the inner transaction');
    expect(
      await uow.forTenant({ tenantId: tenant }, (m) => m.query(`SELECT id FROM organisations WHERE id = $1`, [id])),
    ).toEqual([]);
  });

  it('keeps concurrent units of work apart on one pooled connection', async () => {
    const other = randomUUID();
    await uow.forPlatform(null, (m) =>
      m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'UoW other')`, [other, `uow-${other.slice(0, 8)}`]),
    );
    const seen = await Promise.all(
      [tenant, other, tenant, other].map((t) =>
        uow.forTenant({ tenantId: t }, async (m) => {
          await new Promise((r) => setTimeout(r, 5));
          return (await m.query(`SELECT current_setting('app.tenant_id') AS t`))[0].t;
        }),
      ),
    );
    expect(seen).toEqual([tenant, other, tenant, other]);
  });

  it('sets planner settings for its transaction only, in the round trip that starts it', async () => {
    const settings = { enable_sort: 'off', jit: 'off' };
    const inside = await uow.forTenant({ tenantId: tenant, settings }, async (m) =>
      m.query(
        `SELECT current_setting('enable_sort') AS s, current_setting('jit') AS j, current_setting('app.tenant_id') AS t`,
      ),
    );
    expect(inside).toEqual([{ s: 'off', j: 'off', t: tenant }]);
    // the next unit of work, on whichever pooled connection, has the defaults again
    const after = await uow.forTenant({ tenantId: tenant }, async (m) =>
      m.query(`SELECT current_setting('enable_sort') AS s`),
    );
    expect(after).toEqual([{ s: 'on' }]);
    const bads: Record<string, string>[] = [
      { "enable_sort = 'on'; DROP TABLE tenants; --": 'off' },
      { jit: "off'; DROP TABLE tenants; --" },
    ];
    for (const bad of bads)
      expect(() => contextStatements({ tenantId: tenant, actorId: null, laIds: [], settings: bad })).toThrow(TypeError);
  });

  it('rejects a tenant id that is not a UUID before any SQL is built', () => {
    expect(() => contextStatements({ tenantId: "x'; DROP TABLE tenants; --", actorId: null, laIds: [] })).toThrow(
      TypeError,
    );
  });
});
