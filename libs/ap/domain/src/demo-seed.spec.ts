import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { validateUpn } from '@rep-hub/reference';
import { DemoSeeder, TenancyModule } from '@rep-hub/tenancy';
import { ApDemoSeeder, demoUpn } from './demo-seed';

interface Row {
  tenant_id: string;
  upn: string | null;
  looked_after: boolean;
  sen_provision: string;
  setting_id: string | null;
}

describe('the AP demo data, on PostgreSQL as the app role', () => {
  let uow: UnitOfWork;
  let demo: DemoSeeder;
  let ap: ApDemoSeeder;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_DATABASE_URL: db.appUrl });
    const app = await (
      await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config, 'test'), TenancyModule],
        providers: [ApDemoSeeder],
      }).compile()
    ).init();
    uow = app.get(UnitOfWork);
    demo = app.get(DemoSeeder);
    ap = app.get(ApDemoSeeder);
    close = () => app.close();
  });
  afterAll(() => close());

  /** Every demo partnership's pupils and open match requests, seen with all its LAs. */
  async function snapshot() {
    const tenants = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string }[];
    const out: {
      pupils: Row[];
      matches: { status: string }[];
      providers: number;
      cases: { status: string; events: number; placement: string | null }[];
      oversight: { sessions: number; reviews: number; followups: number; recorded: number; alerts: number };
    }[] = [];
    for (const { id } of tenants) {
      const las = (await uow.forTenant({ tenantId: id }, (m) =>
        m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [id]),
      )) as { id: string }[];
      out.push(
        await uow.forTenant({ tenantId: id, laIds: las.map((l) => l.id) }, async (m) => ({
          pupils: (await m.query(
            `SELECT tenant_id, upn, looked_after, sen_provision, setting_id FROM pupils WHERE tenant_id = $1 ORDER BY id`,
            [id],
          )) as Row[],
          matches: (await m.query(`SELECT status FROM pupil_upn_matches WHERE tenant_id = $1`, [id])) as {
            status: string;
          }[],
          providers: (
            (await m.query(`SELECT count(*)::int AS n FROM ap_providers WHERE tenant_id = $1`, [id])) as { n: number }[]
          )[0].n,
          cases: (await m.query(
            `SELECT c.status, (SELECT count(*)::int FROM ap_case_events e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id) AS events,
                    (SELECT pl.status FROM ap_placements pl WHERE pl.tenant_id = c.tenant_id AND pl.case_id = c.id) AS placement
               FROM ap_cases c WHERE c.tenant_id = $1 AND c.family_views LIKE '%(demo).' ORDER BY c.status`,
            [id],
          )) as { status: string; events: number; placement: string | null }[],
          oversight: (
            (await m.query(
              // the demo's own records only (browser suites on this worker's database add cases of their own)
              `WITH demo AS (SELECT id FROM ap_cases WHERE tenant_id = $1 AND family_views LIKE '%(demo).')
             SELECT (SELECT count(*)::int FROM ap_attendance a JOIN ap_placements pl ON pl.tenant_id = a.tenant_id AND pl.id = a.placement_id
                      WHERE a.tenant_id = $1 AND pl.case_id IN (SELECT id FROM demo)) AS sessions,
                    (SELECT count(*)::int FROM ap_reviews WHERE tenant_id = $1 AND status = 'held' AND case_id IN (SELECT id FROM demo)) AS reviews,
                    (SELECT count(*)::int FROM ap_followups WHERE tenant_id = $1 AND case_id IN (SELECT id FROM demo)) AS followups,
                    (SELECT count(*)::int FROM ap_followups WHERE tenant_id = $1 AND outcome = 'held' AND case_id IN (SELECT id FROM demo)) AS recorded,
                    (SELECT count(*)::int FROM ap_alerts WHERE tenant_id = $1 AND kind = 'review_due' AND case_id IN (SELECT id FROM demo)) AS alerts`,
              [id],
            )) as { sessions: number; reviews: number; followups: number; recorded: number; alerts: number }[]
          )[0],
        })),
      );
    }
    return out;
  }

  it('gives each demo LA made-up pupils with valid UPNs, and the demo school one record its LA holds; twice changes nothing', async () => {
    // the core's seeder runs every module's registered step (AP's here); another suite in this
    // worker's database may have seeded it already
    await demo.seed();
    const first = await snapshot();
    expect(first).toHaveLength(2);
    // AP's own demo accounts: each partnership's provider organisation and its manager, listed with the core's sign-ins
    const providerSignIns = DemoSeeder.signIns().filter((s) => s.role === 'ap_provider_staff');
    expect(providerSignIns.map((s) => s.email).sort()).toEqual([
      'nw.provider@demo.rephub.example',
      'se.provider@demo.rephub.example',
    ]);
    const demoTenants = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string }[];
    expect(demoTenants).toHaveLength(2);
    for (const { id: tenantId } of demoTenants) {
      const [{ n }] = (await uow.forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT count(*)::int AS n FROM memberships ms JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id WHERE ms.tenant_id = $1 AND o.kind = 'ap_provider' AND ms.role = 'ap_provider_staff'`,
          [tenantId],
        ),
      )) as { n: number }[];
      expect(n).toBe(1);
    }
    for (const t of first) {
      expect(t.providers).toBeGreaterThan(0);
      expect(t.pupils.length).toBeGreaterThanOrEqual(9);
      for (const p of t.pupils) if (p.upn) expect(validateUpn(p.upn).valid).toBe(true);
      expect(t.pupils.filter((p) => p.looked_after).length).toBeGreaterThanOrEqual(1);
      expect(t.pupils.filter((p) => p.sen_provision === 'E').length).toBeGreaterThanOrEqual(2);
      expect(t.pupils.filter((p) => p.setting_id).length).toBeGreaterThanOrEqual(1);
      expect(t.pupils.some((p) => p.upn === null)).toBe(true);
      expect(t.matches.length).toBeGreaterThanOrEqual(1);
      // a case at each stage, each with its timeline; the active one has its placement
      expect(t.cases.map((c) => c.status)).toEqual([
        'ended',
        'offered',
        'placement_active',
        'referred',
        'screened',
        'triaged',
      ]);
      // the finished placement's register (about nine weeks of weekdays, AM and PM), two held reviews, three follow-ups; the active one's review alert
      expect(t.oversight.sessions).toBeGreaterThan(80);
      // (at least: the API's example suite may record a review or a follow-up on the same demo data)
      expect(t.oversight).toMatchObject({ followups: 3, alerts: 1 });
      expect(t.oversight.reviews).toBeGreaterThanOrEqual(2);
      expect(t.oversight.recorded).toBeGreaterThanOrEqual(1);
      expect(t.cases.every((c) => c.events >= 1)).toBe(true);
      expect(t.cases.find((c) => c.status === 'placement_active')?.placement).toBe('active');
    }
    expect(await ap.seed()).toBe(0);
    await demo.seed();
    expect(await snapshot()).toEqual(first);
  });

  it('makes UPNs DfE’s check accepts', () => {
    expect(demoUpn('352', 1)).toMatch(/^[A-Z]352700012001$/);
    expect(validateUpn(demoUpn('938', 999)).valid).toBe(true);
  });
});
