import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@rep-hub/platform';
import { NewOrganisation, TenancyService } from '../tenancy.service';
import { DemoSeedSteps } from './demo-seed-steps';
import { demoEmail as email, DemoPartnershipRef, DemoSignIn, moduleSignIns } from './demo-accounts';

export { demoEmail, registerDemoSignIns } from './demo-accounts';
export type { DemoPartnershipRef, DemoSignIn } from './demo-accounts';

/** Every demo account uses this password; demo data exists only in embedded mode or on request. */
export const DEMO_PASSWORD = 'rephub-demo-2026';

interface DemoPartnership {
  slug: string;
  name: string;
  region: string;
  short: string;
  las: { name: string; laNumber: string; gssCode: string; isLead: boolean }[];
  schools: { name: string; urn: string; la: number }[];
  trainingProvider: string;
}

/** Fictional settings in real local authorities (DfE numbers and ONS codes are real). */
const PARTNERSHIPS: DemoPartnership[] = [
  {
    slug: 'demo-north-west',
    name: 'North West Change Programme Partnership (demo)',
    region: 'North West',
    short: 'nw',
    las: [
      { name: 'Manchester', laNumber: '352', gssCode: 'E08000003', isLead: true },
      { name: 'Trafford', laNumber: '358', gssCode: 'E08000009', isLead: false },
    ],
    schools: [
      { name: 'Irk Valley Primary School (demo)', urn: '990101', la: 0 },
      { name: 'Medlock High School (demo)', urn: '990102', la: 0 },
      { name: 'Mersey Bank Academy (demo)', urn: '990103', la: 1 },
    ],
    trainingProvider: 'North West SEND Training Hub (demo)',
  },
  {
    slug: 'demo-south-east',
    name: 'South East Change Programme Partnership (demo)',
    region: 'South East',
    short: 'se',
    las: [
      { name: 'Portsmouth', laNumber: '851', gssCode: 'E06000044', isLead: true },
      { name: 'West Sussex', laNumber: '938', gssCode: 'E10000032', isLead: false },
    ],
    schools: [
      { name: 'Solent View Primary School (demo)', urn: '990201', la: 0 },
      { name: 'Downs Edge Secondary School (demo)', urn: '990202', la: 1 },
      { name: 'Arun Meadows Academy (demo)', urn: '990203', la: 1 },
    ],
    trainingProvider: 'South Coast Inclusion Training (demo)',
  },
];

/** The demo partnerships the core seeds. */
export const demoPartnerships = (): DemoPartnershipRef[] =>
  PARTNERSHIPS.map(({ slug, name, region, short }) => ({ slug, name, region, short }));

/**
 * The demo data of `npm start`: two partnerships, each with two local authorities, schools, a
 * training provider, a parent carer forum, an ICB and a user of every core role (each LA's officer
 * is also its LA admin), plus a platform admin and a National Board member; then each module's demo seed step adds its own.
 * Idempotent: it does nothing when the demo partnerships exist.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly tenancy: TenancyService,
    private readonly steps: DemoSeedSteps,
    private readonly uow: UnitOfWork,
  ) {}

  /** The sign-ins the demo creates (also printed at start and listed in the README). */
  static signIns(): DemoSignIn[] {
    const list: DemoSignIn[] = [
      { role: 'platform_admin', email: email('admin'), partnership: null },
      { role: 'national_board', email: email('board'), partnership: null },
    ];
    for (const p of PARTNERSHIPS) {
      list.push(
        { role: 'partnership_lead', email: email(`${p.short}.lead`), partnership: p.name },
        ...p.las.map((la, i) => ({ role: 'la_officer', email: email(`${p.short}.la${i + 1}`), partnership: p.name })),
        { role: 'setting_staff', email: email(`${p.short}.school`), partnership: p.name },
        ...moduleSignIns(p),
        { role: 'workforce_lead', email: email(`${p.short}.workforce`), partnership: p.name },
        { role: 'data_protection_officer', email: email(`${p.short}.dpo`), partnership: p.name },
        { role: 'icb_member', email: email(`${p.short}.icb`), partnership: p.name },
        { role: 'parent_carer_forum_member', email: email(`${p.short}.forum`), partnership: p.name },
      );
    }
    return list;
  }

  /**
   * The demo partnerships (once), then every module's demo seed step (each idempotent, so a
   * module added later seeds the existing demo too).
   */
  async seed(): Promise<{ created: boolean }> {
    const result = await this.seedPartnerships();
    for (const step of this.steps.all()) await step.seed();
    return result;
  }

  private async seedPartnerships(): Promise<{ created: boolean }> {
    if (await this.tenancy.findTenantBySlug(PARTNERSHIPS[0].slug)) return { created: false };
    await this.tenancy.createUser({
      email: email('admin'),
      displayName: 'Demo platform admin',
      password: DEMO_PASSWORD,
      platformRole: 'platform_admin',
    });
    await this.tenancy.createUser({
      email: email('board'),
      displayName: 'Demo National Board member',
      password: DEMO_PASSWORD,
      platformRole: 'national_board',
    });
    for (const p of PARTNERSHIPS) await this.seedPartnership(p);
    this.logger.log(`Demo data created: ${PARTNERSHIPS.length} partnerships`);
    return { created: true };
  }

  private async seedPartnership(p: DemoPartnership): Promise<void> {
    const tenant = await this.tenancy.createTenant({ slug: p.slug, name: p.name, region: p.region });
    const org = (o: NewOrganisation) => this.tenancy.addOrganisation(tenant.id, o);
    const las = [];
    for (const la of p.las) las.push(await org({ kind: 'local_authority', ...la }));
    const schools = [];
    for (const s of p.schools)
      schools.push(await org({ kind: 'school', name: s.name, urn: s.urn, localAuthorityId: las[s.la].id }));
    await org({ kind: 'training_provider', name: p.trainingProvider });
    const forum = await org({ kind: 'parent_carer_forum', name: `${p.las[0].name} Parent Carer Forum (demo)` });
    const icb = await org({ kind: 'icb', name: `${p.region} Integrated Care Board (demo)` });

    const member = async (local: string, displayName: string, organisationId: string, role: string) => {
      const user = await this.tenancy.createUser({ email: email(local), displayName, password: DEMO_PASSWORD });
      await this.tenancy.addMembership({ tenantId: tenant.id, userId: user.id, organisationId, role });
      return user;
    };
    await member(`${p.short}.lead`, `${p.region} partnership lead (demo)`, las[0].id, 'partnership_lead');
    for (const [i, la] of las.entries()) {
      const officer = await member(`${p.short}.la${i + 1}`, `${la.name} LA officer (demo)`, la.id, 'la_officer');
      // each LA's first officer is also its LA admin: gives the roles that open its children
      await this.tenancy.addMembership({
        tenantId: tenant.id,
        userId: officer.id,
        organisationId: la.id,
        role: 'la_admin',
      });
    }
    await member(`${p.short}.school`, `${schools[0].name} SENCO`, schools[0].id, 'setting_staff');
    // the workforce lead works for the partnership, held in its lead LA (the training provider is a processor)
    await member(`${p.short}.workforce`, `${p.region} workforce lead (demo)`, las[0].id, 'workforce_lead');
    await member(
      `${p.short}.dpo`,
      `${las[0].name} data protection officer (demo)`,
      las[0].id,
      'data_protection_officer',
    );
    await member(`${p.short}.icb`, `${p.region} ICB member (demo)`, icb.id, 'icb_member');
    await member(
      `${p.short}.forum`,
      `${p.las[0].name} parent carer forum member (demo)`,
      forum.id,
      'parent_carer_forum_member',
    );
    await this.seedAgreement(tenant.id, las, `${p.short}.la`);
  }

  /**
   * One data-sharing agreement between the partnership's LAs, confirmed by each LA's officer and
   * in force, granting the lead's pseudonymised partnership view only (so the lead's AP picture
   * has something to show, and no LA officer sees another LA's named pupils).
   */
  private async seedAgreement(tenantId: string, las: { id: string; name: string }[], officer: string): Promise<void> {
    const officers: string[] = [];
    for (const i of las.keys()) officers.push((await this.tenancy.findUserByEmail(email(`${officer}${i + 1}`)))!.id);
    await this.uow.forTenant({ tenantId }, async (m) => {
      const [{ id }] = (await m.query(
        `INSERT INTO data_sharing_agreements (tenant_id, title, purpose, grants_partnership_view, grants_named_pupils, starts_on, status, confirmed_at, recorded_by)
         VALUES ($1, $2, $3, true, false, current_date - 30, 'confirmed', now(), $4) RETURNING id`,
        [
          tenantId,
          `${las.map((l) => l.name).join(' and ')} partnership view (demo)`,
          "The partnership lead's pseudonymised picture of alternative provision across the partnership",
          officers[0],
        ],
      )) as { id: string }[];
      for (const [i, la] of las.entries())
        await m.query(
          `INSERT INTO data_sharing_agreement_parties (tenant_id, agreement_id, la_id, confirmed_at, confirmed_by) VALUES ($1, $2, $3, now(), $4)`,
          [tenantId, id, la.id, officers[i]],
        );
    });
  }
}
