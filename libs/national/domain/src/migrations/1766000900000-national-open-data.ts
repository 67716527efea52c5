import { MigrationInterface, QueryRunner } from 'typeorm';
import { OPEN_DATA_ROLE } from '@rep-hub/platform/schema';

/**
 * Open data (issue 24): the published releases, for anyone, with no sign-in. The open-data role
 * (`UnitOfWork.forOpenData`, taken for a read-only transaction on the board's connection) may read
 * `national.releases` and `national.release_figures`, which hold only figures controlled for
 * disclosure, and nothing else: not the board's context of a release (ratings, reforms,
 * findings), its packs or its decisions, and no tenant table. No default privilege reaches it, so
 * a table added to the national schema later stays closed to it until a migration says otherwise.
 */
export class NationalOpenData1766000900000 implements MigrationInterface {
  name = 'NationalOpenData1766000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT USAGE ON SCHEMA national TO ${OPEN_DATA_ROLE}`);
    await q.query(`GRANT SELECT ON national.releases, national.release_figures TO ${OPEN_DATA_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT ON national.releases, national.release_figures FROM ${OPEN_DATA_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA national FROM ${OPEN_DATA_ROLE}`);
  }
}
