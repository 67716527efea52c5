import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork, verifyPassword } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { DemoSeeder } from './seed/demo-seed';
import { Organisation } from './entities';
import { TenancyModule } from './tenancy.module';
import { TenancyService } from './tenancy.service';

describe('TenancyService and the demo seed, on PostgreSQL as the app role', () => {
  let tenancy: TenancyService;
  let seeder: DemoSeeder;
  let uow: UnitOfWork;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const db = await workerDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_DATABASE_URL: db.appUrl });
    const app = await (
      await Test.createTestingModule({ imports: [PlatformModule.forRoot(config, 'test'), TenancyModule] }).compile()
    ).init();
    tenancy = app.get(TenancyService);
    seeder = app.get(DemoSeeder);
    uow = app.get(UnitOfWork);
    close = () => app.close();
  });
  afterAll(() => close());

  it('creates the platform admin once and never overwrites it', async () => {
    const email = `Admin.${randomUUID().slice(0, 8)}@Council.example`;
    expect(await tenancy.ensurePlatformAdmin(email, 'the first password')).toBe(true);
    expect(await tenancy.ensurePlatformAdmin(email, 'another password!')).toBe(false);
    const user = await tenancy.findUserByEmail(email);
    expect(user?.platformRole).toBe('platform_admin');
    // the app role reads credentials only through the narrow SECURITY DEFINER function
    await expect(
      uow.forPlatform(null, (m) => m.query(`SELECT password_hash FROM users WHERE id = $1`, [user!.id])),
    ).rejects.toThrow(/permission denied/);
    const [cred] = await uow.forPlatform(null, (m) => m.query(`SELECT * FROM auth_credentials($1)`, [email]));
    expect(cred.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(cred.password_hash, 'the first password')).toBe(true);
  });

  it('seeds two partnerships of two LAs, schools, the other core kinds and every core role, once', async () => {
    await seeder.seed(); // another suite in this worker's database may have seeded it already
    expect((await seeder.seed()).created).toBe(false);
    const nw = await tenancy.findTenantBySlug('demo-north-west');
    const orgs = await tenancy.listOrganisations(nw!.id);
    const kinds = orgs.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'local_authority')).toHaveLength(2);
    // (a module's seed step may add its own kinds, as AP adds its provider: the AP suite checks that)
    expect(kinds).toEqual(expect.arrayContaining(['school', 'icb', 'training_provider', 'parent_carer_forum']));
    expect(orgs.find((o) => o.isLead)?.laNumber).toBe('352');
    const roles = await uow.forPlatform(null, (m) =>
      m.query(`SELECT DISTINCT role FROM memberships WHERE tenant_id = $1 ORDER BY role`, [nw!.id]),
    );
    expect(roles.map((r: { role: string }) => r.role)).toEqual(
      expect.arrayContaining([
        'data_protection_officer',
        'icb_member',
        'la_admin',
        'la_officer',
        'parent_carer_forum_member',
        'partnership_lead',
        'setting_staff',
        'workforce_lead',
      ]),
    );
    // each demo account of the core's roles exists (a module's accounts come with its seed step)
    const core = [
      'platform_admin',
      'national_board',
      'partnership_lead',
      'la_officer',
      'setting_staff',
      'workforce_lead',
      'data_protection_officer',
      'icb_member',
      'parent_carer_forum_member',
    ];
    const accounts = DemoSeeder.signIns().filter((s) => core.includes(s.role));
    expect(accounts).toHaveLength(2 + 2 * 8);
    for (const s of accounts) expect(await tenancy.findUserByEmail(s.email)).not.toBeNull();
  });

  it("lists only the asked tenant's organisations", async () => {
    const se = await tenancy.findTenantBySlug('demo-south-east');
    const nw = await tenancy.findTenantBySlug('demo-north-west');
    const seNames = (await tenancy.listOrganisations(se!.id)).map((o: Organisation) => o.name);
    expect(seNames).toContain('Portsmouth');
    expect(seNames).not.toContain('Manchester');
    expect((await tenancy.listOrganisations(nw!.id, 'local_authority')).map((o) => o.name)).toEqual([
      'Manchester',
      'Trafford',
    ]);
  });

  it('refuses a local authority without its ONS code, writing nothing', async () => {
    const t = await tenancy.createTenant({ slug: `t-${randomUUID().slice(0, 8)}`, name: 'Constraint test' });
    await expect(
      tenancy.addOrganisation(t.id, { kind: 'local_authority', name: 'No codes', laNumber: '352' }),
    ).rejects.toThrow(/organisations_la_identifiers/);
    expect(await tenancy.listOrganisations(t.id)).toEqual([]);
  });
});
