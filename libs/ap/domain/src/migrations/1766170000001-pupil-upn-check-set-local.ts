import { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteFunction, setConfigAsSetLocal, setLocalAsSetConfig } from '@rep-hub/platform/schema';

/**
 * `pupil_upn_check()` widens `app.la_ids` to the partnership's LAs for its own statement, and puts
 * the caller's back, with `SET LOCAL` rather than `set_config(…, true)` (issue 27): the same in
 * PostgreSQL, but Citus carries `SET LOCAL` to the workers, where the pupils' LA policy reads it
 * (docs/scaling.md, "Many tenants: Citus"). It never changes the tenant: it reads the caller's
 * `app.tenant_id`, and filters every table it reads on that `tenant_id`.
 */
export class PupilUpnCheckSetLocal1766170000001 implements MigrationInterface {
  name = 'PupilUpnCheckSetLocal1766170000001';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'pupil_upn_check(uuid)', setConfigAsSetLocal);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'pupil_upn_check(uuid)', setLocalAsSetConfig);
  }
}
