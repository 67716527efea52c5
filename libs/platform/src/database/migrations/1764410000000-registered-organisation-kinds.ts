import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation kinds are registered by the core and by modules (libs/tenancy's RoleRegistry),
 * which the app checks every kind against: the column keeps only the stored format, as
 * memberships.role does. The rule that a module's kind needs an identifier goes with the module
 * (an AP provider's URN or UKPRN is alternative provision's migration 1764410000001).
 */
export class RegisteredOrganisationKinds1764410000000 implements MigrationInterface {
  name = 'RegisteredOrganisationKinds1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`);
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind ~ '^[a-z_]{3,40}$')`);
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_provider_identifier`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`);
    await q.query(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('local_authority', 'school', 'ap_provider', 'icb', 'training_provider', 'parent_carer_forum'))`,
    );
    await q.query(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_provider_identifier CHECK (kind <> 'ap_provider' OR urn IS NOT NULL OR ukprn IS NOT NULL)`,
    );
  }
}
