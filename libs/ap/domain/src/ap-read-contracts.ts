import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import {
  COMMISSIONED_PLACES,
  CommissionedPlacesReader,
  CommissionedPlacesRow,
  ProvidesReadContract,
} from '@rep-hub/contracts';

/**
 * The places each LA commissions from AP providers, as the commissioned-places read contract
 * (libs/contracts) gives them to other modules (local inclusion plans' sufficiency): in the
 * caller's own unit of work, for whoever may read the AP directory.
 */
@Injectable()
@ProvidesReadContract()
export class ApCommissionedPlaces implements CommissionedPlacesReader {
  readonly module = 'alternative-provision';
  readonly contract = COMMISSIONED_PLACES.name;

  constructor(private readonly auth: AuthContext) {}

  commissionedPlaces(academicYear: string): Promise<CommissionedPlacesRow[]> {
    if (!this.auth.ability.can('read', 'ApProvider'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    return this.auth.inTenant(async (m) => {
      const rows = (await m.query(
        `SELECT c.la_id, la.name AS la_name, c.provider_id, p.name AS provider_name, c.tier, c.academic_year, c.places
           FROM ap_commissioned_places c
           JOIN ap_providers p ON p.tenant_id = c.tenant_id AND p.id = c.provider_id
           JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
          WHERE c.tenant_id = $1 AND c.academic_year = $2
          ORDER BY la.name, p.name, c.tier`,
        [this.auth.tenantId, academicYear],
      )) as {
        la_id: string;
        la_name: string;
        provider_id: string;
        provider_name: string;
        tier: string;
        academic_year: string;
        places: number;
      }[];
      return rows.map((r) => ({
        laId: r.la_id,
        laName: r.la_name,
        providerId: r.provider_id,
        providerName: r.provider_name,
        tier: r.tier,
        academicYear: r.academic_year,
        places: r.places,
      }));
    });
  }
}
