import { Injectable } from '@nestjs/common';
import { DEMO_PASSWORD, demoEmail, demoPartnerships, DemoSeedStep, SeedsDemo, TenancyService } from '@rep-hub/tenancy';
import { UnitOfWork } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { trainerLocal } from './demo-accounts';
import { addMonths } from './enrolments.service';
import { NATIONAL_PROGRAMMES } from './programmes.reference';
import { EnrolmentStatus } from './workforce.model';
import { WorkforceStore } from './workforce.store';

/** Each demo cohort: its programme, dates, places per LA, and its participants' roles and statuses. */
const COHORTS: {
  code: string;
  name: string;
  intakeYear: number;
  startsOn: string;
  endsOn: string;
  perLa: number;
  role: string;
  setting: 'school' | 'early_years' | null;
  statuses: EnrolmentStatus[];
}[] = [
  {
    code: 'ey_senco_level_3',
    name: 'Early years SENCO level 3, spring 2025',
    intakeYear: 2025,
    startsOn: '2025-01-13',
    endsOn: '2025-05-16',
    perLa: 6,
    role: 'early_years_practitioner',
    setting: 'early_years',
    statuses: ['accredited', 'completed', 'withdrawn'],
  },
  {
    code: 'npq_senco',
    name: 'NPQ for SENCOs, autumn 2025',
    intakeYear: 2025,
    startsOn: '2025-10-06',
    endsOn: '2027-06-30',
    perLa: 5,
    role: 'senco',
    setting: 'school',
    statuses: ['active', 'active', 'deferred'],
  },
  {
    code: 'educational_psychologist',
    name: 'Educational psychologists, 2024 cohort',
    intakeYear: 2024,
    startsOn: '2024-09-02',
    endsOn: '2027-07-31',
    perLa: 2,
    role: 'trainee_educational_psychologist',
    setting: null,
    statuses: ['active', 'enrolled'],
  },
  {
    code: 'supported_internship_job_coach',
    name: 'Supported internship job coaches, autumn 2024',
    intakeYear: 2024,
    startsOn: '2024-10-01',
    endsOn: '2025-03-28',
    perLa: 4,
    role: 'job_coach',
    setting: null,
    statuses: ['completed', 'applied'],
  },
];

const PATH: Record<EnrolmentStatus, EnrolmentStatus[]> = {
  applied: [],
  enrolled: ['enrolled'],
  active: ['enrolled', 'active'],
  deferred: ['enrolled', 'active', 'deferred'],
  withdrawn: ['enrolled', 'withdrawn'],
  completed: ['enrolled', 'active', 'completed'],
  accredited: ['enrolled', 'active', 'completed', 'accredited'],
};
/**
 * The early years settings (kind `early_years`) added to each demo LA, so coverage counts them: a
 * name and how its Ofsted URN is made from the LA's DfE number (an EY number and a seven-digit one).
 */
const EARLY_YEARS_SETTINGS: { name: string; ofstedUrn: (laNumber: string) => string }[] = [
  { name: 'Little Acorns Day Nursery', ofstedUrn: (la) => `EY9${la}01` },
  { name: 'Rainbow Pre-school', ofstedUrn: (la) => `2${la}002` },
  { name: 'Sunflower Nursery', ofstedUrn: (la) => `EY9${la}03` },
];
const NAMES = ['Amina Shah', 'Ben Clarke', 'Chloe Evans', 'Dev Patel', 'Ella Hughes', 'Finn Walsh', 'Grace Obi'];

/**
 * Workforce training's demo: in each demo partnership, a sign-in for the training provider's
 * staff, three early years settings in each LA (with their Ofsted URNs), the four national
 * programmes with a cohort each (places for every LA), and participants enrolled in every status
 * with their milestones and history (early years and school participants at the demo's own
 * settings, so coverage counts them). Idempotent.
 */
@Injectable()
@SeedsDemo()
export class WorkforceDemoSeeder implements DemoSeedStep {
  readonly module = 'workforce';

  constructor(
    private readonly uow: UnitOfWork,
    private readonly tenancy: TenancyService,
  ) {}

  async seed(): Promise<number> {
    let added = 0;
    for (const p of demoPartnerships()) {
      const tenant = await this.tenancy.findTenantBySlug(p.slug);
      if (!tenant) continue;
      const [training] = (await this.uow.forTenant({ tenantId: tenant.id }, (m) =>
        m.query(
          `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'training_provider' ORDER BY name LIMIT 1`,
          [tenant.id],
        ),
      )) as { id: string; name: string }[];
      if (!training) continue;
      const email = demoEmail(trainerLocal(p.short));
      if (!(await this.tenancy.findUserByEmail(email))) {
        const user = await this.tenancy.createUser({
          email,
          displayName: `${training.name} trainer`,
          password: DEMO_PASSWORD,
        });
        await this.tenancy.addMembership({
          tenantId: tenant.id,
          userId: user.id,
          organisationId: training.id,
          role: 'training_provider_staff',
        });
      }
      const las = (await this.uow.forTenant({ tenantId: tenant.id }, (m) =>
        m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY name`, [
          tenant.id,
        ]),
      )) as { id: string; name: string }[];
      added += await this.uow.forTenant({ tenantId: tenant.id }, (m) => seedEarlyYearsSettings(m, tenant.id));
      added += await this.uow.forTenant({ tenantId: tenant.id, laIds: las.map((l) => l.id) }, (m) =>
        this.seedTenant(m, tenant.id, training.id, las, p.short),
      );
    }
    return added;
  }

  private async seedTenant(
    m: EntityManager,
    tenantId: string,
    providerId: string,
    las: { id: string; name: string }[],
    short: string,
  ): Promise<number> {
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM workforce_cohorts WHERE tenant_id = $1`, [
      tenantId,
    ])) as { n: number }[];
    if (n > 0) return 0;
    await WorkforceStore.ensureNational(m, tenantId, NATIONAL_PROGRAMMES.version, NATIONAL_PROGRAMMES.programmes);
    const programmes = await WorkforceStore.programmes(m, tenantId);
    // school participants work in the demo's own schools where it has some, so coverage counts their settings
    const schools = (await m.query(
      `SELECT local_authority_id AS "laId", urn FROM organisations
        WHERE tenant_id = $1 AND kind = 'school' AND urn IS NOT NULL AND status = 'active' ORDER BY name, id`,
      [tenantId],
    )) as { laId: string | null; urn: string }[];
    // early years participants work in the demo's early years settings, so coverage counts those too
    const earlyYears = (await m.query(
      `SELECT local_authority_id AS "laId", ofsted_urn AS urn FROM organisations
        WHERE tenant_id = $1 AND kind = 'early_years' AND ofsted_urn IS NOT NULL AND status = 'active' ORDER BY name, id`,
      [tenantId],
    )) as { laId: string | null; urn: string }[];
    let added = 0;
    let seq = 0;
    for (const c of COHORTS) {
      const programme = programmes.find((x) => x.code === c.code)!;
      const cohortId = await WorkforceStore.insertCohort(m, tenantId, {
        programmeId: programme.id,
        providerId,
        name: c.name,
        intakeYear: c.intakeYear,
        intakeTerm: c.startsOn.slice(5, 7) >= '09' ? 'autumn' : c.startsOn.slice(5, 7) >= '04' ? 'summer' : 'spring',
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        fundedPlaces: c.perLa * las.length + 2,
      });
      for (const la of las) {
        await WorkforceStore.setAllocation(m, tenantId, cohortId, la.id, c.perLa);
        for (const status of c.statuses) {
          seq++;
          const name = NAMES[seq % NAMES.length];
          const tookUp = c.code === 'npq_senco' ? '2025-01-06' : null;
          const participantId = await WorkforceStore.insertParticipant(m, tenantId, {
            laId: la.id,
            recordedByOrgId: providerId,
            fullName: `${name} (demo ${seq})`,
            workEmail: `participant${seq}.${short}@demo.rephub.example`,
            role: c.role,
            settingKind: c.setting,
            settingIdentifier:
              c.setting === 'school'
                ? schoolUrn(schools, la.id, seq)
                : c.setting === 'early_years'
                  ? (settingOfLa(earlyYears, la.id, seq) ?? `EY${990100 + seq}`)
                  : null,
            tookUpPostOn: tookUp,
          });
          const enrolmentId = await WorkforceStore.insertEnrolment(m, tenantId, {
            cohortId,
            participantId,
            laId: la.id,
            providerId,
            qualificationWindowEndsOn:
              programme.qualificationWindowMonths && tookUp
                ? addMonths(tookUp, programme.qualificationWindowMonths)
                : null,
            tieInEndsOn:
              programme.tieInMonths && c.intakeYear >= (programme.tieInFromIntakeYear ?? 0)
                ? addMonths(c.endsOn, programme.tieInMonths)
                : null,
          });
          for (const to of PATH[status])
            await WorkforceStore.moveEnrolment(
              m,
              tenantId,
              enrolmentId,
              to,
              to === 'withdrawn' ? 'Left the post' : null,
            );
          const reached = PATH[status].includes('active') ? ['started'] : [];
          if (PATH[status].includes('completed')) reached.push('completed');
          if (status === 'accredited' && programme.milestones.includes('assessed')) reached.push('assessed');
          for (const milestone of reached.filter((x) => programme.milestones.includes(x as never)))
            await m.query(
              `INSERT INTO workforce_milestones (tenant_id, enrolment_id, milestone, la_id, provider_id, evidence_on)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [tenantId, enrolmentId, milestone, la.id, providerId, milestone === 'started' ? c.startsOn : c.endsOn],
            );
          added++;
        }
      }
    }
    return added;
  }
}

/** A demo school of the LA for a school participant (one in turn), or a made-up URN when the LA has none. */
function schoolUrn(schools: { laId: string | null; urn: string }[], laId: string, seq: number): string {
  const own = schools.filter((s) => s.laId === laId);
  return own.length ? own[seq % own.length].urn : String(990100 + seq);
}

/** A demo setting of the LA (one in turn), or undefined when the LA has none. */
function settingOfLa(settings: { laId: string | null; urn: string }[], laId: string, seq: number): string | undefined {
  const own = settings.filter((s) => s.laId === laId);
  return own.length ? own[seq % own.length].urn : undefined;
}

/** Adds the demo early years settings to each LA of the partnership, once (by Ofsted URN); returns how many it added. */
async function seedEarlyYearsSettings(m: EntityManager, tenantId: string): Promise<number> {
  const las = (await m.query(
    `SELECT id, name, la_number AS "laNumber" FROM organisations
      WHERE tenant_id = $1 AND kind = 'local_authority' AND la_number IS NOT NULL ORDER BY name`,
    [tenantId],
  )) as { id: string; name: string; laNumber: string }[];
  let added = 0;
  for (const la of las)
    for (const setting of EARLY_YEARS_SETTINGS) {
      const rows = (await m.query(
        `INSERT INTO organisations (tenant_id, kind, name, ofsted_urn, local_authority_id)
         VALUES ($1, 'early_years', $2, $3, $4)
         ON CONFLICT (tenant_id, ofsted_urn) WHERE ofsted_urn IS NOT NULL DO NOTHING RETURNING id`,
        [tenantId, `${setting.name}, ${la.name} (demo)`, setting.ofstedUrn(la.laNumber), la.id],
      )) as unknown[];
      added += rows.length;
    }
  return added;
}
