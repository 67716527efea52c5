import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An AP provider organisation has a URN or a UKPRN: the rule of the organisation kind that
 * alternative provision registers (ApRoles), kept beside it now that the platform's column keeps
 * only the format of a kind (1764410000000 dropped the platform's copy of this CHECK).
 */
export class ApProviderIdentifier1764410000001 implements MigrationInterface {
  name = 'ApProviderIdentifier1764410000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE organisations ADD CONSTRAINT organisations_provider_identifier CHECK (kind <> 'ap_provider' OR urn IS NOT NULL OR ukprn IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_provider_identifier`);
  }
}
