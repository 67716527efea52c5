import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@rep-hub/platform';
import { academicYearOf } from './directory.service';

/**
 * The AP directory of the demo partnerships (`npm start`, `npm run db:seed`): each demo AP
 * provider organisation in the directory with in-date checks and places for every LA, and an
 * unregistered tier 1 project whose safeguarding check has expired (so it cannot receive offers).
 * Idempotent: a partnership whose directory has entries is left alone.
 */
@Injectable()
export class ApDemoSeeder {
  private readonly logger = new Logger('ApDemoSeed');

  constructor(private readonly uow: UnitOfWork) {}

  async seed(): Promise<number> {
    const tenants = (await this.uow.forPlatform(null, (m) => m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`))) as { id: string }[];
    let seeded = 0;
    for (const { id: tenantId } of tenants) {
      const done = await this.uow.forTenant({ tenantId }, async (m) => {
        const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM ap_providers WHERE tenant_id = $1`, [tenantId])) as { n: number }[];
        if (n > 0) return false;
        const orgs = (await m.query(`SELECT id, kind, name, urn, ukprn FROM organisations WHERE tenant_id = $1 AND kind IN ('ap_provider', 'local_authority') ORDER BY name`, [tenantId])) as {
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
            await m.query(`INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, $3, current_date - 60, current_date + 300)`, [tenantId, p.id, kind]);
          }
          await m.query(
            `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on, body, outcome)
             VALUES ($1, $2, 'inspection', current_date - 400, current_date + 695, 'Ofsted', 'Good (demo)')`,
            [tenantId, p.id],
          );
          for (const la of las) {
            for (const [tier, places] of [['tier_2', 8], ['tier_3', 4]] as const) {
              await m.query(`INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, $4, $5, $6)`, [tenantId, p.id, la.id, tier, year, places]);
            }
          }
        }
        const [outreach] = (await m.query(
          `INSERT INTO ap_providers (tenant_id, name, provider_type, tiers) VALUES ($1, 'Riverside Outreach Project (demo)', 'unregistered_provision', ARRAY['tier_1']) RETURNING id`,
          [tenantId],
        )) as { id: string }[];
        await m.query(`INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'due_diligence', current_date - 100, current_date + 265)`, [tenantId, outreach.id]);
        await m.query(`INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'safeguarding', current_date - 400, current_date - 35)`, [tenantId, outreach.id]);
        await m.query(`INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, 'insurance', current_date - 100, current_date + 265)`, [tenantId, outreach.id]);
        return true;
      });
      if (done) seeded++;
    }
    if (seeded) this.logger.log(`AP directory demo data created for ${seeded} partnerships`);
    return seeded;
  }
}
