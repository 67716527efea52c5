import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@rep-hub/platform';
import { computeUpnCheckLetter, validateUpn } from '@rep-hub/reference';
import { DEMO_PASSWORD, demoEmail, demoPartnerships, DemoSeedStep, SeedsDemo, TenancyService } from '@rep-hub/tenancy';
import { DEMO_PROVIDERS } from './demo-accounts';
import type { EntityManager } from 'typeorm';
import { seedDemoCases } from './demo-cases';
import { seedDemoOversight } from './demo-oversight';
import { academicYearOf } from './directory.service';

interface DemoPupil {
  givenName: string;
  familyName: string;
  /** Years and days before today (so the pupil is always of school age). */
  age: [number, number];
  /** The UPN's serial (the UPN is made valid for the LA), or null for an unknown UPN (UN2). */
  serial: number | null;
  senProvision: 'E' | 'K' | 'N';
  needs: string[];
  lookedAfter?: boolean;
  freeSchoolMeals?: boolean;
  safeguardingFlags?: string[];
}

/** Obviously made-up children: the same few in each demo LA, with different UPNs. */
const DEMO_PUPILS: DemoPupil[] = [
  {
    givenName: 'Alex',
    familyName: 'Sample',
    age: [12, 40],
    serial: 1,
    senProvision: 'E',
    needs: ['SEMH', 'SLCN'],
    freeSchoolMeals: true,
    safeguardingFlags: ['early_help'],
  },
  { givenName: 'Billie', familyName: 'Example', age: [14, 200], serial: 2, senProvision: 'K', needs: ['SPLD'] },
  { givenName: 'Casey', familyName: 'Testcase', age: [10, 90], serial: 3, senProvision: 'E', needs: ['ASD'] },
  {
    givenName: 'Drew',
    familyName: 'Placeholder',
    age: [15, 10],
    serial: null,
    senProvision: 'N',
    needs: [],
    freeSchoolMeals: true,
  },
];

/** A valid UPN of the LA (DfE number `la`) for a demo serial: establishment 7000, year 12. */
export function demoUpn(la: string, serial: number): string {
  const body = `${la}700012${String(serial).padStart(3, '0')}`;
  const upn = `${computeUpnCheckLetter(body)}${body}`;
  if (!validateUpn(upn).valid) throw new Error(`demo UPN ${upn} is not valid`);
  return upn;
}

/**
 * The AP directory of the demo partnerships (`npm start`, `npm run db:seed`): each demo AP
 * provider organisation in the directory with in-date checks and places for every LA, and an
 * unregistered tier 1 project whose safeguarding check has expired (so it cannot receive offers).
 * Then a few made-up pupils in each demo LA (EHC plans, SEN support, an unknown UPN, one child
 * looked after in the lead LA) and one pupil recorded by the demo school staff's school with the
 * UPN of a pupil its LA holds, so the LA's officers have a match request to decide.
 * First, each demo partnership's AP provider organisation and the manager who signs in for it.
 * Idempotent: a partnership whose directory has entries keeps it, one with pupils keeps them.
 */
@Injectable()
@SeedsDemo()
export class ApDemoSeeder implements DemoSeedStep {
  readonly module = 'alternative-provision';

  private readonly logger = new Logger('ApDemoSeed');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly tenancy: TenancyService,
  ) {}

  /** Each demo partnership's provider organisation and its staff member, once. */
  private async seedProviderOrganisations(): Promise<void> {
    for (const p of demoPartnerships()) {
      const provider = DEMO_PROVIDERS[p.slug];
      const tenant = await this.tenancy.findTenantBySlug(p.slug);
      if (!provider || !tenant) continue;
      const email = demoEmail(`${p.short}.provider`);
      if (await this.tenancy.findUserByEmail(email)) continue;
      const org = await this.tenancy.addOrganisation(tenant.id, {
        kind: 'ap_provider',
        name: provider.name,
        ukprn: provider.ukprn,
        urn: provider.urn,
      });
      const user = await this.tenancy.createUser({
        email,
        displayName: `${provider.name} manager`,
        password: DEMO_PASSWORD,
      });
      await this.tenancy.addMembership({
        tenantId: tenant.id,
        userId: user.id,
        organisationId: org.id,
        role: 'ap_provider_staff',
      });
    }
  }

  async seed(): Promise<number> {
    await this.seedProviderOrganisations();
    const tenants = (await this.uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string }[];
    let seeded = 0;
    for (const { id: tenantId } of tenants) {
      const done = await this.uow.forTenant({ tenantId }, async (m) => {
        const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM ap_providers WHERE tenant_id = $1`, [
          tenantId,
        ])) as { n: number }[];
        if (n > 0) return false;
        const orgs = (await m.query(
          `SELECT id, kind, name, urn, ukprn FROM organisations WHERE tenant_id = $1 AND kind IN ('ap_provider', 'local_authority') ORDER BY name`,
          [tenantId],
        )) as {
          id: string;
          kind: string;
          name: string;
          urn: string | null;
          ukprn: string | null;
        }[];
        const las = orgs.filter((o) => o.kind === 'local_authority');
        const year = academicYearOf(new Date());
        for (const org of orgs.filter((o) => o.kind === 'ap_provider')) {
          const [p] = (await m.query(
            `INSERT INTO ap_providers (tenant_id, name, provider_type, urn, ukprn, tiers, organisation_id)
             VALUES ($1, $2, $3, $4, $5, ARRAY['tier_1', 'tier_2', 'tier_3'], $6) RETURNING id`,
            [tenantId, org.name, org.urn ? 'ap_academy' : 'independent_school', org.urn, org.ukprn, org.id],
          )) as { id: string }[];
          for (const kind of ['due_diligence', 'safeguarding', 'insurance']) {
            await m.query(
              `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, $3, current_date - 60, current_date + 300)`,
              [tenantId, p.id, kind],
            );
          }
          await m.query(
            `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on, body, outcome)
             VALUES ($1, $2, 'inspection', current_date - 400, current_date + 695, 'Ofsted', 'Good (demo)')`,
            [tenantId, p.id],
          );
          for (const la of las) {
            for (const [tier, places] of [
              ['tier_2', 8],
              ['tier_3', 4],
            ] as const) {
              await m.query(
                `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, $4, $5, $6)`,
                [tenantId, p.id, la.id, tier, year, places],
              );
            }
          }
        }
        const [outreach] = (await m.query(
          `INSERT INTO ap_providers (tenant_id, name, provider_type, tiers) VALUES ($1, 'Riverside Outreach Project (demo)', 'unregistered_provision', ARRAY['tier_1']) RETURNING id`,
          [tenantId],
        )) as { id: string }[];
        await m.query(
          `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'due_diligence', current_date - 100, current_date + 265)`,
          [tenantId, outreach.id],
        );
        await m.query(
          `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'safeguarding', current_date - 400, current_date - 35)`,
          [tenantId, outreach.id],
        );
        await m.query(
          `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'insurance', current_date - 100, current_date + 265)`,
          [tenantId, outreach.id],
        );
        return true;
      });
      const pupils = await this.seedPupils(tenantId);
      const cases = await this.seedCases(tenantId);
      if (done || pupils || cases) seeded++;
    }
    if (seeded) this.logger.log(`AP demo data created for ${seeded} partnerships`);
    return seeded;
  }

  /** The demo cases of one partnership (demo-cases.ts) and their oversight records (demo-oversight.ts), in a unit of work that sees its every LA. */
  private async seedCases(tenantId: string): Promise<boolean> {
    const las = (await this.uow.forTenant({ tenantId }, (m) =>
      m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [tenantId]),
    )) as { id: string }[];
    return this.uow.forTenant({ tenantId, laIds: las.map((la) => la.id) }, async (m) => {
      const cases = await seedDemoCases(m, tenantId);
      const oversight = await seedDemoOversight(m, tenantId);
      return cases || oversight;
    });
  }

  /** The demo pupils of one partnership, unless it has pupils already. */
  private async seedPupils(tenantId: string): Promise<boolean> {
    const orgs = (await this.uow.forTenant({ tenantId }, (m) =>
      m.query(
        `SELECT id, kind, la_number, local_authority_id FROM organisations WHERE tenant_id = $1 AND kind IN ('local_authority', 'school') AND status = 'active' ORDER BY kind, name, id`,
        [tenantId],
      ),
    )) as { id: string; kind: string; la_number: string | null; local_authority_id: string | null }[];
    const las = orgs.filter((o) => o.kind === 'local_authority' && o.la_number);
    const schools = orgs.filter((o) => o.kind === 'school');
    if (!las.length) return false;
    // a unit of work that sees every LA of the partnership (the demo's own set-up, no user)
    return this.uow.forTenant({ tenantId, laIds: las.map((la) => la.id) }, async (m) => {
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM pupils WHERE tenant_id = $1`, [tenantId])) as {
        n: number;
      }[];
      if (n > 0) return false;
      const [lead] = (await m.query(
        `SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' AND is_lead`,
        [tenantId],
      )) as { id: string }[];
      for (const la of las) {
        const school = schools.find((s) => s.local_authority_id === la.id) ?? null;
        for (const p of DEMO_PUPILS) {
          await this.insertPupil(
            m,
            tenantId,
            la.id,
            null,
            school?.id ?? null,
            p,
            p.serial === null ? null : demoUpn(la.la_number!, p.serial),
            la.id === lead?.id && p.givenName === 'Billie',
          );
        }
      }
      // the demo school staff's school (the first demo school, of the lead LA) records a child its LA holds
      const leadLa = las.find((la) => la.id === lead?.id) ?? las[0];
      const [staffed] = (await m.query(
        `SELECT DISTINCT organisation_id AS id FROM memberships WHERE tenant_id = $1 AND role = 'setting_staff' AND status = 'active' ORDER BY 1`,
        [tenantId],
      )) as { id: string }[];
      const ofLead = schools.filter((s) => s.local_authority_id === leadLa.id);
      const school = ofLead.find((s) => s.id === staffed?.id) ?? ofLead[0];
      if (school) {
        const casey = DEMO_PUPILS[2];
        const id = await this.insertPupil(
          m,
          tenantId,
          leadLa.id,
          school.id,
          school.id,
          { ...casey, givenName: 'Kasey' },
          demoUpn(leadLa.la_number!, casey.serial!),
          false,
        );
        await m.query(`SELECT pupil_upn_check($1)`, [id]);
      }
      return true;
    });
  }

  private async insertPupil(
    m: EntityManager,
    tenantId: string,
    laId: string,
    settingId: string | null,
    schoolId: string | null,
    p: DemoPupil,
    upn: string | null,
    lookedAfter: boolean,
  ): Promise<string> {
    const ehc = p.senProvision === 'E';
    const [row] = (await m.query(
      `INSERT INTO pupils (tenant_id, la_id, setting_id, upn, upn_unknown_reason, given_name, family_name, date_of_birth, current_school_id, sen_provision, needs,
                           ehc_caseworker, ehc_next_annual_review, looked_after, free_school_meals, safeguarding_flags, contacts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, (current_date - make_interval(years => $8::int, days => $9::int))::date, $10, $11, $12::text[],
               $13, CASE WHEN $14::boolean THEN current_date + 120 END, $15, $16, $17::text[], $18::jsonb)
       RETURNING id`,
      [
        tenantId,
        laId,
        settingId,
        upn,
        upn ? null : 'UN2',
        p.givenName,
        p.familyName,
        p.age[0],
        p.age[1],
        schoolId,
        p.senProvision,
        p.needs,
        ehc ? 'Demo caseworker' : null,
        ehc,
        lookedAfter,
        p.freeSchoolMeals ?? false,
        p.safeguardingFlags ?? [],
        JSON.stringify([
          {
            name: `Parent of ${p.givenName} (demo)`,
            relationship: 'Parent',
            phone: '0161 496 0000',
            parentalResponsibility: true,
          },
        ]),
      ],
    )) as { id: string }[];
    return row.id;
  }
}
