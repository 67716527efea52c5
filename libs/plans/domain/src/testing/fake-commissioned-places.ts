import { Injectable, Module } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import {
  COMMISSIONED_PLACES,
  CommissionedPlacesReader,
  CommissionedPlacesRow,
  ProvidesReadContract,
} from '@rep-hub/contracts';

/**
 * A stand-in for alternative provision's side of the COMMISSIONED_PLACES contract (this module may
 * not import AP): it answers the rows a suite gives it for the caller's own partnership only, as
 * AP's does under RLS. The product suites (test/e2e) read AP's real provider.
 */
@Injectable()
@ProvidesReadContract()
export class FakeCommissionedPlaces implements CommissionedPlacesReader {
  readonly module = 'test-commissioned-places';
  readonly contract = COMMISSIONED_PLACES.name;
  static rows = new Map<string, CommissionedPlacesRow[]>();
  static asked: string[] = [];

  constructor(private readonly auth: AuthContext) {}

  async commissionedPlaces(academicYear: string): Promise<CommissionedPlacesRow[]> {
    FakeCommissionedPlaces.asked.push(academicYear);
    return (FakeCommissionedPlaces.rows.get(this.auth.tenantId) ?? []).filter((r) => r.academicYear === academicYear);
  }
}

@Module({ providers: [FakeCommissionedPlaces] })
export class FakeCommissionedPlacesModule {}
