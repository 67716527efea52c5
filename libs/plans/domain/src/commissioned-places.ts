import { Injectable } from '@nestjs/common';
import { COMMISSIONED_PLACES, ReadContracts } from '@rep-hub/contracts';

/**
 * AP's commissioned places as sufficiency needs them: the places of each LA per AP place type
 * (`ap_tier_1`… from AP's `tier_1`…) for an academic year, read through the COMMISSIONED_PLACES
 * read contract (never AP's tables) in the caller's own unit of work and authorisation. Null when
 * no module of this app provides the contract or the caller may not read it: the figure is then
 * shown as unavailable, never as 0.
 */
@Injectable()
export class CommissionedPlacesSource {
  constructor(private readonly contracts: ReadContracts) {}

  async byLaAndType(academicYear: string): Promise<Map<string, number> | null> {
    const reader = this.contracts.get(COMMISSIONED_PLACES);
    if (!reader) return null;
    let rows;
    try {
      rows = await reader.commissionedPlaces(academicYear);
    } catch (error) {
      if ((error as { status?: number }).status === 403) return null;
      throw error;
    }
    const out = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.laId}|ap_${r.tier}`;
      out.set(key, (out.get(key) ?? 0) + r.places);
    }
    return out;
  }
}
