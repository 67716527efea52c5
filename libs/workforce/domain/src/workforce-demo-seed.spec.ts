import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { DemoSeeder, TenancyModule } from '@rep-hub/tenancy';
import { WorkforceDemoSeeder } from './workforce-demo-seed';

/**
 * Workforce training's demo data on PostgreSQL as the app role: in both demo partnerships, the four
 * national programmes with a cohort each and participants in every status with their history, a
 * trainer's sign-in at the training provider, the workforce lead held in the lead LA, and early
 * years settings with Ofsted URNs where the early years participants work; a second run adds
 * nothing.
 */
describe('the workforce demo data', () => {
  let uow: UnitOfWork;
  let demo: DemoSeeder;
  let seeder: WorkforceDemoSeeder;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_DATABASE_URL: db.appUrl });
    const app = await (
      await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config, 'test'), TenancyModule],
        providers: [WorkforceDemoSeeder],
      }).compile()
    ).init();
    uow = app.get(UnitOfWork);
    demo = app.get(DemoSeeder);
    seeder = app.get(WorkforceDemoSeeder);
    close = () => app.close();
  });
  afterAll(() => close());

  it('seeds both demo partnerships once, with every programme, status and sign-in', async () => {
    await demo.seed();
    await seeder.seed();
    expect(await seeder.seed()).toBe(0);
    const tenants = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT id, slug FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string; slug: string }[];
    expect(tenants).toHaveLength(2);
    for (const t of tenants) {
      const las = (await uow.forTenant({ tenantId: t.id }, (m) =>
        m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [t.id]),
      )) as { id: string }[];
      const [row] = (await uow.forTenant({ tenantId: t.id, laIds: las.map((l) => l.id) }, (m) =>
        m.query(
          `SELECT (SELECT array_agg(DISTINCT p.code ORDER BY p.code) FROM workforce_cohorts c
                     JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id WHERE c.tenant_id = $1) AS codes,
                  (SELECT array_agg(DISTINCT status ORDER BY status) FROM workforce_enrolments WHERE tenant_id = $1) AS statuses,
                  (SELECT count(DISTINCT la_id)::int FROM workforce_participants WHERE tenant_id = $1) AS las,
                  (SELECT count(*)::int FROM workforce_enrolment_events WHERE tenant_id = $1) AS events,
                  (SELECT count(*)::int FROM workforce_enrolments WHERE tenant_id = $1) AS enrolments,
                  (SELECT count(*)::int FROM workforce_milestones WHERE tenant_id = $1) AS milestones,
                  (SELECT bool_and(a.places_filled <= a.places) FROM workforce_allocations a WHERE a.tenant_id = $1) AS within,
                  (SELECT count(*)::int FROM memberships m JOIN organisations o ON o.tenant_id = m.tenant_id AND o.id = m.organisation_id
                     WHERE m.tenant_id = $1 AND m.role = 'training_provider_staff' AND o.kind = 'training_provider') AS trainers,
                  (SELECT bool_and(o.is_lead) FROM memberships m JOIN organisations o ON o.tenant_id = m.tenant_id AND o.id = m.organisation_id
                     WHERE m.tenant_id = $1 AND m.role = 'workforce_lead') AS lead_in_lead_la`,
          [t.id],
        ),
      )) as Record<string, unknown>[];
      expect(row).toMatchObject({
        codes: ['educational_psychologist', 'ey_senco_level_3', 'npq_senco', 'supported_internship_job_coach'],
        statuses: ['accredited', 'active', 'applied', 'completed', 'deferred', 'enrolled', 'withdrawn'],
        las: 2,
        within: true,
        trainers: 1,
        lead_in_lead_la: true,
      });
      expect(row['events'] as number).toBeGreaterThan(row['enrolments'] as number);
      // three early years settings per LA, each with an Ofsted URN, where the early years participants work
      const [ey] = (await uow.forTenant({ tenantId: t.id, laIds: las.map((l) => l.id) }, (m) =>
        m.query(
          `SELECT (SELECT count(*)::int FROM organisations WHERE tenant_id = $1 AND kind = 'early_years'
                     AND ofsted_urn ~ '^(EY[0-9]{6}|[0-9]{6,7})$' AND local_authority_id IS NOT NULL) AS settings,
                  (SELECT count(*)::int FROM workforce_participants w WHERE w.tenant_id = $1 AND w.setting_kind = 'early_years') AS participants,
                  (SELECT count(*)::int FROM workforce_participants w WHERE w.tenant_id = $1 AND w.setting_kind = 'early_years'
                     AND EXISTS (SELECT 1 FROM organisations o WHERE o.tenant_id = w.tenant_id AND o.kind = 'early_years'
                                   AND o.ofsted_urn = w.setting_identifier AND o.local_authority_id = w.la_id)) AS at_known,
                  (SELECT count(DISTINCT w.setting_identifier)::int FROM workforce_participants w
                     WHERE w.tenant_id = $1 AND w.setting_kind = 'early_years') AS distinct_settings`,
          [t.id],
        ),
      )) as { settings: number; participants: number; at_known: number; distinct_settings: number }[];
      expect(ey.settings).toBe(3 * las.length);
      expect(ey.participants).toBeGreaterThan(0);
      expect(ey.at_known).toBe(ey.participants);
      expect(ey.distinct_settings).toBeGreaterThan(las.length);
      expect(row['milestones'] as number).toBeGreaterThan(0);
    }
  });
});
