import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { EvaluationWebModule } from './evaluation-web.module';

/**
 * Evaluation's pages across the walls: partnership B's lead and officer asking for partnership A's
 * test, return, its download and a reform cell (by their ids in the path) get the service's
 * not-found page, which A's own lead gets as pages; a write with A's test id changes nothing.
 */
describe('evaluation pages across partnerships', () => {
  let world: WebWorld;
  const a = { agents: {} as Record<'lead' | 'officer', TestAgent>, laId: '', testId: '', returnId: '' };
  const b = { agents: {} as Record<'lead' | 'officer', TestAgent>, laId: '' };

  async function partnership(label: string, laNumber: string) {
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `evx-${label}-${unique()}`, name: `Evaluation walls ${label} ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: `LA ${label}`, laNumber, isLead: true },
      world.adminId,
    );
    const agents = await world.members(tenant.id, [
      ['lead', la.id, 'partnership_lead'],
      ['officer', la.id, 'la_officer'],
    ]);
    return { tenantId: tenant.id, laId: la.id, agents: agents as Record<'lead' | 'officer', TestAgent> };
  }

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [EvaluationWebModule] });
    const pa = await partnership('a', '352');
    const pb = await partnership('b', '353');
    Object.assign(a, pa);
    Object.assign(b, pb);
    // A's test and a draft return, written as A's own records
    const uow = world.app.get(UnitOfWork);
    await uow.forTenant({ tenantId: pa.tenantId }, async (m) => {
      const [t] = (await m.query(
        `INSERT INTO evaluation_tests (tenant_id, title, reform_code, reforms_version, hypothesis, starts_on, ends_on, findings)
         VALUES ($1, 'A’s test', 'mediation', '2026-1', 'A’s hypothesis', '2026-09-01', '2027-07-31', 'A’s finding') RETURNING id`,
        [pa.tenantId],
      )) as { id: string }[];
      await m.query(`INSERT INTO evaluation_test_las (tenant_id, test_id, la_id) VALUES ($1, $2, $3)`, [
        pa.tenantId,
        t.id,
        pa.laId,
      ]);
      const [r] = (await m.query(
        `INSERT INTO evaluation_returns (tenant_id, period) VALUES ($1, '2026-27-autumn') RETURNING id`,
        [pa.tenantId],
      )) as { id: string }[];
      a.testId = t.id;
      a.returnId = r.id;
    });
  });
  afterAll(() => world?.close());

  const pages = () => [
    `/evaluation/tests/${a.testId}`,
    `/evaluation/tests/${a.testId}/edit`,
    `/evaluation/returns/${a.returnId}`,
    `/evaluation/returns/${a.returnId}/export?format=csv`,
    `/evaluation/reforms/mediation/${a.laId}`,
    `/evaluation/reforms/mediation/${a.laId}/change`,
  ];

  it('shows A’s own lead each page, and B’s lead and officer none of them', async () => {
    for (const path of pages()) {
      const own = await a.agents.lead.get(path);
      expect([path, own.status]).toEqual([path, 200]);
      for (const who of ['lead', 'officer'] as const) {
        const theirs = await b.agents[who].get(path);
        // a page their role may not open at all (an officer editing a test) is refused whatever the
        // id, as for an id that does not exist: nothing tells them A's record is there
        const none = await b.agents[who].get(
          path.replace(a.testId, randomUUID()).replace(a.returnId, randomUUID()).replace(a.laId, randomUUID()),
        );
        expect([path, who, theirs.status]).toEqual([path, who, none.status === 403 ? 403 : 404]);
        expect([path, who, none.status]).toEqual([path, who, theirs.status]);
        expect(theirs.text).not.toContain('A’s');
      }
    }
  });

  it('refuses B’s lead a result on A’s test, and A’s test keeps its log', async () => {
    const r = await world.post(b.agents.lead, '/evaluation/tests/new', `/evaluation/tests/${a.testId}/results`, {
      'recordedOn-day': '1',
      'recordedOn-month': '11',
      'recordedOn-year': '2026',
      summary: 'Theirs',
    });
    expect(r.status).toBe(404);
    const own = await a.agents.lead.get(`/evaluation/tests/${a.testId}`).expect(200);
    expect(own.text).not.toContain('Theirs');
  });
});
