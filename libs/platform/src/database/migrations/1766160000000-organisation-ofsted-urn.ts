import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An early years setting's Ofsted URN on organisations, beside a school's URN and a provider's
 * UKPRN: `EY` and six digits (the older numbers) or six or seven digits, stored upper-case as
 * libs/reference's validateOfstedUrn normalises it; one organisation per Ofsted URN in a
 * partnership. Which kind needs one is the kind's registration (a module's `ofsted_urn` rule).
 */
export class OrganisationOfstedUrn1766160000000 implements MigrationInterface {
  name = 'OrganisationOfstedUrn1766160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE organisations ADD COLUMN ofsted_urn text CONSTRAINT organisations_ofsted_urn_check CHECK (ofsted_urn ~ '^(EY[0-9]{6}|[0-9]{6,7})$')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX organisations_ofsted_urn_key ON organisations (tenant_id, ofsted_urn) WHERE ofsted_urn IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX organisations_ofsted_urn_key`);
    await q.query(`ALTER TABLE organisations DROP COLUMN ofsted_urn`);
  }
}
