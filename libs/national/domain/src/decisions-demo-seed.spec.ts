import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { testConfig } from '@rep-hub/platform/testing';
import { DecisionsDemoSeeder } from './decisions-demo-seed';

/** The board's demo meeting: a decision and an action, the action delivered to North West only; once. */
describe('the board decisions demo seed', () => {
  let uow: UnitOfWork;
  let seeder: DecisionsDemoSeeder;
  let close: () => Promise<void>;

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot(await testConfig(), 'test')],
      providers: [DecisionsDemoSeeder],
    })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    uow = app.get(UnitOfWork);
    seeder = app.get(DecisionsDemoSeeder);
    close = () => app.close();
  });
  afterAll(() => close?.());

  it('adds a meeting with a decision and an action for North West, delivered to it, and nothing the second time', async () => {
    // a North West of its own: the demo's slug would make other suites on this worker think the demo is seeded
    const slug = `nw-${randomUUID().slice(0, 8)}`;
    const [{ id }] = (await uow.forPlatform(null, (m) =>
      m.query(`INSERT INTO tenants (slug, name) VALUES ($1, 'North West (test)') RETURNING id`, [slug]),
    )) as { id: string }[];
    expect(await seeder.seed('no-such-partnership')).toBe(0);
    expect(await seeder.seed(slug)).toBe(3);
    const log = await uow.forBoard((m) =>
      m.query(
        `SELECT d.kind, d.status, d.concerns_partnership_ids::text[] AS concerns FROM national.board_decisions d
           JOIN national.board_meetings m ON m.id = d.meeting_id WHERE m.title = 'National Board meeting (demo)' ORDER BY d.reference`,
      ),
    );
    expect(log).toEqual([
      { kind: 'decision', status: null, concerns: [] },
      { kind: 'action', status: 'open', concerns: [id] },
    ]);
    const received = await uow.forTenant({ tenantId: id }, (m) =>
      m.query(`SELECT kind, owner FROM board_decisions_received`),
    );
    expect(received).toEqual([{ kind: 'action', owner: 'North West partnership lead' }]);
    expect(await seeder.seed(slug)).toBe(0);
  });
});
