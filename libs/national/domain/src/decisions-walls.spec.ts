import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { embeddedDataDir, testConfig } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DecisionsStore } from './decisions.store';
import './migrations';

/**
 * The walls of the board's decisions and actions log, as each role, on PostgreSQL and on the
 * embedded PGlite (one session, where the board's units of work take the board role): the board
 * role writes its own log and reads no tenant table (not even what it delivered); the app role
 * reads none of the log; `national.deliver_decisions` puts a decision only into the tables of
 * the partnerships it concerns, each seeing its own under RLS.
 */

const PERMISSION_DENIED = /permission denied/;

function wallsSuite(open: () => Promise<{ uow: UnitOfWork; close: () => Promise<void> }>) {
  let uow: UnitOfWork;
  let close: () => Promise<void>;
  const a = randomUUID();
  const b = randomUUID();
  let meeting: string;
  // a year of the suite's own: other suites on this worker's database number their decisions too
  const year = String(2040 + Math.floor(Math.random() * 50));
  const ref = (month: string, n: string) => `NB-${year}-${month}-${n}`;

  beforeAll(async () => {
    ({ uow, close } = await open());
    for (const id of [a, b])
      await uow.forPlatform(null, (m) =>
        m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Decisions walls')`, [
          id,
          `nbw-${id.slice(0, 8)}`,
        ]),
      );
  });
  afterAll(() => close?.());

  const asApp = <T>(work: (m: EntityManager) => Promise<T>) => uow.forPlatform(null, work);
  const received = (tenantId: string) =>
    uow.forTenant({ tenantId }, (m) =>
      m.query(
        // what the tenant's unit of work sees by RLS alone (the wall under test), with no filter of its own
        `/* RLS only */ SELECT decision_id, reference, kind, status, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM board_decisions_received ORDER BY reference`,
      ),
    ) as Promise<
      { decision_id: string; reference: string; kind: string; status: string | null; due_on: string | null }[]
    >;
  const decision = (m: EntityManager, reference: string, kind: 'decision' | 'action', concerns: string[]) =>
    m
      .query(
        `INSERT INTO national.board_decisions (meeting_id, reference, text, kind, owner, due_on, status, concerns_partnership_ids, recorded_by_name)
         VALUES ($1, $2, 'Walls test', $3, 'The chair', $4, $5, $6::uuid[], 'Board member') RETURNING id`,
        [
          meeting,
          reference,
          kind,
          kind === 'action' ? '2026-12-31' : null,
          kind === 'action' ? 'open' : null,
          concerns,
        ],
      )
      .then((rows: { id: string }[]) => rows[0].id);

  it('lets the board role write its own log (never delete from it), and only read it in a read-only unit', async () => {
    meeting = await uow.forBoardWrite(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO national.board_meetings (held_on, title, recorded_by_name) VALUES ('2026-12-01', 'Walls meeting', 'Board member') RETURNING id`,
      );
      await m.query(`UPDATE national.board_meetings SET title = 'Walls meeting, December' WHERE id = $1`, [id]);
      return id as string;
    });
    const [row] = await uow.forBoard((m) =>
      m.query(`SELECT title FROM national.board_meetings WHERE id = $1`, [meeting]),
    );
    expect(row).toEqual({ title: 'Walls meeting, December' });
    await expect(
      uow.forBoardWrite((m) => m.query(`DELETE FROM national.board_meetings WHERE id = $1`, [meeting])),
    ).rejects.toThrow(PERMISSION_DENIED);
    await expect(
      uow.forBoard((m) => m.query(`UPDATE national.board_meetings SET title = 'x' WHERE id = $1`, [meeting])),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('gives the board role no tenant or platform table, not even what it delivered, and not publish_release', async () => {
    for (const table of [
      'tenants',
      'users',
      'memberships',
      'audit_events',
      'board_decisions_received',
      'evaluation_publications',
    ])
      for (const run of [uow.forBoard.bind(uow), uow.forBoardWrite.bind(uow)])
        await expect(run((m: EntityManager) => m.query(`SELECT * FROM public.${table} LIMIT 1`))).rejects.toThrow(
          PERMISSION_DENIED,
        );
    await expect(
      uow.forBoardWrite((m) =>
        m.query(`INSERT INTO public.board_decisions_received (tenant_id, decision_id) VALUES ($1, gen_random_uuid())`, [
          a,
        ]),
      ),
    ).rejects.toThrow(PERMISSION_DENIED);
    await expect(uow.forBoardWrite((m) => m.query(`SELECT national.publish_release('{}'::jsonb)`))).rejects.toThrow(
      PERMISSION_DENIED,
    );
  });

  it('refuses the app role any read or write of the log, and the delivery function', async () => {
    for (const sql of [
      `SELECT * FROM national.board_meetings`,
      `SELECT * FROM national.board_decisions`,
      `INSERT INTO national.board_meetings (held_on, title, recorded_by_name) VALUES ('2026-12-01', 'x', 'x')`,
      `UPDATE national.board_decisions SET status = 'done'`,
      `SELECT national.deliver_decisions(gen_random_uuid())`,
    ])
      await expect(asApp((m) => m.query(sql))).rejects.toThrow(PERMISSION_DENIED);
    // and the partnership may read what reached it, never write it
    await expect(
      uow.forTenant({ tenantId: a }, (m) => m.query(`DELETE FROM board_decisions_received WHERE tenant_id = $1`, [a])),
    ).rejects.toThrow(PERMISSION_DENIED);
  });

  it('delivers a decision only to the partnerships it concerns, each seeing its own under RLS, and again when it changes', async () => {
    const [forA, forAll] = await uow.forBoardWrite(async (m) => {
      const one = await decision(m, ref('12', '01'), 'action', [a]);
      const both = await decision(m, ref('12', '02'), 'decision', [a, b]);
      expect(Number((await m.query(`SELECT national.deliver_decisions($1) AS n`, [one]))[0].n)).toBe(1);
      expect(Number((await m.query(`SELECT national.deliver_decisions($1) AS n`, [both]))[0].n)).toBe(2);
      // the function's tenant is its own: none is left set in the board's transaction after it
      const [{ tenant }] = await m.query(`SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant`);
      expect(tenant).toBe('');
      return [one, both];
    });
    await expect(uow.forBoardWrite((m) => m.query(`SELECT 1 FROM public.board_decisions_received`))).rejects.toThrow(
      PERMISSION_DENIED,
    );
    expect(await received(a)).toEqual([
      { decision_id: forA, reference: ref('12', '01'), kind: 'action', status: 'open', due_on: '2026-12-31' },
      { decision_id: forAll, reference: ref('12', '02'), kind: 'decision', status: null, due_on: null },
    ]);
    expect(await received(b)).toEqual([
      { decision_id: forAll, reference: ref('12', '02'), kind: 'decision', status: null, due_on: null },
    ]);

    await uow.forBoardWrite(async (m) => {
      await m.query(
        `UPDATE national.board_decisions SET status = 'done', due_on = '2027-01-15', version = version + 1 WHERE id = $1`,
        [forA],
      );
      await m.query(`SELECT national.deliver_decisions($1)`, [forA]);
    });
    expect((await received(a))[0]).toMatchObject({ status: 'done', due_on: '2027-01-15' });
    expect(await received(b)).toHaveLength(1);
  });

  it('numbers the references of a month one after another, as the board role (under its lock)', async () => {
    const refs = await uow.forBoardWrite(async (m) => [
      await DecisionsStore.nextReference(m, `${year}-12-15`),
      await DecisionsStore.nextReference(m, `${year}-11-05`),
    ]);
    // the suite's 01 and 02 of December are taken (the delivery test above)
    expect(refs).toEqual([ref('12', '03'), ref('11', '01')]);
  });

  it('refuses a partnership id that is not a partnership, delivering nothing of that decision', async () => {
    const stranger = randomUUID();
    let id = '';
    await expect(
      uow.forBoardWrite(async (m) => {
        id = await decision(m, ref('12', '09'), 'decision', [a, stranger]);
        return m.query(`SELECT national.deliver_decisions($1)`, [id]);
      }),
    ).rejects.toThrow(new RegExp(`refused: ${stranger} is not a partnership \\(decision ${ref('12', '09')}\\)`));
    expect((await received(a)).map((r) => r.reference)).not.toContain(ref('12', '09'));
    const [{ n }] = await uow.forBoard((m) =>
      m.query(`SELECT count(*)::int AS n FROM national.board_decisions WHERE reference = $1`, [ref('12', '09')]),
    );
    expect(n).toBe(0);
    await expect(
      uow.forBoardWrite((m) => m.query(`SELECT national.deliver_decisions($1)`, [randomUUID()])),
    ).rejects.toThrow(/no decision .* in the board's log/);
  });
}

describe('the board decisions log’s walls on PostgreSQL, as the app and board roles', () => {
  wallsSuite(async () => {
    @Module({ imports: [PlatformModule.forRoot(await testConfig(), 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    return { uow: app.get(UnitOfWork), close: () => app.close() };
  });
});

describe('the board decisions log’s walls on embedded PGlite (one session: the board takes its role per transaction)', () => {
  wallsSuite(async () => {
    // a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
    const data = await embeddedDataDir('rephub-decisions-');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: data.dataDir });
    @Module({ imports: [PlatformModule.forRoot(config, 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    return {
      uow: app.get(UnitOfWork),
      close: async () => {
        await app.close();
        data.remove();
      },
    };
  });
});
