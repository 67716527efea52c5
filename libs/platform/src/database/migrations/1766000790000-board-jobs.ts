import { MigrationInterface, QueryRunner } from 'typeorm';
import { BOARD_ROLE, OWNER_ROLE } from '../roles';
import { NIL_TENANT } from '../rls';

/**
 * The board's way into the transactional outbox (issue 23): a job with no tenant, enqueued in the
 * same transaction as the board's own record that causes it (a board pack asked for).
 *
 * The board role has no privilege in `public` and must keep none (it reads the national schema
 * only), so it cannot write `job_outbox` itself. `national.enqueue_board_job` is its one door:
 * SECURITY DEFINER as the owner, EXECUTE for the board role only, it writes a pending platform
 * row (the nil tenant, as the app role's platform work does) and nothing else: never a tenant's
 * row, never another status. The relay and the runners take it like any platform job.
 */
export class BoardJobs1766000790000 implements MigrationInterface {
  name = 'BoardJobs1766000790000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE FUNCTION national.enqueue_board_job(p_job_name text, p_queue text, p_idempotency_key text,
                                                  p_correlation_id text, p_payload jsonb, p_delay_seconds numeric)
         RETURNS uuid LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
       AS $fn$
         INSERT INTO public.job_outbox (tenant_id, id, job_name, queue, idempotency_key, actor_id, correlation_id, payload, next_attempt_at)
         VALUES ('${NIL_TENANT}'::uuid, gen_random_uuid(), p_job_name, p_queue, p_idempotency_key, NULL, p_correlation_id,
                 coalesce(p_payload, '{}'::jsonb), clock_timestamp() + make_interval(secs => greatest(coalesce(p_delay_seconds, 0), 0)))
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING id
       $fn$`,
      `ALTER FUNCTION national.enqueue_board_job(text, text, text, text, jsonb, numeric) OWNER TO ${OWNER_ROLE}`,
      `REVOKE ALL ON FUNCTION national.enqueue_board_job(text, text, text, text, jsonb, numeric) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION national.enqueue_board_job(text, text, text, text, jsonb, numeric) TO ${BOARD_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION national.enqueue_board_job(text, text, text, text, jsonb, numeric)`);
  }
}
