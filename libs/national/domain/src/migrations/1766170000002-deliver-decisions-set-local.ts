import { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteFunction, setConfigAsSetLocal, setLocalAsSetConfig } from '@rep-hub/platform/schema';

/**
 * `national.deliver_decisions()` writes each partnership's row under that partnership's tenant,
 * and puts the caller's setting back, with `SET LOCAL` rather than `set_config(…, true)`
 * (issue 27): the same in PostgreSQL, but Citus carries `SET LOCAL` to the workers, where the
 * policy of `board_decisions_received` reads it (docs/scaling.md, "Many tenants: Citus"). Each
 * insert names its `tenant_id`, so it routes to that partnership's node.
 */
export class DeliverDecisionsSetLocal1766170000002 implements MigrationInterface {
  name = 'DeliverDecisionsSetLocal1766170000002';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'national.deliver_decisions(uuid)', setConfigAsSetLocal);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, 'national.deliver_decisions(uuid)', setLocalAsSetConfig);
  }
}
