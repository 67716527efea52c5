import { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteFunction, setConfigAsSetLocal, setLocalAsSetConfig } from '../set-local';

/**
 * `principal_context()` sets the tenant for its own statement with `SET LOCAL` rather than
 * `set_config(…, true)` (issue 27): the same in PostgreSQL, but Citus carries `SET LOCAL` to the
 * workers, where the policies of the distributed tables it reads (organisations, the agreements,
 * a module's extension tables) need the tenant (docs/scaling.md, "Many tenants: Citus"). Every
 * table it reads it also filters on `tenant_id = p_tenant`, so Citus routes each read to the
 * tenant's node without the setting; the setting is what RLS checks there.
 */
export class PrincipalContextSetLocal1766170000000 implements MigrationInterface {
  name = 'PrincipalContextSetLocal1766170000000';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'principal_context(uuid, uuid, uuid)', setConfigAsSetLocal);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'principal_context(uuid, uuid, uuid)', setLocalAsSetConfig);
  }
}
