import { ApiWorld } from '@rep-hub/api-surface/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { DemoSeeder } from '@rep-hub/tenancy';
import { createHash } from 'node:crypto';
import { PlansApiModule } from './plans-api.module';

/**
 * The module's demo seed step on PostgreSQL: per demo partnership, a local partnership per LA with
 * its member organisations, one published plan with its PDF and one in co-production with one
 * sign-off and one dissent; run again, it adds nothing (and changes nothing it made).
 */
describe('the inclusion plans demo seed', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [PlansApiModule] });
    uow = world.app.get(UnitOfWork);
  });
  afterAll(() => world?.close());

  const state = async () => {
    const tenants = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string }[];
    const out = [];
    for (const { id } of tenants)
      out.push(
        await uow.forTenant({ tenantId: id }, async (m) => {
          const [counts] = (await m.query(
            `SELECT (SELECT count(*)::int FROM local_partnerships WHERE tenant_id = $1) AS partnerships,
                    (SELECT count(*)::int FROM local_partnership_members WHERE tenant_id = $1) AS members,
                    (SELECT count(*)::int FROM local_partnership_members WHERE tenant_id = $1 AND organisation_id IS NULL) AS outside,
                    (SELECT count(*)::int FROM inclusion_plans WHERE tenant_id = $1) AS plans`,
            [id],
          )) as Record<string, number>[];
          const versions = (await m.query(
            `SELECT v.status, v.pdf_status, v.pdf, v.pdf_sha256,
                    (SELECT array_agg(s.decision ORDER BY s.decision) FROM inclusion_plan_signoffs s WHERE s.tenant_id = v.tenant_id AND s.version_id = v.id) AS decisions
               FROM inclusion_plan_versions v JOIN inclusion_plans p ON p.tenant_id = v.tenant_id AND p.id = v.plan_id
              WHERE v.tenant_id = $1 AND v.number = 1 AND p.title LIKE '% local inclusion plan 2026 to 2029'
              ORDER BY v.status`,
            [id],
          )) as {
            status: string;
            pdf_status: string;
            pdf: Buffer | null;
            pdf_sha256: string | null;
            decisions: string[];
          }[];
          return { counts, versions };
        }),
      );
    return out;
  };

  it('seeds each demo partnership’s local partnerships and two plans, once', async () => {
    await world.app.get(DemoSeeder).seed();
    const first = await state();
    expect(first.length).toBeGreaterThanOrEqual(2);
    for (const t of first) {
      // (another suite on this database may have added an LA to a demo partnership: at least these)
      expect(t.counts).toEqual({
        partnerships: expect.any(Number),
        members: expect.any(Number),
        outside: expect.any(Number),
        plans: expect.any(Number),
      });
      expect([t.counts.partnerships >= 2, t.counts.members >= 6, t.counts.outside >= 1, t.counts.plans >= 2]).toEqual([
        true,
        true,
        true,
        true,
      ]);
      // the seed's two (the API examples, which may run earlier on this database, write a plan of
      // the same title pattern in a demo partnership: it is neither of these)
      const co = t.versions.find((v) => v.status === 'co_production' && v.decisions?.includes('dissent'))!;
      const published = t.versions.find((v) => v.status === 'published')!;
      expect([co !== undefined, published !== undefined]).toEqual([true, true]);
      expect([co.status, co.decisions]).toEqual(['co_production', ['dissent', 'signed_off']]);
      expect([published.status, published.pdf_status, published.decisions]).toEqual([
        'published',
        'ready',
        ['signed_off', 'signed_off', 'signed_off'],
      ]);
      expect(published.pdf!.subarray(0, 5).toString()).toBe('%PDF-');
      expect(published.pdf_sha256).toBe(createHash('sha256').update(published.pdf!).digest('hex'));
    }
    await world.app.get(DemoSeeder).seed();
    const again = await state();
    expect(again.map((t) => [t.counts, t.versions.map((v) => [v.status, v.decisions, v.pdf_sha256])])).toEqual(
      first.map((t) => [t.counts, t.versions.map((v) => [v.status, v.decisions, v.pdf_sha256])]),
    );
  });
});
